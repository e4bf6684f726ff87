import { z } from 'zod';
import { describeSchedule } from '../domain/schedule/schedule';
import type { TDagWithVersion } from '../services/dags/get-dag';
import type { TDagRunView } from '../services/runs/get-dag-run';
import type { TClearedTaskInstance } from '../services/task-instances/clear-task-instances';
import type { TTaskInstanceView } from '../services/task-instances/list-task-instances';
import { iso } from './http';

/** Airflow's DAG JSON (GET /dags). */
export function dagJson(dag: TDagWithVersion) {
  return {
    dag_id: dag.dagId,
    is_paused: dag.isPaused,
    is_active: true,
    description: dag.description,
    schedule_interval: dag.schedule,
    timetable_description: describeSchedule(dag.schedule, dag.timezone),
    tags: dag.tags.map((name) => ({ name })),
    owners: dag.owner ? [dag.owner] : [],
    timezone: dag.timezone,
    max_active_runs: dag.maxActiveRuns,
    max_active_tasks: dag.maxActiveTasks,
    next_dagrun: iso(dag.nextDagrunLogicalDate),
    next_dagrun_data_interval_start: iso(dag.nextDagrunDataIntervalStart),
    next_dagrun_data_interval_end: iso(dag.nextDagrunDataIntervalEnd),
    next_dagrun_create_after: iso(dag.nextDagrunCreateAfter),
    version: dag.currentVersion?.version ?? null,
    fileloc: null,
  };
}

/** Airflow's DAGRun JSON. */
export function dagRunJson(run: TDagRunView) {
  return {
    dag_run_id: run.runId,
    dag_id: run.dag.dagId,
    logical_date: iso(run.logicalDate),
    data_interval_start: iso(run.dataIntervalStart),
    data_interval_end: iso(run.dataIntervalEnd),
    run_type: run.runType,
    state: run.state,
    start_date: iso(run.startDate),
    end_date: iso(run.endDate),
    queued_at: iso(run.queuedAt),
    conf: run.conf,
    external_trigger: run.runType === 'manual',
    dag_version: run.dagVersion.version,
    clear_number: run.clearNumber,
    backfill_id: run.backfillId,
    note: run.note,
  };
}

/** Airflow's TaskInstance JSON; Airflow's state is null where ours is `none`. */
export function taskInstanceJson(instance: TTaskInstanceView) {
  return {
    task_id: instance.taskId,
    dag_id: instance.dagRun.dag.dagId,
    dag_run_id: instance.dagRun.runId,
    logical_date: iso(instance.dagRun.logicalDate),
    state: instance.state === 'none' ? null : instance.state,
    try_number: instance.tryNumber,
    max_tries: instance.maxTries,
    start_date: iso(instance.startDate),
    end_date: iso(instance.endDate),
    duration: instance.duration,
    hostname: instance.hostname,
    pool: instance.pool,
    pool_slots: instance.poolSlots,
    queued_when: iso(instance.queuedAt),
    operator: instance.taskType,
    rendered_fields: instance.renderedFields ?? {},
    note: instance.note,
  };
}

/** One entry of a clearTaskInstances answer: the instance and its state before the clear. */
export function clearedTaskInstanceJson(dagId: string, instance: TClearedTaskInstance) {
  return {
    task_id: instance.taskId,
    dag_id: dagId,
    dag_run_id: instance.runId,
    logical_date: iso(instance.logicalDate),
    state: instance.state === 'none' ? null : instance.state,
  };
}

/** Query values arrive as text: `true`/`false` for booleans. */
export const ZQueryBooleanSchema = z.enum(['true', 'false'], { error: 'expected true or false' }).transform((value) => value === 'true');

/** A query parameter that may be repeated (`?state=failed&state=success`): always an array. */
export function repeated<T extends z.ZodType<string, string>>(item: T) {
  return z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]));
}
