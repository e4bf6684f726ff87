-- AlterTable
ALTER TABLE "dag" ADD COLUMN     "maxActiveRuns" INTEGER NOT NULL DEFAULT 16,
ADD COLUMN     "maxActiveTasks" INTEGER NOT NULL DEFAULT 16;

-- An attempt can end with the task skipping itself (bash exit code 99, a sensor's soft fail).
ALTER TABLE "task_attempt" DROP CONSTRAINT "task_attempt_state_check";
ALTER TABLE "task_attempt" ADD CONSTRAINT "task_attempt_state_check"
  CHECK ("state" IN ('running', 'success', 'failed', 'up_for_retry', 'skipped'));
