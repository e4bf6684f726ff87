-- When the worker received each line of a chunk (one entry per line, in order). Chunks written
-- before this column existed have none; readers fall back to the chunk's createdAt.
ALTER TABLE "log_chunk" ADD COLUMN "lineTimes" TIMESTAMPTZ(3)[] NOT NULL DEFAULT '{}';
