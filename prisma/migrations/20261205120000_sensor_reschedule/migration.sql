-- Sensors in mode reschedule free their worker slot between pokes: the instance waits
-- up_for_reschedule until its next poke is due (nextRetryAt), and the next poke continues the
-- same try and attempt. `rescheduled` marks a queued poke that continues its try;
-- `sensorStartedAt` is the first poke since the last clear, from which `timeout` counts.
ALTER TABLE "task_instance" ADD COLUMN "rescheduled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "sensorStartedAt" TIMESTAMPTZ(3);

ALTER TABLE "task_instance" DROP CONSTRAINT "task_instance_state_check";
ALTER TABLE "task_instance" ADD CONSTRAINT "task_instance_state_check"
  CHECK ("state" IN ('none', 'scheduled', 'queued', 'running', 'success', 'failed',
                     'up_for_retry', 'up_for_reschedule', 'upstream_failed', 'skipped', 'removed'));

ALTER TABLE "task_attempt" DROP CONSTRAINT "task_attempt_state_check";
ALTER TABLE "task_attempt" ADD CONSTRAINT "task_attempt_state_check"
  CHECK ("state" IN ('running', 'success', 'failed', 'up_for_retry', 'up_for_reschedule', 'skipped'));
