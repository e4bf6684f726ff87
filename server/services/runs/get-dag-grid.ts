import { GRID_DEFAULT_LIMIT, GRID_MAX_LIMIT, queryGridIncidents, queryGridPage, type TGridIncidentRow, type TGridInstanceRow, type TGridRunRow } from '../../db/grid-query';
import type { TDb } from '../../db/sql';
import type { TDag } from '../../domain/dag/parse-dag-spec';
import { taskGroups } from '../../domain/dag/task-groups';
import type { TDagRunState } from '../../domain/state/dag-run-transitions';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';
import { findDagPk } from '../dags/get-dag';
import { loadDagVersion } from '../dags/load-dag-version';
import type { TRunType } from '../../domain/schedule/run-id';

export { GRID_MAX_LIMIT };

export type TGetDagGridInput = {
  dagId: string;
  /** Runs per page: 25 when absent, at most 365. */
  limit?: number;
  /** The previous page's next_cursor: only runs with an earlier logical date. */
  beforeLogicalDate?: Date;
  state?: TDagRunState;
  runType?: TRunType;
};

/**
 * One row of the grid. Removed tasks (only in older versions) keep their old type and upstream.
 * `group` is the row's task group (server/domain/dag/task-groups.ts), null outside any.
 */
export type TGridTask = { task_id: string; type: string; upstream: string[]; group: string | null };

export type TGridTaskInstance = Omit<TGridInstanceRow, 'task_id' | 'task_type'>;

/** The incident a run belongs to (it opened it, resolved it or was alerted about in it). */
export type TGridIncident = Omit<TGridIncidentRow, 'run_pk'>;

/** One column of the grid. */
export type TGridRun = Omit<TGridRunRow, 'instances' | 'dag_version_id' | 'run_type'> & {
  run_type: TRunType;
  task_instances: Record<string, TGridTaskInstance>;
  incident: TGridIncident | null;
};

export type TDagGrid = {
  dag_id: string;
  tasks: TGridTask[];
  /** Oldest to newest: the grid's columns from left to right. */
  runs: TGridRun[];
  has_more_before: boolean;
  /** Pass as beforeLogicalDate for the next (older) page; null on the last page. */
  next_cursor: string | null;
};

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > GRID_MAX_LIMIT) {
    throw new AppError('invalid_input', `limit must be a whole number from 1 to ${GRID_MAX_LIMIT}; got ${limit}.`, [
      { path: 'limit', line: null, column: null, message: `expected 1-${GRID_MAX_LIMIT}` },
    ]);
  }
  return limit;
}

const gridTask = (task: TDag['tasks'][number]): TGridTask => ({ task_id: task.task_id, type: task.type, upstream: task.upstream, group: task.group });

/**
 * The task ids of the page's instances that the current version no longer has, in the
 * topological order of the newest version that had them. An old version that no longer
 * parses must not break the grid: its tasks then come from the instances alone.
 */
async function removedTasks(db: TDb, runsNewestFirst: readonly TGridRunRow[], known: ReadonlySet<string>): Promise<TGridTask[]> {
  const missing = new Map<string, string>();
  const versionIds = new Set<string>();
  for (const run of runsNewestFirst) {
    for (const ti of run.instances) {
      if (known.has(ti.task_id)) continue;
      if (!missing.has(ti.task_id)) missing.set(ti.task_id, ti.task_type);
      versionIds.add(run.dag_version_id);
    }
  }
  const removed: TGridTask[] = [];
  // Sequential on purpose: each version settles some ids, and parsed versions are cached.
  for (const versionId of versionIds) {
    if (missing.size === 0) break;
    const spec = await loadDagVersion(db, versionId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'invalid_input') return null;
      throw error;
    });
    for (const task of spec?.tasks ?? []) {
      if (!missing.delete(task.task_id)) continue;
      removed.push(gridTask(task));
    }
  }
  for (const [taskId, type] of missing) removed.push({ task_id: taskId, type, upstream: [], group: null });
  return removed;
}

function gridRun(row: TGridRunRow, incident: TGridIncident | null): TGridRun {
  const { instances, dag_version_id: _versionId, ...run } = row;
  const taskInstances: Record<string, TGridTaskInstance> = {};
  for (const { task_id: taskId, task_type: _type, ...instance } of instances) taskInstances[taskId] = instance;
  return { ...run, task_instances: taskInstances, incident };
}

/**
 * The run grid of a DAG: one page of its newest runs (server-side paging by logical date) with
 * every task instance, and the task rows in the current version's topological order followed by
 * tasks that only older runs have. A DAG of another workspace does not exist (not_found).
 */
export async function getDagGrid(ctx: TServiceContext, input: TGetDagGridInput): Promise<TDagGrid> {
  const limit = checkLimit(input.limit ?? GRID_DEFAULT_LIMIT);
  const dag = await findDagPk(ctx.db, ctx.workspaceId, input.dagId);
  const [current, page] = await Promise.all([
    dag.currentVersionId ? loadDagVersion(ctx.db, dag.currentVersionId) : null,
    queryGridPage(ctx.db, {
      workspaceId: ctx.workspaceId,
      dagPk: dag.id,
      limit,
      beforeLogicalDate: input.beforeLogicalDate,
      state: input.state,
      runType: input.runType,
    }),
  ]);
  const tasks = (current?.tasks ?? []).map(gridTask);
  const [removed, incidents] = await Promise.all([
    removedTasks(ctx.db, page.runs, new Set(tasks.map((task) => task.task_id))),
    queryGridIncidents(ctx.db, { workspaceId: ctx.workspaceId, dagPk: dag.id, runPks: page.runs.map((run) => run.id) }),
  ]);
  tasks.push(...removed);
  const incidentOf = new Map(incidents.map(({ run_pk: runPk, ...incident }) => [runPk, incident]));
  // Groups are settled over every row at once: an id prefix groups only when two rows share it.
  const groups = taskGroups(tasks);
  const oldest = page.runs.at(-1);
  return {
    dag_id: input.dagId,
    tasks: tasks.map((task) => ({ ...task, group: groups.get(task.task_id) ?? null })),
    runs: page.runs.map((run) => gridRun(run, incidentOf.get(run.id) ?? null)).reverse(),
    has_more_before: page.hasMoreBefore,
    next_cursor: page.hasMoreBefore && oldest ? oldest.logical_date.toISOString() : null,
  };
}
