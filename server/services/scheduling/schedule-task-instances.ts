import { Prisma, type PrismaClient } from '../../db/client';
import type { TDb } from '../../db/sql';
import { planTaskInstances } from '../../domain/scheduling/plan-task-instances';
import { selectWithinCapacity } from '../../domain/scheduling/select-within-capacity';
import type { TTaskInstanceState } from '../../domain/state/task-instance-state';
import type { TTaskExecutePayload } from '../../queue/job-names';
import { loadDagVersion } from '../dags/load-dag-version';
import { transitionTaskInstances } from '../task-instances/transition-task-instances';
import { finishRuns } from './finish-runs';
import { wakeScheduler } from './scheduler-wakeup';

/** Sends task jobs inside the caller's transaction, so "queued" and "a job exists" commit together. */
export type TEnqueue = (db: TDb, payloads: TTaskExecutePayload[]) => Promise<void>;

type TRunRow = { id: string; dagPk: string; dagVersionId: string; logicalDate: Date };
type TInstanceRow = {
  id: string;
  dagRunId: string;
  taskId: string;
  state: TTaskInstanceState;
  nextRetryAt: Date | null;
};

/**
 * One scheduling pass over running runs (all of them, or the given ones: the worker's fast path
 * after a task ends). Marks instances that can never run (upstream_failed / skipped), schedules
 * those whose trigger rule passes, queues scheduled ones within max_active_tasks and pool slots,
 * and finishes runs whose instances are all done.
 */
export async function scheduleTaskInstances(
  db: PrismaClient,
  enqueue: TEnqueue,
  options: { now: Date; runIds?: readonly string[] },
): Promise<{ queued: number; finished: number }> {
  const runs = await db.$queryRaw<TRunRow[]>`
    select id, "dagPk", "dagVersionId", "logicalDate" from dag_run
    where state = 'running' ${options.runIds ? Prisma.sql`and id = any(${[...options.runIds]}::text[])` : Prisma.empty}`;
  if (runs.length === 0) return { queued: 0, finished: 0 };
  const instances = await db.$queryRaw<TInstanceRow[]>`
    select id, "dagRunId", "taskId", state, "nextRetryAt" from task_instance
    where "dagRunId" = any(${runs.map((run) => run.id)}::text[])`;
  const decisions = await decide(db, runs, instances, options.now);
  const queued = await db.$transaction(async (tx) => {
    await transitionTaskInstances(tx, {
      ids: decisions.upstreamFailed, from: ['none', 'up_for_retry'], to: 'upstream_failed', set: Prisma.sql`"endDate" = clock_timestamp()`,
    });
    await transitionTaskInstances(tx, {
      ids: decisions.skipped, from: ['none', 'up_for_retry'], to: 'skipped', set: Prisma.sql`"endDate" = clock_timestamp()`,
    });
    await transitionTaskInstances(tx, { ids: decisions.schedule, from: ['none', 'up_for_retry'], to: 'scheduled' });
    return queueScheduled(tx, enqueue, runs.map((run) => run.id));
  }, { timeout: 30_000 });
  const finished = await finishRuns(db, runs.map((run) => run.id));
  // A finished run may free a max_active_runs slot: let the scheduler start the next one now.
  if (finished > 0 && options.runIds) await wakeScheduler(db);
  return { queued, finished };
}

async function decide(db: PrismaClient, runs: TRunRow[], instances: TInstanceRow[], now: Date) {
  const byRun = Map.groupBy(instances, (instance) => instance.dagRunId);
  const result = { schedule: [] as string[], upstreamFailed: [] as string[], skipped: [] as string[] };
  for (const run of runs) {
    const spec = await loadDagVersion(db, run.dagVersionId);
    const runInstances = byRun.get(run.id) ?? [];
    if (!runInstances.some((instance) => instance.state === 'none' || instance.state === 'up_for_retry')) continue;
    const plan = planTaskInstances({ tasks: spec.tasks, instances: runInstances, now });
    const blocked = await blockedByPastRuns(db, run, spec.tasks.filter((task) => task.depends_on_past).map((task) => task.task_id));
    const taskOf = new Map(runInstances.map((instance) => [instance.id, instance.taskId]));
    result.schedule.push(...plan.schedule.filter((id) => !blocked.has(taskOf.get(id) ?? '')));
    result.upstreamFailed.push(...plan.upstreamFailed);
    result.skipped.push(...plan.skipped);
  }
  return result;
}

