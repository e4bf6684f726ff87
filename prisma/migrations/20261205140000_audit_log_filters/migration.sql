-- The audit log is filtered by DAG, actor and action (Settings → Audit log), newest first.
-- `dagId` is the dag_id an entry concerns (a DAG, one of its runs, task instances or
-- backfills), kept as text so an entry outlives its DAG. Each filter has an index that ends
-- in createdAt, so a filtered page is read newest first without sorting the whole log.
ALTER TABLE "audit_log" ADD COLUMN "dagId" TEXT;

UPDATE "audit_log" SET "dagId" = "targetId" WHERE "targetType" = 'dag';
UPDATE "audit_log" SET "dagId" = split_part("targetId", '/', 1)
  WHERE "targetType" IN ('dag_run', 'task_instance') AND "targetId" IS NOT NULL;
UPDATE "audit_log" AS a SET "dagId" = d."dagId"
  FROM "backfill" AS b JOIN "dag" AS d ON d."id" = b."dagPk"
  WHERE a."targetType" = 'backfill' AND a."targetId" = b."id";
UPDATE "audit_log" SET "dagId" = "details"->>'dag_id'
  WHERE "targetType" = 'backfill' AND "dagId" IS NULL AND "details" ? 'dag_id';

CREATE INDEX "audit_log_workspaceId_dagId_createdAt_idx" ON "audit_log"("workspaceId", "dagId", "createdAt");
CREATE INDEX "audit_log_workspaceId_actorLabel_createdAt_idx" ON "audit_log"("workspaceId", "actorLabel", "createdAt");
CREATE INDEX "audit_log_workspaceId_action_createdAt_idx" ON "audit_log"("workspaceId", "action", "createdAt");
