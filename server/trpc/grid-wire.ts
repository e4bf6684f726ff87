/*
 * The run grid on the wire (runs.grid): each run's task instances as one array of small numbers
 * aligned with the grid's task rows, instead of an object per instance with field names and ISO
 * texts. At 100 runs × 50 tasks that is ~250 KB of JSON instead of ~1 MB, which the DAG page
 * streams inside its HTML and the browser parses before the grid can be used, and the live grid
 * fetches again every 2 s while a run is running. Pure: the server encodes, the page decodes.
 */
import { TASK_INSTANCE_STATES, type TTaskInstanceState } from '../domain/state/task-instance-state';

/**
 * One task instance: [state (index in TASK_INSTANCE_STATES), try_number, max_tries, queued_at,
 * start_date, end_date (milliseconds after the run's base, see runBase), duration (seconds)].
 */
export type TWireCell = [number, number, number, number | null, number | null, number | null, number | null];

/** A task instance as the grid shows it (dates as ISO text). */
export type TGridCellView = {
  state: TTaskInstanceState;
  try_number: number;
  max_tries: number;
  queued_at: string | null;
  start_date: string | null;
  end_date: string | null;
  duration: number | null;
};

type TInstanceDates = { state: TTaskInstanceState; try_number: number; max_tries: number; queued_at: Date | null; start_date: Date | null; end_date: Date | null; duration: number | null };
type TRunDates = { logical_date: string; start_date: string | null };

/** Instance times count from the run's start (its logical date before it starts): short numbers. */
function runBase(run: TRunDates): number {
  return Date.parse(run.start_date ?? run.logical_date);
}

const STATE_INDEX = new Map<string, number>(TASK_INSTANCE_STATES.map((state, index) => [state, index]));

/** The run's instances in the order of `taskIds`, null where the run has none of that task. */
export function encodeGridCells(taskIds: readonly string[], run: TRunDates, instances: Readonly<Record<string, TInstanceDates>>): (TWireCell | null)[] {
  const base = runBase(run);
  const offset = (date: Date | null) => (date === null ? null : date.getTime() - base);
  return taskIds.map((taskId) => {
    const ti = instances[taskId];
    if (!ti) return null;
    return [STATE_INDEX.get(ti.state) ?? 0, ti.try_number, ti.max_tries, offset(ti.queued_at), offset(ti.start_date), offset(ti.end_date), ti.duration];
  });
}

/** The instances of one run by task id, as encodeGridCells took them. */
export function decodeGridCells(taskIds: readonly string[], run: TRunDates, cells: readonly (TWireCell | null)[]): Record<string, TGridCellView> {
  const base = runBase(run);
  const date = (offset: number | null) => (offset === null ? null : new Date(base + offset).toISOString());
  const instances: Record<string, TGridCellView> = {};
  cells.forEach((cell, index) => {
    const taskId = taskIds[index];
    if (!cell || taskId === undefined) return;
    const [state, tryNumber, maxTries, queued, start, end, duration] = cell;
    instances[taskId] = {
      state: TASK_INSTANCE_STATES[state] ?? 'none',
      try_number: tryNumber,
      max_tries: maxTries,
      queued_at: date(queued),
      start_date: date(start),
      end_date: date(end),
      duration,
    };
  });
  return instances;
}

type TWireRun = TRunDates & { cells: readonly (TWireCell | null)[] };

/** The grid as the page uses it: each run's `cells` back to `task_instances` by task id. */
export function decodeGrid<TRun extends TWireRun, TGrid extends { tasks: readonly { task_id: string }[] }>(
  grid: TGrid & { runs: readonly TRun[] },
): Omit<TGrid, 'runs'> & { runs: (Omit<TRun, 'cells'> & { task_instances: Record<string, TGridCellView> })[] } {
  const taskIds = grid.tasks.map((task) => task.task_id);
  return {
    ...grid,
    runs: grid.runs.map(({ cells, ...run }) => ({ ...run, task_instances: decodeGridCells(taskIds, run, cells) })),
  };
}