/**
 * depends_on_past: a task runs only when its instance in the previous run (by logical date)
 * succeeded or was skipped, or when there is no previous run of it.
 */
async function blockedByPastRuns(db: PrismaClient, run: TRunRow, taskIds: string[]): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set();
  const rows = await db.$queryRaw<{ taskId: string }[]>`
    select ti."taskId" from task_instance ti
    where ti."taskId" = any(${taskIds}::text[]) and ti.state not in ('success', 'skipped') and ti."dagRunId" = (
      select id from dag_run where "dagPk" = ${run.dagPk} and "logicalDate" < ${run.logicalDate}
      order by "logicalDate" desc limit 1)`;
  return new Set(rows.map((row) => row.taskId));
}

/**
 * Queues the runs' scheduled instances that fit. The DAG and pool rows are locked first (in a
 * fixed order, so two schedulers cannot deadlock): the counts of what already runs and the
 * queueing then happen as one step, and capacity is never exceeded by a race.
 */
async function queueScheduled(tx: TDb, enqueue: TEnqueue, runIds: string[]): Promise<number> {
  const scheduled = await tx.$queryRaw<{ id: string; dagPk: string; workspaceId: string; pool: string; poolSlots: number; tryNumber: number }[]>`
    select ti.id, r."dagPk", ti."workspaceId", ti.pool, ti."poolSlots", ti."tryNumber"
    from task_instance ti join dag_run r on r.id = ti."dagRunId"
    where ti."dagRunId" = any(${runIds}::text[]) and ti.state = 'scheduled'
    order by r."logicalDate", ti."taskId"`;
  if (scheduled.length === 0) return 0;
  const dagPks = [...new Set(scheduled.map((row) => row.dagPk))].sort();
  const dags = await tx.$queryRaw<{ id: string; maxActiveTasks: number }[]>`
    select id, "maxActiveTasks" from dag where id = any(${dagPks}::text[]) order by id for update`;
  const workspaceIds = [...new Set(scheduled.map((row) => row.workspaceId))].sort();
  const pools = await tx.$queryRaw<{ workspaceId: string; name: string; slots: number }[]>`
    select "workspaceId", name, slots from pool where "workspaceId" = any(${workspaceIds}::text[]) order by id for update`;
  const active = await tx.$queryRaw<{ dagPk: string; workspaceId: string; pool: string; count: bigint; slots: bigint }[]>`
    select r."dagPk", ti."workspaceId", ti.pool, count(*) as count, sum(ti."poolSlots") as slots
    from task_instance ti join dag_run r on r.id = ti."dagRunId"
    where ti.state in ('queued', 'running') and ti."workspaceId" = any(${workspaceIds}::text[])
    group by r."dagPk", ti."workspaceId", ti.pool`;
  const poolKey = (workspaceId: string, pool: string) => `${workspaceId}/${pool}`;
  const activeTasksByDag = new Map<string, number>();
  const usedSlotsByPool = new Map<string, number>();
  for (const row of active) {
    activeTasksByDag.set(row.dagPk, (activeTasksByDag.get(row.dagPk) ?? 0) + Number(row.count));
    const key = poolKey(row.workspaceId, row.pool);
    usedSlotsByPool.set(key, (usedSlotsByPool.get(key) ?? 0) + Number(row.slots));
  }
  const chosen = selectWithinCapacity({
    candidates: scheduled.map((row) => ({ id: row.id, dagPk: row.dagPk, pool: poolKey(row.workspaceId, row.pool), poolSlots: row.poolSlots })),
    activeTasksByDag,
    maxActiveTasksByDag: new Map(dags.map((dag) => [dag.id, dag.maxActiveTasks])),
    usedSlotsByPool,
    slotsByPool: new Map(pools.map((pool) => [poolKey(pool.workspaceId, pool.name), pool.slots])),
  });
  const moved = new Set(
    await transitionTaskInstances(tx, { ids: chosen, from: ['scheduled'], to: 'queued', set: Prisma.sql`"queuedAt" = clock_timestamp()` }),
  );
  const payloads = scheduled
    .filter((row) => moved.has(row.id))
    .map((row) => ({ taskInstanceId: row.id, tryNumber: row.tryNumber + 1 }));
  if (payloads.length > 0) await enqueue(tx, payloads);
  return payloads.length;
}
