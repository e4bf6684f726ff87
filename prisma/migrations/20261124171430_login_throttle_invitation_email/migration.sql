-- DropIndex
DROP INDEX "dag_run_dagPk_state_idx";

-- AlterTable
ALTER TABLE "invitation" ADD COLUMN     "emailedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "login_throttle" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "failures" INTEGER NOT NULL,

    CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "login_throttle_windowStart_idx" ON "login_throttle"("windowStart");

-- CreateIndex
CREATE INDEX "dag_run_dagPk_state_logicalDate_idx" ON "dag_run"("dagPk", "state", "logicalDate");

ALTER TABLE "login_throttle" ADD CONSTRAINT "login_throttle_failures_check" CHECK ("failures" >= 0);
