import { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import type { TDag } from '../../domain/dag/parse-dag-spec';
import type { TDagRunInfo } from '../../domain/schedule/schedule';

export type TRunType = 'scheduled' | 'manual' | 'backfill';

/** Airflow's run ids: `scheduled__2024-01-01T00:00:00+00:00`. */
export function runIdFor(runType: TRunType, logicalDate: Date): string {
  return `${runType}__${logicalDate.toISOString().replace(/\.\d{3}Z$/, '+00:00')}`;
}

/**
 * Creates runs with their task instances (state none), in the caller's transaction. A run whose
 * (dag, logical date) or (dag, run id) exists already is skipped by the database's unique
 * constraints (`on conflict do nothing`), so two schedulers racing never create a duplicate.
 * Returns the runs actually created.
 */
export async function insertDagRuns(
  db: TDb,
  input: {
    workspaceId: string;
    dagPk: string;
    dagVersionId: string;
    spec: TDag;
    runType: TRunType;
    infos: readonly (TDagRunInfo & { runId?: string })[];
    conf?: Record<string, unknown>;
    backfillId?: string | null;
    triggeredById?: string | null;
  },
): Promise<{ id: string; runId: string; logicalDate: Date }[]> {
  if (input.infos.length === 0) return [];
  const conf = JSON.stringify(input.conf ?? {});
  const rows = input.infos.map(
    (info) => Prisma.sql`(gen_random_uuid()::text, ${input.workspaceId}, ${input.dagPk}, ${input.dagVersionId},
      ${info.runId ?? runIdFor(input.runType, info.logicalDate)}, ${input.runType}, ${info.logicalDate},
      ${info.dataInterval.start}, ${info.dataInterval.end}, ${info.runAfter}, ${conf}::jsonb,
      ${input.backfillId ?? null}, ${input.triggeredById ?? null}, clock_timestamp())`,
  );
  const created = await db.$queryRaw<{ id: string; runId: string; logicalDate: Date }[]>`
    insert into dag_run (id, "workspaceId", "dagPk", "dagVersionId", "runId", "runType", "logicalDate",
      "dataIntervalStart", "dataIntervalEnd", "runAfter", conf, "backfillId", "triggeredById", "updatedAt")
    values ${Prisma.join(rows)}
    on conflict do nothing
    returning id, "runId", "logicalDate"`;
  await insertTaskInstances(db, input.workspaceId, input.spec, created.map((run) => run.id));
  return created;
}

/** One row per task of the version, for each run. */
export async function insertTaskInstances(db: TDb, workspaceId: string, spec: TDag, runIds: readonly string[]) {
  if (runIds.length === 0 || spec.tasks.length === 0) return;
  const tasks = spec.tasks;
  await db.$executeRaw`
    insert into task_instance (id, "workspaceId", "dagRunId", "taskId", "taskType", "maxTries", pool, "poolSlots", "updatedAt")
    select gen_random_uuid()::text, ${workspaceId}, r.run_id, t.task_id, t.task_type, t.max_tries, t.pool, t.pool_slots, clock_timestamp()
    from unnest(${[...runIds]}::text[]) as r(run_id)
    cross join unnest(${tasks.map((task) => task.task_id)}::text[], ${tasks.map((task) => task.type)}::text[],
                      ${tasks.map((task) => task.retries + 1)}::int[], ${tasks.map((task) => task.pool)}::text[],
                      ${tasks.map((task) => task.pool_slots)}::int[]) as t(task_id, task_type, max_tries, pool, pool_slots)
    on conflict do nothing`;
}
