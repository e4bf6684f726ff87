-- Values a python task pushed with ti.xcom_push under keys other than return_value, by key
-- (JSON, at most 64 KiB together): read downstream with ti.xcom_pull(task_ids=..., key=...).
-- Null when nothing was pushed; a clear resets it with the output.
ALTER TABLE "task_instance" ADD COLUMN "xcom" JSONB;
