import type { TServiceContext } from '../context';

/*
 * The workspace home's reads of run history (dag_run, task_instance: the tables that grow with
 * every run). Each walks the workspace's DAGs and, per DAG, an index of dag_run
 * ((dagPk, logicalDate) or (dagPk, state, logicalDate)), stopping early: the cost follows the
 * number of DAGs and of the rows shown, not the years of history behind them.
 */

export type TFailingDag = {
  dagId: string;
  isPaused: boolean;
  runId: string;
  logicalDate: Date;
  endDate: Date | null;
  firstFailedRunId: string;
  firstFailedLogicalDate: Date;
  firstFailedEndDate: Date | null;
};

/**
 * DAGs whose latest finished run (by logical date) failed, with the first failed run of the
 * current streak: the oldest failed run after the last success before the latest failure.
 */
export async function failingDags(ctx: TServiceContext, limit: number): Promise<TFailingDag[]> {
  return ctx.db.$queryRaw<TFailingDag[]>`
    select d."dagId", d."isPaused", latest."runId", latest."logicalDate", latest."endDate",
      first."runId" as "firstFailedRunId", first."logicalDate" as "firstFailedLogicalDate", first."endDate" as "firstFailedEndDate"
    from dag d
    cross join lateral (
      select "runId", state, "logicalDate", "endDate" from dag_run
      where "dagPk" = d.id and state in ('success', 'failed') order by "logicalDate" desc limit 1
    ) latest
    left join lateral (
      select "logicalDate" from dag_run
      where "dagPk" = d.id and state = 'success' and "logicalDate" < latest."logicalDate" order by "logicalDate" desc limit 1
    ) ok on true
    cross join lateral (
      select "runId", "logicalDate", "endDate" from dag_run
      where "dagPk" = d.id and state = 'failed' and "logicalDate" > coalesce(ok."logicalDate", '-infinity'::timestamptz)
      order by "logicalDate" asc limit 1
    ) first
    where d."workspaceId" = ${ctx.workspaceId} and latest.state = 'failed'
    order by first."logicalDate" asc, d."dagId" asc
    limit ${limit}`;
}

export type TRunInProgress = {
  dagId: string;
  runId: string;
  state: string;
  logicalDate: Date;
  queuedAt: Date;
  startDate: Date | null;
  tasksDone: number;
  tasksTotal: number;
};

/** Queued and running runs (the (workspaceId, state) index), running first, oldest start first. */
export async function runsInProgress(ctx: TServiceContext, limit: number): Promise<{ runs: TRunInProgress[]; total: number }> {
  const [runs, total] = await Promise.all([
    ctx.db.$queryRaw<TRunInProgress[]>`
      select d."dagId", r."runId", r.state, r."logicalDate", r."queuedAt", r."startDate",
        coalesce(p.done, 0)::int as "tasksDone", coalesce(p.total, 0)::int as "tasksTotal"
      from dag_run r
      join dag d on d.id = r."dagPk"
      left join lateral (
        select count(*) filter (where ti.state in ('success', 'failed', 'skipped', 'upstream_failed', 'removed')) as done, count(*) as total
        from task_instance ti where ti."dagRunId" = r.id
      ) p on true
      where r."workspaceId" = ${ctx.workspaceId} and r.state in ('queued', 'running')
      order by (r.state = 'running') desc, r."startDate" asc nulls last, r."queuedAt" asc, d."dagId", r."runId"
      limit ${limit}`,
    ctx.db.dagRun.count({ where: { workspaceId: ctx.workspaceId, state: { in: ['queued', 'running'] } } }),
  ]);
  return { runs, total };
}

export type TStateCounts = { runs: Record<string, number>; taskInstances: Record<string, number> };

/**
 * Runs whose logical date is at or after `since`, and their task instances, counted by state.
 * The window is on the logical date, as the task-instance browser's date filter is, so each
 * count is exactly what its link to the browser lists.
 */
export async function stateCountsSince(ctx: TServiceContext, since: Date): Promise<TStateCounts> {
  const rows = await ctx.db.$queryRaw<{ kind: 'run' | 'ti'; state: string; count: number }[]>`
    with runs as (
      select r.id, r.state from dag d
      cross join lateral (select id, state from dag_run where "dagPk" = d.id and "logicalDate" >= ${since}) r
      where d."workspaceId" = ${ctx.workspaceId}
    )
    select 'run' as kind, state, count(*)::int as count from runs group by state
    union all
    select 'ti' as kind, ti.state, count(*)::int as count
    from runs join task_instance ti on ti."dagRunId" = runs.id group by ti.state`;
  const counts: TStateCounts = { runs: {}, taskInstances: {} };
  for (const row of rows) (row.kind === 'run' ? counts.runs : counts.taskInstances)[row.state] = row.count;
  return counts;
}
