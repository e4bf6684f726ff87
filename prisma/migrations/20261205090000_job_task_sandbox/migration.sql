-- How each worker runs task processes, for /status and the health check.
ALTER TABLE "job" ADD COLUMN "taskSandbox" TEXT,
ADD COLUMN "taskSandboxSummary" TEXT;

ALTER TABLE "job" ADD CONSTRAINT "job_taskSandbox_check" CHECK ("taskSandbox" IN ('bwrap', 'none'));
