-- Data catalog, first increment: datasets registered from deployed DAG versions, and the edges
-- (a task reads or writes a dataset, declared in the spec or inferred from its SQL).

CREATE TABLE "dataset" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "connId" TEXT NOT NULL,
    "namespace" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "owner" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenVersionId" TEXT,

    CONSTRAINT "dataset_pkey" PRIMARY KEY ("id")
);

-- A deploy replaces its DAG's edges; the datasets stay.
CREATE TABLE "dataset_edge" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "dagPk" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "dagVersionId" TEXT NOT NULL,

    CONSTRAINT "dataset_edge_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "dataset_edge_direction_check" CHECK ("direction" IN ('read', 'write')),
    CONSTRAINT "dataset_edge_source_check" CHECK ("source" IN ('declared', 'inferred'))
);

CREATE UNIQUE INDEX "dataset_workspaceId_connId_name_key" ON "dataset"("workspaceId", "connId", "name");

CREATE INDEX "dataset_edge_dagPk_idx" ON "dataset_edge"("dagPk");

CREATE INDEX "dataset_edge_workspaceId_idx" ON "dataset_edge"("workspaceId");

CREATE UNIQUE INDEX "dataset_edge_datasetId_dagPk_taskId_direction_source_key" ON "dataset_edge"("datasetId", "dagPk", "taskId", "direction", "source");

ALTER TABLE "dataset" ADD CONSTRAINT "dataset_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "dataset" ADD CONSTRAINT "dataset_lastSeenVersionId_fkey" FOREIGN KEY ("lastSeenVersionId") REFERENCES "dag_version"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "dataset_edge" ADD CONSTRAINT "dataset_edge_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "dataset_edge" ADD CONSTRAINT "dataset_edge_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "dataset_edge" ADD CONSTRAINT "dataset_edge_dagPk_fkey" FOREIGN KEY ("dagPk") REFERENCES "dag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "dataset_edge" ADD CONSTRAINT "dataset_edge_dagVersionId_fkey" FOREIGN KEY ("dagVersionId") REFERENCES "dag_version"("id") ON DELETE CASCADE ON UPDATE CASCADE;
