-- Fair share between workspaces: a running-task quota and a daily log budget per workspace,
-- and the day's log usage the budget is checked against.

-- AlterTable
ALTER TABLE "workspace" ADD COLUMN     "logBytesPerDay" BIGINT NOT NULL DEFAULT 1073741824,
ADD COLUMN     "maxRunningTasks" INTEGER NOT NULL DEFAULT 32;

-- CreateTable
CREATE TABLE "workspace_log_usage" (
    "workspaceId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "bytes" BIGINT NOT NULL,

    CONSTRAINT "workspace_log_usage_pkey" PRIMARY KEY ("workspaceId","day")
);

-- AddForeignKey
ALTER TABLE "workspace_log_usage" ADD CONSTRAINT "workspace_log_usage_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "workspace" ADD CONSTRAINT "workspace_maxRunningTasks_check" CHECK ("maxRunningTasks" > 0);
ALTER TABLE "workspace" ADD CONSTRAINT "workspace_logBytesPerDay_check" CHECK ("logBytesPerDay" > 0);
ALTER TABLE "workspace_log_usage" ADD CONSTRAINT "workspace_log_usage_bytes_check" CHECK ("bytes" >= 0);
