-- Alerting, incidents and post-mortems.

-- One row per state change of a task instance or run, written in the same statement or
-- transaction as the change itself (server/services/state-events). `txid` lets the alert relay
-- read only rows whose transactions have all committed, in commit-safe order, without updating them.
CREATE TABLE "state_change_event" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "txid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "workspaceId" TEXT NOT NULL,
    "dagRunId" TEXT NOT NULL,
    "taskInstanceId" TEXT,
    "tryNumber" INTEGER,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    -- Who, for a user's action (a mark, a clear): the actor's label as the audit log prints it.
    "actor" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT "state_change_event_dagRunId_fkey" FOREIGN KEY ("dagRunId") REFERENCES "dag_run"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "state_change_event_txid_id_idx" ON "state_change_event"("txid", "id");
CREATE INDEX "state_change_event_dagRunId_idx" ON "state_change_event"("dagRunId");
CREATE INDEX "state_change_event_taskInstanceId_idx" ON "state_change_event"("taskInstanceId");

-- Where the alert relay has read the event stream up to (one row).
CREATE TABLE "alert_relay_cursor" (
    "id" INTEGER NOT NULL PRIMARY KEY DEFAULT 1,
    "txid" xid8 NOT NULL DEFAULT '0'::xid8,
    "eventId" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "alert_relay_cursor_single_row" CHECK ("id" = 1)
);
INSERT INTO "alert_relay_cursor" ("id") VALUES (1);

-- A workspace's alert channel. `config` holds what may be shown (channel, recipients, URL
-- host); the secret part (a token, a webhook URL, a signing secret, a routing key) is encrypted.
CREATE TABLE "alert_channel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secretEncrypted" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "isPaused" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "alert_channel_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "alert_channel_type_check" CHECK ("type" IN ('slack', 'slack_webhook', 'email', 'webhook', 'pagerduty'))
);
CREATE UNIQUE INDEX "alert_channel_workspaceId_name_key" ON "alert_channel"("workspaceId", "name");

-- An incident: the failures of one DAG from the first until the next successful run.
CREATE TABLE "incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "dagPk" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedById" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedById" TEXT,
    "failureCount" INTEGER NOT NULL DEFAULT 0,
    "firstDagRunId" TEXT,
    "resolvingDagRunId" TEXT,
    "postmortemRequired" BOOLEAN NOT NULL DEFAULT false,
    -- The DAG's id while the incident is unresolved, NULL after: one unresolved incident per DAG (key workspace:dag).
    "openKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "incident_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "incident_dagPk_fkey" FOREIGN KEY ("dagPk") REFERENCES "dag"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "incident_state_check" CHECK ("state" IN ('open', 'acknowledged', 'resolved'))
);
CREATE INDEX "incident_workspaceId_openedAt_idx" ON "incident"("workspaceId", "openedAt");
CREATE INDEX "incident_dagPk_openedAt_idx" ON "incident"("dagPk", "openedAt");
CREATE UNIQUE INDEX "incident_openKey_key" ON "incident"("openKey");

-- One alert to one target: a pg-boss job sends it; this row records how that went. The target
-- is a channel ("channel:<id>") or an address from a spec's `email` ("email:<address>", sent over
-- the platform's SMTP server). A failure storm's alerts past the limit are "digested": they wait
-- in the digest delivery named by digestId, which sends them as one message.
CREATE TABLE "alert_delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "channelId" TEXT,
    "digestId" TEXT,
    "incidentId" TEXT,
    "dagPk" TEXT,
    "dagRunId" TEXT,
    "taskInstanceId" TEXT,
    "tryNumber" INTEGER,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "responseMs" INTEGER,
    "message" JSONB NOT NULL,
    "externalRef" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "alert_delivery_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "alert_delivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "alert_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "alert_delivery_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "alert_delivery_state_check" CHECK ("state" IN ('pending', 'sent', 'failed', 'skipped', 'digested'))
);
CREATE UNIQUE INDEX "alert_delivery_workspaceId_target_dedupeKey_key" ON "alert_delivery"("workspaceId", "target", "dedupeKey");
CREATE INDEX "alert_delivery_workspaceId_createdAt_idx" ON "alert_delivery"("workspaceId", "createdAt");
CREATE INDEX "alert_delivery_workspaceId_target_createdAt_idx" ON "alert_delivery"("workspaceId", "target", "createdAt");
CREATE INDEX "alert_delivery_digestId_idx" ON "alert_delivery"("digestId");
CREATE INDEX "alert_delivery_incidentId_idx" ON "alert_delivery"("incidentId");

-- The post-mortem of an incident (markdown) and every saved revision of it.
CREATE TABLE "postmortem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "markdown" TEXT NOT NULL,
    "isDraft" BOOLEAN NOT NULL DEFAULT true,
    "authorId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "postmortem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "postmortem_incidentId_key" ON "postmortem"("incidentId");

CREATE TABLE "postmortem_revision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "postmortemId" TEXT NOT NULL,
    "markdown" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "postmortem_revision_postmortemId_fkey" FOREIGN KEY ("postmortemId") REFERENCES "postmortem"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "postmortem_revision_postmortemId_createdAt_idx" ON "postmortem_revision"("postmortemId", "createdAt");

-- Short notes on runs and task instances (Airflow 3's `note`).
ALTER TABLE "dag_run" ADD COLUMN "note" TEXT;
ALTER TABLE "task_instance" ADD COLUMN "note" TEXT;

-- A member's Slack user id, so that alerts mention the owner as <@U…>.
ALTER TABLE "membership" ADD COLUMN "slackUserId" TEXT;

-- Incidents open longer than this need a post-mortem ("post-mortem required").
ALTER TABLE "workspace" ADD COLUMN "postmortemAfterMinutes" INTEGER NOT NULL DEFAULT 60;
