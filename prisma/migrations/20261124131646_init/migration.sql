-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT,
    "emailVerified" TIMESTAMPTZ(3),
    "image" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "sessionToken" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_token" (
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "verification_token_pkey" PRIMARY KEY ("identifier","token")
);

-- CreateTable
CREATE TABLE "workspace" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connection" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "connId" TEXT NOT NULL,
    "connType" TEXT NOT NULL,
    "description" TEXT,
    "host" TEXT,
    "port" INTEGER,
    "login" TEXT,
    "schema" TEXT,
    "passwordEncrypted" TEXT,
    "extraEncrypted" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "variable" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "valueEncrypted" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "variable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pool" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slots" INTEGER NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dag" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "dagId" TEXT NOT NULL,
    "isPaused" BOOLEAN NOT NULL DEFAULT true,
    "currentVersionId" TEXT,
    "description" TEXT,
    "schedule" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "owner" TEXT,
    "nextDagrunLogicalDate" TIMESTAMPTZ(3),
    "nextDagrunDataIntervalStart" TIMESTAMPTZ(3),
    "nextDagrunDataIntervalEnd" TIMESTAMPTZ(3),
    "nextDagrunCreateAfter" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dag_version" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "dagPk" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "sourceText" TEXT NOT NULL,
    "sourceFormat" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dag_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dag_run" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "dagPk" TEXT NOT NULL,
    "dagVersionId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "runType" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "logicalDate" TIMESTAMPTZ(3) NOT NULL,
    "dataIntervalStart" TIMESTAMPTZ(3) NOT NULL,
    "dataIntervalEnd" TIMESTAMPTZ(3) NOT NULL,
    "runAfter" TIMESTAMPTZ(3) NOT NULL,
    "conf" JSONB NOT NULL DEFAULT '{}',
    "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startDate" TIMESTAMPTZ(3),
    "endDate" TIMESTAMPTZ(3),
    "triggeredById" TEXT,
    "backfillId" TEXT,
    "clearNumber" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dag_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_instance" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "dagRunId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "taskType" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'none',
    "tryNumber" INTEGER NOT NULL DEFAULT 0,
    "maxTries" INTEGER NOT NULL DEFAULT 1,
    "pool" TEXT NOT NULL DEFAULT 'default_pool',
    "poolSlots" INTEGER NOT NULL DEFAULT 1,
    "queuedAt" TIMESTAMPTZ(3),
    "startDate" TIMESTAMPTZ(3),
    "endDate" TIMESTAMPTZ(3),
    "duration" DOUBLE PRECISION,
    "hostname" TEXT,
    "pid" INTEGER,
    "heartbeatAt" TIMESTAMPTZ(3),
    "nextRetryAt" TIMESTAMPTZ(3),
    "renderedFields" JSONB,
    "output" JSONB,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "task_instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_attempt" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "taskInstanceId" TEXT NOT NULL,
    "tryNumber" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'running',
    "startDate" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endDate" TIMESTAMPTZ(3),
    "hostname" TEXT,
    "pid" INTEGER,
    "exitCode" INTEGER,
    "errorMessage" TEXT,
    "logBytes" INTEGER NOT NULL DEFAULT 0,
    "logTruncated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "task_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_chunk" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "stream" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_chunk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backfill" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "dagPk" TEXT NOT NULL,
    "fromDate" TIMESTAMPTZ(3) NOT NULL,
    "toDate" TIMESTAMPTZ(3) NOT NULL,
    "reprocessBehavior" TEXT NOT NULL DEFAULT 'none',
    "maxActiveRuns" INTEGER NOT NULL DEFAULT 10,
    "runBackwards" BOOLEAN NOT NULL DEFAULT false,
    "conf" JSONB NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'running',
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "backfill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job" (
    "id" TEXT NOT NULL,
    "jobType" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'running',
    "startDate" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endDate" TIMESTAMPTZ(3),
    "latestHeartbeat" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE INDEX "account_userId_idx" ON "account"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "account_provider_providerAccountId_key" ON "account"("provider", "providerAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "session_sessionToken_key" ON "session"("sessionToken");

-- CreateIndex
CREATE INDEX "session_userId_idx" ON "session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "workspace_slug_key" ON "workspace"("slug");

-- CreateIndex
CREATE INDEX "membership_userId_idx" ON "membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "membership_workspaceId_userId_key" ON "membership"("workspaceId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_tokenHash_key" ON "api_token"("tokenHash");

-- CreateIndex
CREATE INDEX "api_token_workspaceId_idx" ON "api_token"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "connection_workspaceId_connId_key" ON "connection"("workspaceId", "connId");

-- CreateIndex
CREATE UNIQUE INDEX "variable_workspaceId_key_key" ON "variable"("workspaceId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "pool_workspaceId_name_key" ON "pool"("workspaceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "dag_currentVersionId_key" ON "dag"("currentVersionId");

-- CreateIndex
CREATE INDEX "dag_workspaceId_isPaused_idx" ON "dag"("workspaceId", "isPaused");

-- CreateIndex
CREATE UNIQUE INDEX "dag_workspaceId_dagId_key" ON "dag"("workspaceId", "dagId");

-- CreateIndex
CREATE INDEX "dag_version_dagPk_contentHash_idx" ON "dag_version"("dagPk", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "dag_version_dagPk_version_key" ON "dag_version"("dagPk", "version");

-- CreateIndex
CREATE INDEX "dag_run_workspaceId_state_idx" ON "dag_run"("workspaceId", "state");

-- CreateIndex
CREATE INDEX "dag_run_dagPk_state_idx" ON "dag_run"("dagPk", "state");

-- CreateIndex
CREATE UNIQUE INDEX "dag_run_dagPk_logicalDate_key" ON "dag_run"("dagPk", "logicalDate");

-- CreateIndex
CREATE UNIQUE INDEX "dag_run_dagPk_runId_key" ON "dag_run"("dagPk", "runId");

-- CreateIndex
CREATE INDEX "task_instance_workspaceId_state_idx" ON "task_instance"("workspaceId", "state");

-- CreateIndex
CREATE INDEX "task_instance_state_heartbeatAt_idx" ON "task_instance"("state", "heartbeatAt");

-- CreateIndex
CREATE INDEX "task_instance_state_nextRetryAt_idx" ON "task_instance"("state", "nextRetryAt");

-- CreateIndex
CREATE UNIQUE INDEX "task_instance_dagRunId_taskId_key" ON "task_instance"("dagRunId", "taskId");

-- CreateIndex
CREATE UNIQUE INDEX "task_attempt_taskInstanceId_tryNumber_key" ON "task_attempt"("taskInstanceId", "tryNumber");

-- CreateIndex
CREATE UNIQUE INDEX "log_chunk_attemptId_seq_key" ON "log_chunk"("attemptId", "seq");

-- CreateIndex
CREATE INDEX "backfill_workspaceId_state_idx" ON "backfill"("workspaceId", "state");

-- CreateIndex
CREATE INDEX "audit_log_workspaceId_createdAt_idx" ON "audit_log"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "job_jobType_state_latestHeartbeat_idx" ON "job"("jobType", "state", "latestHeartbeat");

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connection" ADD CONSTRAINT "connection_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "variable" ADD CONSTRAINT "variable_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool" ADD CONSTRAINT "pool_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dag" ADD CONSTRAINT "dag_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dag" ADD CONSTRAINT "dag_currentVersionId_fkey" FOREIGN KEY ("currentVersionId") REFERENCES "dag_version"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dag_version" ADD CONSTRAINT "dag_version_dagPk_fkey" FOREIGN KEY ("dagPk") REFERENCES "dag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dag_run" ADD CONSTRAINT "dag_run_dagPk_fkey" FOREIGN KEY ("dagPk") REFERENCES "dag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dag_run" ADD CONSTRAINT "dag_run_dagVersionId_fkey" FOREIGN KEY ("dagVersionId") REFERENCES "dag_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dag_run" ADD CONSTRAINT "dag_run_backfillId_fkey" FOREIGN KEY ("backfillId") REFERENCES "backfill"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_instance" ADD CONSTRAINT "task_instance_dagRunId_fkey" FOREIGN KEY ("dagRunId") REFERENCES "dag_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_attempt" ADD CONSTRAINT "task_attempt_taskInstanceId_fkey" FOREIGN KEY ("taskInstanceId") REFERENCES "task_instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "log_chunk" ADD CONSTRAINT "log_chunk_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "task_attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backfill" ADD CONSTRAINT "backfill_dagPk_fkey" FOREIGN KEY ("dagPk") REFERENCES "dag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- States, roles and kinds are text columns; these constraints make a bad value fail in the
-- database, whichever process writes it.
ALTER TABLE "membership" ADD CONSTRAINT "membership_role_check"
  CHECK ("role" IN ('owner', 'admin', 'editor', 'viewer'));
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_role_check"
  CHECK ("role" IN ('owner', 'admin', 'editor', 'viewer'));
ALTER TABLE "pool" ADD CONSTRAINT "pool_slots_check" CHECK ("slots" >= 0);
ALTER TABLE "dag_version" ADD CONSTRAINT "dag_version_source_format_check"
  CHECK ("sourceFormat" IN ('yaml', 'json'));
ALTER TABLE "dag_version" ADD CONSTRAINT "dag_version_version_check" CHECK ("version" >= 1);
ALTER TABLE "dag_run" ADD CONSTRAINT "dag_run_state_check"
  CHECK ("state" IN ('queued', 'running', 'success', 'failed'));
ALTER TABLE "dag_run" ADD CONSTRAINT "dag_run_run_type_check"
  CHECK ("runType" IN ('scheduled', 'manual', 'backfill'));
ALTER TABLE "dag_run" ADD CONSTRAINT "dag_run_data_interval_check"
  CHECK ("dataIntervalStart" <= "dataIntervalEnd");
ALTER TABLE "task_instance" ADD CONSTRAINT "task_instance_state_check"
  CHECK ("state" IN ('none', 'scheduled', 'queued', 'running', 'success', 'failed',
                     'up_for_retry', 'upstream_failed', 'skipped', 'removed'));
ALTER TABLE "task_instance" ADD CONSTRAINT "task_instance_tries_check"
  CHECK ("tryNumber" >= 0 AND "maxTries" >= 1 AND "poolSlots" >= 1);
ALTER TABLE "task_attempt" ADD CONSTRAINT "task_attempt_state_check"
  CHECK ("state" IN ('running', 'success', 'failed', 'up_for_retry'));
ALTER TABLE "log_chunk" ADD CONSTRAINT "log_chunk_stream_check"
  CHECK ("stream" IN ('stdout', 'stderr', 'system'));
ALTER TABLE "backfill" ADD CONSTRAINT "backfill_reprocess_behavior_check"
  CHECK ("reprocessBehavior" IN ('none', 'failed', 'completed'));
ALTER TABLE "backfill" ADD CONSTRAINT "backfill_state_check"
  CHECK ("state" IN ('running', 'paused', 'completed', 'cancelled'));
ALTER TABLE "backfill" ADD CONSTRAINT "backfill_range_check" CHECK ("fromDate" <= "toDate");
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_type_check"
  CHECK ("actorType" IN ('user', 'token', 'system'));
ALTER TABLE "job" ADD CONSTRAINT "job_type_check" CHECK ("jobType" IN ('scheduler', 'worker'));
ALTER TABLE "job" ADD CONSTRAINT "job_state_check" CHECK ("state" IN ('running', 'stopped'));
