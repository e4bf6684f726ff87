import { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import type { TDag } from '../../domain/dag/parse-dag-spec';
import { runIdFor, type TRunType } from '../../domain/schedule/run-id';
import type { TDagRunInfo } from '../../domain/schedule/schedule';

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
    /** The runs' note: who triggered them when it was not a person (a trigger_dag task). */
    note?: string | null;
  },
): Promise<{ id: string; runId: string; logicalDate: Date }[]> {
  if (input.infos.length === 0) return [];
  const conf = JSON.stringify(input.conf ?? {});
  const rows = input.infos.map(
    (info) => Prisma.sql`(gen_random_uuid()::text, ${input.workspaceId}, ${input.dagPk}, ${input.dagVersionId},
      ${info.runId ?? runIdFor(input.runType, info.logicalDate)}, ${input.runType}, ${info.logicalDate},
      ${info.dataInterval.start}, ${info.dataInterval.end}, ${info.runAfter}, ${conf}::jsonb,
      ${input.backfillId ?? null}, ${input.triggeredById ?? null}, ${input.note ?? null}, clock_timestamp())`,
  );
  const created = await db.$queryRaw<{ id: string; runId: string; logicalDate: Date }[]>`
    insert into dag_run (id, "workspaceId", "dagPk", "dagVersionId", "runId", "runType", "logicalDate",
      "dataIntervalStart", "dataIntervalEnd", "runAfter", conf, "backfillId", "triggeredById", note, "updatedAt")
    values ${Prisma.join(rows)}
    on conflict do nothing
    returning id, "runId", "logicalDate"`;
  await insertTaskInstances(db, input.workspaceId, input.spec, created.map((run) => run.id));
  return created;
}

/** The scheduled runs a tick creates for one DAG (see insertScheduledRuns). */
export type TScheduledRunsOfDag = { workspaceId: string; dagPk: string; dagVersionId: string; spec: TDag; infos: readonly TDagRunInfo[] };

/**
 * Scheduled runs of many DAGs with their task instances, in two statements whatever the number
 * of DAGs (the scheduler's due minute), in the caller's transaction. As insertDagRuns, a run
 * whose (dag, logical date) or (dag, run id) exists already is skipped. Rows go in in the given
 * order, so the caller decides the order of the DAG rows' foreign-key locks. Returns the runs
 * actually created.
 */
export async function insertScheduledRuns(db: TDb, dags: readonly TScheduledRunsOfDag[]): Promise<{ id: string; dagPk: string }[]> {
  const runs = dags.flatMap((dag) => dag.infos.map((info) => ({ dag, info })));
  if (runs.length === 0) return [];
  const column = <T>(pick: (run: (typeof runs)[number]) => T) => runs.map(pick);
  const created = await db.$queryRaw<{ id: string; dagPk: string }[]>`
    insert into dag_run (id, "workspaceId", "dagPk", "dagVersionId", "runId", "runType", "logicalDate",
      "dataIntervalStart", "dataIntervalEnd", "runAfter", "updatedAt")
    select gen_random_uuid()::text, r.workspace_id, r.dag_pk, r.version_id, r.run_id, 'scheduled', r.logical_date,
      r.interval_start, r.interval_end, r.run_after, clock_timestamp()
    from unnest(${column((run) => run.dag.workspaceId)}::text[], ${column((run) => run.dag.dagPk)}::text[],
                ${column((run) => run.dag.dagVersionId)}::text[], ${column((run) => runIdFor('scheduled', run.info.logicalDate))}::text[],
                ${column((run) => run.info.logicalDate.toISOString())}::timestamptz[],
                ${column((run) => run.info.dataInterval.start.toISOString())}::timestamptz[],
                ${column((run) => run.info.dataInterval.end.toISOString())}::timestamptz[],
                ${column((run) => run.info.runAfter.toISOString())}::timestamptz[])
      with ordinality as r(workspace_id, dag_pk, version_id, run_id, logical_date, interval_start, interval_end, run_after, position)
    order by r.position
    on conflict do nothing
    returning id, "dagPk"`;
  const byDag = new Map(dags.map((dag) => [dag.dagPk, dag]));
  const instances = created.flatMap((run) => {
    const dag = byDag.get(run.dagPk)!;
    return dag.spec.tasks.map((task) => ({ runId: run.id, workspaceId: dag.workspaceId, task }));
  });
  if (instances.length === 0) return created;
  await db.$executeRaw`
    insert into task_instance (id, "workspaceId", "dagRunId", "taskId", "taskType", "maxTries", pool, "poolSlots", "updatedAt")
    select gen_random_uuid()::text, t.workspace_id, t.run_id, t.task_id, t.task_type, t.max_tries, t.pool, t.pool_slots, clock_timestamp()
    from unnest(${instances.map((row) => row.workspaceId)}::text[], ${instances.map((row) => row.runId)}::text[],
                ${instances.map((row) => row.task.task_id)}::text[], ${instances.map((row) => row.task.type)}::text[],
                ${instances.map((row) => row.task.retries + 1)}::int[], ${instances.map((row) => row.task.pool)}::text[],
                ${instances.map((row) => row.task.pool_slots)}::int[])
      as t(workspace_id, run_id, task_id, task_type, max_tries, pool, pool_slots)
    on conflict do nothing`;
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
