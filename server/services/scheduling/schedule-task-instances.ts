import { Prisma } from '../../db/client';
import type { TSql, TSqlTransactor } from '../../db/sql';
import type { TDag } from '../../domain/dag/parse-dag-spec';
import { planTaskInstances } from '../../domain/scheduling/plan-task-instances';
import { selectWithinCapacity } from '../../domain/scheduling/select-within-capacity';
import type { TTaskInstanceState } from '../../domain/state/task-instance-state';
import type { TTaskExecutePayload } from '../../queue/job-names';
import { loadDagVersion } from '../dags/load-dag-version';
import { transitionTaskInstances } from '../task-instances/transition-task-instances';
import { finishRuns } from './finish-runs';
import { wakeScheduler } from '../../queue/scheduler-wakeup';

/**
 * Sends task jobs inside the caller's transaction, so "queued" and "a job exists" commit together.
 * Workers fetch higher priorities first (see selectWithinCapacity).
 */
export type TEnqueue = (db: TSql, jobs: (TTaskExecutePayload & { priority: number })[]) => Promise<void>;

type TRunRow = { id: string; workspaceId: string; dagPk: string; dagVersionId: string; logicalDate: Date };
/** Whose scheduled instances a pass may queue: the runs it planned, or (fast path) whole workspaces. */
type TQueueScope = { runIds: string[] } | { workspaceIds: string[] };
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
 * those whose trigger rule passes, queues scheduled ones within the workspace's running-task
 * quota, max_active_tasks and pool slots, and finishes runs whose instances are all done.
 */
export async function scheduleTaskInstances(
  db: TSqlTransactor,
  enqueue: TEnqueue,
  options: {
    now: Date;
    /**
     * The worker's fast path: the tasks that just ended, by run, with the run's DAG version.
     * Only their downstream tasks are planned and only those runs checked for an end; without
     * it, every running run is planned.
     */
    completed?: ReadonlyMap<string, TEndedInRun>;
  },
): Promise<{ queued: number; finished: number }> {
  const fastPath = options.completed;
  const fastPathRunIds = fastPath ? [...fastPath.keys()] : null;
  // The fast path reads the instances of the runs it will plan at the same time as the runs, on a
  // second connection: a chain's next task then waits one round trip less. Which runs those are
  // the cached specs say: a fan-out's leaves have nothing downstream, and reading their run's
  // thousand instances after every batch of outcomes was the fast path's largest read.
  const toPrefetch = fastPath ? await runsWithDownstream(db, fastPath) : [];
  const [runs, prefetched] = await Promise.all([
    db.$queryRaw<TRunRow[]>`
      select id, "workspaceId", "dagPk", "dagVersionId", "logicalDate" from dag_run
      where state = 'running' ${fastPathRunIds ? Prisma.sql`and id = any(${fastPathRunIds}::text[])` : Prisma.empty}`,
    toPrefetch.length > 0 ? readInstances(db, toPrefetch) : [],
  ]);
  if (runs.length === 0) return { queued: 0, finished: 0 };
  const { decisions, toCheck } = await decide(db, runs, options.now, fastPath, { runIds: new Set(toPrefetch), rows: prefetched });
  // A task that ended freed a place in its workspace's quota (and its DAG's and pool's), which
  // any waiting instance of that workspace may take, in whichever run: the fast path queues
  // across the workspace, not only the ended task's downstream.
  const scope: TQueueScope = fastPath ? { workspaceIds: [...new Set(runs.map((run) => run.workspaceId))] } : { runIds: runs.map((run) => run.id) };
  const changes = decisions.schedule.length + decisions.upstreamFailed.length + decisions.skipped.length;
  // Most tasks end with nothing of their workspace waiting (a fan-out queued whole, a chain's
  // next task already scheduled above): skip the locking transaction then, which every worker's
  // fast path would otherwise take on the same workspace row.
  const workspaceIds = [...new Set(runs.map((run) => run.workspaceId))];
  const queued = !fastPath || changes > 0 || (await anyScheduled(db, scope)) ? await applyDecisions(db, enqueue, decisions, scope, workspaceIds) : 0;
  const finished = await finishRuns(db, decisions.upstreamFailed.length + decisions.skipped.length > 0 ? runs.map((run) => run.id) : toCheck);
  // A finished run may free a max_active_runs slot: let the scheduler start the next one now.
  if (finished > 0 && fastPath) await wakeScheduler(db);
  return { queued, finished };
}

