-- Every state change of a task instance is a non-HOT update: each of its indexes gets a new
-- entry. Two indexes led with `state` for one query each: zombie detection (running instances
-- by heartbeat) and none (retries are found by planning a run's instances). A partial index on
-- running instances' heartbeats serves zombie detection, and an instance that is not running
-- adds no entry to it: a task's end writes three index entries instead of five.
DROP INDEX "task_instance_state_heartbeatAt_idx";
DROP INDEX "task_instance_state_nextRetryAt_idx";
CREATE INDEX "task_instance_heartbeatAt_idx" ON "task_instance"("heartbeatAt") WHERE "state" = 'running';

-- An attempt's end changes no indexed column: with room left in its page the update is HOT
-- (no index entries at all). Attempts are inserted and then updated once or twice.
ALTER TABLE "task_attempt" SET (fillfactor = 80);
