import type { TGridCellView } from '../../../../../../server/trpc/grid-wire';

/** A task instance as the grid shows it (dates as ISO text), decoded from runs.grid's compact form. */
export type TGridCell = TGridCellView;
export type TGridRun = {
  run_id: string;
  state: string;
  run_type: string;
  logical_date: string;
  start_date: string | null;
  end_date: string | null;
  /** The run's note, and the incident it belongs to: markers above its column (grid-marks.tsx). */
  note: string | null;
  incident: TGridRunIncident | null;
  task_instances: Record<string, TGridCell>;
};
export type TGridRunIncident = { id: string; title: string; state: string };
export type TGridTask = { task_id: string; type: string; group: string | null };
export type TCellAt = { row: number; col: number };

/** A run's duration so far: up to now while it runs, unknown before it starts. */
export function runSeconds(run: TGridRun, nowIso: string): number | null {
  if (run.start_date === null) return null;
  return (Date.parse(run.end_date ?? nowIso) - Date.parse(run.start_date)) / 1000;
}

/** Manual and backfill runs carry a mark in their column's head; scheduled runs, the usual case, none. */
export const RUN_TYPE_MARKS: Record<string, { letter: string; label: string } | undefined> = {
  manual: { letter: 'M', label: 'Manual run' },
  backfill: { letter: 'B', label: 'Backfill run' },
};
