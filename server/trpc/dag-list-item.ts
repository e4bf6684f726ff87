import { describeSchedule } from '../domain/schedule/describe-schedule';
import type { TDagWithVersion } from '../services/dags/get-dag';
import type { TRecentRun } from '../services/runs/list-recent-run-states';

/** One row of the DAG list, with REST's field names (Airflow's), dates as ISO strings. */
export function dagListItem(dag: TDagWithVersion, recentRuns: readonly TRecentRun[]) {
  return {
    dag_id: dag.dagId,
    description: dag.description,
    owners: dag.owner ? [dag.owner] : [],
    tags: dag.tags,
    is_paused: dag.isPaused,
    schedule_interval: dag.schedule,
    schedule_description: describeSchedule(dag.schedule, dag.timezone),
    timezone: dag.timezone,
    next_dagrun: dag.nextDagrunLogicalDate?.toISOString() ?? null,
    next_dagrun_create_after: dag.nextDagrunCreateAfter?.toISOString() ?? null,
    recent_runs: recentRuns.map((run) => ({ run_id: run.runId, state: run.state, logical_date: run.logicalDate.toISOString() })),
  };
}

export type TDagListItem = ReturnType<typeof dagListItem>;
