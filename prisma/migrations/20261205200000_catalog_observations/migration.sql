-- Data catalog, second increment: a dataset's identity follows OpenLineage (two connections to
-- the same server and database name one dataset), its editable fields, what the warehouse says
-- about it (columns, schema history, row counts, scan counts), its updates (from successful
-- producing tasks and from outside), quality-check results, and DAGs scheduled on datasets.

-- Datasets registered so far are rebuilt under the new identity by the scheduler's catalog
-- catch-up (every DAG's current version is synced again); their edges go with them.
DELETE FROM "dataset";

DROP INDEX "dataset_workspaceId_connId_name_key";

ALTER TABLE "dataset"
    -- `postgres://host:port/db.schema.table` when the connection can name it, else
    -- `conn:<conn_id>/<schema.table>`: the identity within a workspace.
    ADD COLUMN "key" TEXT NOT NULL,
    -- OpenLineage's name within the namespace (db.schema.table), null when not nameable.
    ADD COLUMN "olName" TEXT,
    -- deploy | manual
    ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'deploy',
    ADD COLUMN "requestedBy" TEXT,
    ADD COLUMN "requestedReason" TEXT,
    ADD COLUMN "reviewAfter" DATE,
    ADD COLUMN "reviewAskedAt" TIMESTAMPTZ(3),
    -- dbt's warn_after / error_after, in seconds; null: derived from the producing DAG's schedule.
    ADD COLUMN "freshnessWarnAfterSeconds" INTEGER,
    ADD COLUMN "freshnessErrorAfterSeconds" INTEGER,
    -- fresh | late | stale; null until first evaluated.
    ADD COLUMN "freshnessState" TEXT,
    ADD COLUMN "freshnessStateSince" TIMESTAMPTZ(3),
    ADD COLUMN "deprecatedAt" TIMESTAMPTZ(3),
    ADD COLUMN "deprecatedById" TEXT,
    ADD COLUMN "deprecationNote" TEXT,
    ADD COLUMN "lastUpdatedAt" TIMESTAMPTZ(3),
    ADD COLUMN "lastUpdateEventId" TEXT,
    ADD COLUMN "rowCountEstimate" BIGINT,
    ADD COLUMN "columnsCheckedAt" TIMESTAMPTZ(3),
    ADD CONSTRAINT "dataset_origin_check" CHECK ("origin" IN ('deploy', 'manual')),
    ADD CONSTRAINT "dataset_freshness_state_check" CHECK ("freshnessState" IN ('fresh', 'late', 'stale')),
    ADD CONSTRAINT "dataset_freshness_seconds_check" CHECK (
        ("freshnessWarnAfterSeconds" IS NULL OR "freshnessWarnAfterSeconds" > 0)
        AND ("freshnessErrorAfterSeconds" IS NULL OR "freshnessErrorAfterSeconds" > 0));

CREATE UNIQUE INDEX "dataset_workspaceId_key_key" ON "dataset"("workspaceId", "key");
CREATE INDEX "dataset_workspaceId_connId_name_idx" ON "dataset"("workspaceId", "connId", "name");

ALTER TABLE "dataset" ADD CONSTRAINT "dataset_deprecatedById_fkey" FOREIGN KEY ("deprecatedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The columns the warehouse reported at the last introspection.
CREATE TABLE "dataset_column" (
    "datasetId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "dataType" TEXT NOT NULL,
    "nullable" BOOLEAN NOT NULL,
    "description" TEXT,

    CONSTRAINT "dataset_column_pkey" PRIMARY KEY ("datasetId", "name")
);
CREATE INDEX "dataset_column_workspaceId_idx" ON "dataset_column"("workspaceId");
ALTER TABLE "dataset_column" ADD CONSTRAINT "dataset_column_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dataset_column" ADD CONSTRAINT "dataset_column_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A column added, dropped or retyped between two introspections, with the run that saw it.
CREATE TABLE "dataset_schema_change" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "columnName" TEXT NOT NULL,
    "fromType" TEXT,
    "toType" TEXT,
    "dagRunId" TEXT,
    "seenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_schema_change_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "dataset_schema_change_kind_check" CHECK ("kind" IN ('added', 'dropped', 'retyped'))
);
CREATE INDEX "dataset_schema_change_datasetId_seenAt_idx" ON "dataset_schema_change"("datasetId", "seenAt");
ALTER TABLE "dataset_schema_change" ADD CONSTRAINT "dataset_schema_change_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dataset_schema_change" ADD CONSTRAINT "dataset_schema_change_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dataset_schema_change" ADD CONSTRAINT "dataset_schema_change_dagRunId_fkey" FOREIGN KEY ("dagRunId") REFERENCES "dag_run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The warehouse's own read counters (pg_stat_user_tables), sampled over time: reads in a window
-- are the growth of seqScan + idxScan across it.
CREATE TABLE "dataset_scan_sample" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "seqScan" BIGINT NOT NULL,
    "idxScan" BIGINT NOT NULL,
    "liveRows" BIGINT,
    "sampledAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_scan_sample_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "dataset_scan_sample_datasetId_sampledAt_idx" ON "dataset_scan_sample"("datasetId", "sampledAt");
ALTER TABLE "dataset_scan_sample" ADD CONSTRAINT "dataset_scan_sample_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dataset_scan_sample" ADD CONSTRAINT "dataset_scan_sample_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A dataset was updated: by a successful task that writes it (source task) or from outside
-- (source api, POST /api/v1/datasets/events).
CREATE TABLE "dataset_event" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "dagRunId" TEXT,
    "taskId" TEXT,
    "tryNumber" INTEGER,
    "actor" TEXT,
    "extra" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_event_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "dataset_event_source_check" CHECK ("source" IN ('task', 'api'))
);
CREATE INDEX "dataset_event_datasetId_createdAt_idx" ON "dataset_event"("datasetId", "createdAt");
CREATE INDEX "dataset_event_dagRunId_idx" ON "dataset_event"("dagRunId");
ALTER TABLE "dataset_event" ADD CONSTRAINT "dataset_event_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dataset_event" ADD CONSTRAINT "dataset_event_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dataset_event" ADD CONSTRAINT "dataset_event_dagRunId_fkey" FOREIGN KEY ("dagRunId") REFERENCES "dag_run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- How far the catalog's reader of state_change_event has read (one row), as the alert relay's.
CREATE TABLE "catalog_relay_cursor" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "txid" xid8 NOT NULL DEFAULT '0'::xid8,
    "eventId" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "catalog_relay_cursor_pkey" PRIMARY KEY ("id")
);