/**
 * The pass's writes, in one transaction. The workspace rows are locked before any instance: the
 * queueing step locks them too, and a pass that held instances while waiting for a workspace
 * another pass held (which then wanted those instances) deadlocked. Workspace, then DAG and
 * pool rows, then instances, in id order each: the order every scheduling pass keeps.
 */
function applyDecisions(db: TSqlTransactor, enqueue: TEnqueue, decisions: TDecisions, scope: TQueueScope, workspaceIds: string[]): Promise<number> {
  const ended = Prisma.sql`"endDate" = clock_timestamp()`;
  return db.$transaction(async (tx) => {
    const quotas = await lockWorkspaces(tx, workspaceIds);
    await transitionTaskInstances(tx, { ids: decisions.upstreamFailed, from: ['none', 'up_for_retry'], to: 'upstream_failed', set: ended, event: { reason: 'upstream_failed' } });
    await transitionTaskInstances(tx, { ids: decisions.skipped, from: ['none', 'up_for_retry'], to: 'skipped', set: ended, event: { reason: 'trigger_rule_skipped' } });
    await transitionTaskInstances(tx, { ids: decisions.schedule, from: ['none', 'up_for_retry', 'up_for_reschedule'], to: 'scheduled' });
    return queueScheduled(tx, enqueue, scope, quotas);
  }, { timeout: 30_000 });
}

/** The states a pass may move on; a run with none of them has nothing to plan. */
const WAITING = new Set<TTaskInstanceState>(['none', 'up_for_retry', 'up_for_reschedule']);

type TDecisions = { schedule: string[]; upstreamFailed: string[]; skipped: string[] };

/** What ended in one run: its DAG version (as the outcome read it) and the tasks. */
export type TEndedInRun = { dagVersionId: string; taskIds: readonly string[] };

/** The runs where a task that ended has a downstream task: the only ones a fast path plans. */
async function runsWithDownstream(db: TSql, completed: ReadonlyMap<string, TEndedInRun>): Promise<string[]> {
  const runIds: string[] = [];
  for (const [runId, ended] of completed) {
    const spec = await loadDagVersion(db, ended.dagVersionId);
    const tasks = new Map(spec.tasks.map((task) => [task.task_id, task]));
    if (ended.taskIds.some((taskId) => (tasks.get(taskId)?.downstream.length ?? 0) > 0)) runIds.push(runId);
  }
  return runIds;
}

function readInstances(db: TSql, runIds: readonly string[]) {
  return db.$queryRaw<TInstanceRow[]>`
    select id, "dagRunId", "taskId", state, "nextRetryAt" from task_instance where "dagRunId" = any(${[...runIds]}::text[])`;
}

async function decide(
  db: TSqlTransactor,
  runs: TRunRow[],
  now: Date,
  completed: ReadonlyMap<string, TEndedInRun> | undefined,
  prefetched: { runIds: ReadonlySet<string>; rows: TInstanceRow[] },
) {
  const decisions: TDecisions = { schedule: [], upstreamFailed: [], skipped: [] };
  const toCheck: string[] = [];
  const toPlan: { run: TRunRow; spec: TDag }[] = [];
  for (const run of runs) {
    const spec = await loadDagVersion(db, run.dagVersionId);
    const ended = completed?.get(run.id)?.taskIds;
    if (!ended) {
      toPlan.push({ run, spec });
      toCheck.push(run.id);
      continue;
    }
    // Only a leaf ending can end a run (upstream_failed propagation is checked separately).
    if (ended.some((taskId) => spec.leaf_task_ids.includes(taskId))) toCheck.push(run.id);
    const tasks = new Map(spec.tasks.map((task) => [task.task_id, task]));
    if (ended.some((taskId) => (tasks.get(taskId)?.downstream.length ?? 0) > 0)) toPlan.push({ run, spec });
  }
  if (toPlan.length === 0) return { decisions, toCheck };
  // A run not prefetched (no fast path, or its version changed since the outcome was read) is read now.
  const unread = toPlan.map(({ run }) => run.id).filter((runId) => !prefetched.runIds.has(runId));
  const instances = unread.length > 0 ? [...prefetched.rows, ...(await readInstances(db, unread))] : prefetched.rows;
  const byRun = Map.groupBy(instances, (instance) => instance.dagRunId);
  for (const { run, spec } of toPlan) {
    const runInstances = byRun.get(run.id) ?? [];
    if (!runInstances.some((instance) => WAITING.has(instance.state))) continue;
    const plan = planTaskInstances({ tasks: spec.tasks, instances: runInstances, now });
    const blocked = await blockedByPastRuns(db, run, spec.tasks.filter((task) => task.depends_on_past).map((task) => task.task_id));
    const taskOf = new Map(runInstances.map((instance) => [instance.id, instance.taskId]));
    decisions.schedule.push(...plan.schedule.filter((id) => !blocked.has(taskOf.get(id) ?? '')));
    decisions.upstreamFailed.push(...plan.upstreamFailed);
    decisions.skipped.push(...plan.skipped);
  }
  return { decisions, toCheck };
}