-- A check task's results, one row per check, stored whether they pass or fail.
CREATE TABLE "check_result" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "dagPk" TEXT NOT NULL,
    "dagRunId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "tryNumber" INTEGER NOT NULL,
    "datasetId" TEXT,
    "checkName" TEXT NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "observed" JSONB,
    "expected" JSONB,
    "message" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "check_result_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "check_result_datasetId_createdAt_idx" ON "check_result"("datasetId", "createdAt");
CREATE INDEX "check_result_dagRunId_idx" ON "check_result"("dagRunId");
ALTER TABLE "check_result" ADD CONSTRAINT "check_result_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "check_result" ADD CONSTRAINT "check_result_dagPk_fkey" FOREIGN KEY ("dagPk") REFERENCES "dag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "check_result" ADD CONSTRAINT "check_result_dagRunId_fkey" FOREIGN KEY ("dagRunId") REFERENCES "dag_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "check_result" ADD CONSTRAINT "check_result_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- DAGs scheduled on datasets: which datasets each DAG's current version waits for (from its
-- spec, replaced on deploy), the updates queued for it since its last such run (Airflow's
-- DatasetDagRunQueue), and the events that triggered each run.
CREATE TABLE "dataset_schedule_ref" (
    "dagPk" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,

    CONSTRAINT "dataset_schedule_ref_pkey" PRIMARY KEY ("dagPk", "datasetId")
);
CREATE INDEX "dataset_schedule_ref_datasetId_idx" ON "dataset_schedule_ref"("datasetId");
ALTER TABLE "dataset_schedule_ref" ADD CONSTRAINT "dataset_schedule_ref_dagPk_fkey" FOREIGN KEY ("dagPk") REFERENCES "dag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dataset_schedule_ref" ADD CONSTRAINT "dataset_schedule_ref_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dataset_schedule_ref" ADD CONSTRAINT "dataset_schedule_ref_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "dataset_dag_run_queue" (
    "dagPk" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_dag_run_queue_pkey" PRIMARY KEY ("dagPk", "datasetId")
);
ALTER TABLE "dataset_dag_run_queue" ADD CONSTRAINT "dataset_dag_run_queue_dagPk_fkey" FOREIGN KEY ("dagPk") REFERENCES "dag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dataset_dag_run_queue" ADD CONSTRAINT "dataset_dag_run_queue_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dataset_dag_run_queue" ADD CONSTRAINT "dataset_dag_run_queue_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "dag_run_dataset_event" (
    "dagRunId" TEXT NOT NULL,
    "datasetEventId" TEXT NOT NULL,

    CONSTRAINT "dag_run_dataset_event_pkey" PRIMARY KEY ("dagRunId", "datasetEventId")
);
CREATE INDEX "dag_run_dataset_event_datasetEventId_idx" ON "dag_run_dataset_event"("datasetEventId");
ALTER TABLE "dag_run_dataset_event" ADD CONSTRAINT "dag_run_dataset_event_dagRunId_fkey" FOREIGN KEY ("dagRunId") REFERENCES "dag_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dag_run_dataset_event" ADD CONSTRAINT "dag_run_dataset_event_datasetEventId_fkey" FOREIGN KEY ("datasetEventId") REFERENCES "dataset_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A deploy's catalog sync is recorded, so the scheduler's catch-up syncs only DAGs whose
-- current version has not been (versions deployed before the catalog, or after a change of
-- dataset identity).
ALTER TABLE "dag" ADD COLUMN "catalogSyncedVersionId" TEXT;

-- A run created because the datasets its DAG waits for were updated (Airflow's dataset_triggered).
ALTER TABLE "dag_run" DROP CONSTRAINT "dag_run_run_type_check";
ALTER TABLE "dag_run" ADD CONSTRAINT "dag_run_run_type_check"
  CHECK ("runType" IN ('scheduled', 'manual', 'backfill', 'dataset_triggered'));