/**
 * depends_on_past: a task runs only when its instance in the previous run (by logical date)
 * succeeded or was skipped, or when there is no previous run of it.
 */
async function blockedByPastRuns(db: TSqlTransactor, run: TRunRow, taskIds: string[]): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set();
  const rows = await db.$queryRaw<{ taskId: string }[]>`
    select ti."taskId" from task_instance ti
    where ti."taskId" = any(${taskIds}::text[]) and ti.state not in ('success', 'skipped') and ti."dagRunId" = (
      select id from dag_run where "dagPk" = ${run.dagPk} and "logicalDate" < ${run.logicalDate}
      order by "logicalDate" desc limit 1)`;
  return new Set(rows.map((row) => row.taskId));
}

/** Whether the scope has a scheduled instance waiting (by the (workspaceId, state) index). */
async function anyScheduled(db: TSqlTransactor, scope: TQueueScope): Promise<boolean> {
  if (!('workspaceIds' in scope)) return true;
  const rows = await db.$queryRaw<unknown[]>`
    select 1 from task_instance where "workspaceId" = any(${scope.workspaceIds}::text[]) and state = 'scheduled' limit 1`;
  return rows.length > 0;
}

type TScheduledRow = { id: string; dagPk: string; workspaceId: string; pool: string; poolSlots: number; tryNumber: number; rescheduled: boolean };

/**
 * Queues the scope's scheduled instances that fit. The workspace rows (locked by the pass
 * first: `quotas`), then DAG and pool rows are locked, always in that order and each by id, so two schedulers or a scheduler and a worker's
 * fast path cannot deadlock: the counts of what already runs and the queueing then happen as
 * one step, and no quota or capacity is exceeded by a race. Workspace rows are locked `for no
 * key update`, which does not block the foreign-key checks of rows inserted meanwhile (a
 * DAG deployed, a day's log usage counted) the way `for update` would.
 */
async function queueScheduled(tx: TSql, enqueue: TEnqueue, scope: TQueueScope, quotas: TWorkspaceQuota[]): Promise<number> {
  const where =
    'runIds' in scope
      ? Prisma.sql`ti."dagRunId" = any(${scope.runIds}::text[])`
      : Prisma.sql`ti."workspaceId" = any(${scope.workspaceIds}::text[]) and r.state = 'running'`;
  const { scheduled, capacity } = await lockScheduled(tx, where, quotas);
  if (scheduled.length === 0) return 0;
  const chosen = selectWithinCapacity({
    candidates: scheduled.map((row) => ({ id: row.id, workspaceId: row.workspaceId, dagPk: row.dagPk, pool: poolKey(row.workspaceId, row.pool), poolSlots: row.poolSlots })),
    ...capacity,
  });
  const moved = new Set(
    await transitionTaskInstances(tx, { ids: chosen.map((choice) => choice.id), from: ['scheduled'], to: 'queued', set: Prisma.sql`"queuedAt" = clock_timestamp()` }),
  );
  const rows = new Map(scheduled.map((row) => [row.id, row]));
  // In the chosen (round-robin) order: jobs of equal priority are fetched in insertion order.
  const jobs = chosen.filter((choice) => moved.has(choice.id)).map((choice) => ({ taskInstanceId: choice.id, tryNumber: jobTryNumber(rows.get(choice.id)), priority: choice.priority }));
  if (jobs.length > 0) await enqueue(tx, jobs);
  return jobs.length;
}

/** A job is for the next try, or for the current one when a rescheduled sensor pokes again (claimTaskInstances checks the same). */
function jobTryNumber(row: TScheduledRow | undefined): number {
  if (!row) return 1;
  return row.rescheduled ? row.tryNumber : row.tryNumber + 1;
}

const poolKey = (workspaceId: string, pool: string) => `${workspaceId}/${pool}`;

type TWorkspaceQuota = { id: string; maxRunningTasks: number };

/** Locks workspace rows in id order; returns their running-task quotas. */
function lockWorkspaces(tx: TSql, workspaceIds: readonly string[]) {
  return tx.$queryRaw<TWorkspaceQuota[]>`
    select id, "maxRunningTasks" from workspace where id = any(${[...workspaceIds]}::text[]) order by id for no key update`;
}

/**
 * Reads the scope's scheduled instances, locks their DAG and pool rows (after their workspace
 * rows, which the pass locked first: `workspaces`) and reads the limits and what already runs:
 * one statement, one round trip. Its scalar subqueries run left to right, so the DAG rows are
 * locked before the pool rows, each in id order. The workspace rows, locked in an earlier
 * statement, keep every other queueing step of these workspaces out until this transaction
 * ends, so this statement's snapshot cannot miss instances another one queued.
 */
async function lockScheduled(tx: TSql, where: Prisma.Sql, workspaces: TWorkspaceQuota[]) {
  const [locked] = await tx.$queryRaw<{ scheduled: string; dags: string; pools: string; active: string }[]>`
    with scheduled as (
      select ti.id, r."dagPk", ti."workspaceId", ti.pool, ti."poolSlots", ti."tryNumber", ti.rescheduled, r."logicalDate", ti."taskId"
      from task_instance ti join dag_run r on r.id = ti."dagRunId"
      where ${where} and ti.state = 'scheduled'),
    dags as (select id, "maxActiveTasks" from dag where id in (select "dagPk" from scheduled) order by id for update),
    pools as (select "workspaceId", name, slots from pool where "workspaceId" in (select "workspaceId" from scheduled) order by id for update),
    active as (
      select r."dagPk", ti."workspaceId", ti.pool, count(*)::int as count, sum(ti."poolSlots")::int as slots
      from task_instance ti join dag_run r on r.id = ti."dagRunId"
      where ti.state in ('queued', 'running') and ti."workspaceId" in (select "workspaceId" from scheduled)
      group by r."dagPk", ti."workspaceId", ti.pool)
    select (select coalesce(json_agg(s order by s."logicalDate", s."taskId"), '[]') from scheduled s)::text as scheduled,
           (select coalesce(json_agg(dags), '[]') from dags)::text as dags,
           (select coalesce(json_agg(pools), '[]') from pools)::text as pools,
           (select coalesce(json_agg(active), '[]') from active)::text as active`;
  const scheduled = JSON.parse(locked!.scheduled) as TScheduledRow[];
  const dags = JSON.parse(locked!.dags) as { id: string; maxActiveTasks: number }[];
  const pools = JSON.parse(locked!.pools) as { workspaceId: string; name: string; slots: number }[];
  const active = JSON.parse(locked!.active) as { dagPk: string; workspaceId: string; pool: string; count: number; slots: number }[];
  const activeTasksByWorkspace = new Map<string, number>();
  const activeTasksByDag = new Map<string, number>();
  const usedSlotsByPool = new Map<string, number>();
  for (const row of active) {
    activeTasksByWorkspace.set(row.workspaceId, (activeTasksByWorkspace.get(row.workspaceId) ?? 0) + Number(row.count));
    activeTasksByDag.set(row.dagPk, (activeTasksByDag.get(row.dagPk) ?? 0) + Number(row.count));
    const key = poolKey(row.workspaceId, row.pool);
    usedSlotsByPool.set(key, (usedSlotsByPool.get(key) ?? 0) + Number(row.slots));
  }
  const capacity = {
    activeTasksByWorkspace,
    maxRunningTasksByWorkspace: new Map(workspaces.map((workspace) => [workspace.id, workspace.maxRunningTasks])),
    activeTasksByDag,
    maxActiveTasksByDag: new Map(dags.map((dag) => [dag.id, dag.maxActiveTasks])),
    usedSlotsByPool,
    slotsByPool: new Map(pools.map((pool) => [poolKey(pool.workspaceId, pool.name), pool.slots])),
  };
  return { scheduled, capacity };
}
