import { z } from 'zod';
import { describeSchedule } from '../domain/schedule/schedule';
import type { TDagWithVersion } from '../services/dags/get-dag';
import type { TDagRunView } from '../services/runs/get-dag-run';
import type { TClearedTaskInstance } from '../services/task-instances/clear-task-instances';
import type { TTaskInstanceView } from '../services/task-instances/list-task-instances';
import { iso } from './http';
import { scheduleIntervalJson } from './schedule-interval';

/** A DAG has no file: this stable pseudo-path stands in for Airflow's `fileloc` (a string there, never null). */
export function dagFileloc(workspaceSlug: string, dagId: string): string {
  return `tributary://${workspaceSlug}/${dagId}`;
}

/** Airflow's DAG JSON (GET /dags), as its 2.10 `DAG` model types each field. */
export function dagJson(dag: TDagWithVersion) {
  const datasetTriggered = dag._count.datasetScheduleRefs > 0;
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.dagId,
    root_dag_id: null,
    is_paused: dag.isPaused,
    is_active: true,
    is_subdag: false,
    description: dag.description,
    schedule_interval: scheduleIntervalJson(dag.schedule, datasetTriggered),
    timetable_description: datasetTriggered ? 'Triggered by datasets' : describeSchedule(dag.schedule, dag.timezone),
    tags: dag.tags.map((name) => ({ name })),
    owners: dag.owner ? [dag.owner] : [],
    timezone: dag.timezone,
    max_active_runs: dag.maxActiveRuns,
    max_active_tasks: dag.maxActiveTasks,
    next_dagrun: iso(dag.nextDagrunLogicalDate),
    next_dagrun_data_interval_start: iso(dag.nextDagrunDataIntervalStart),
    next_dagrun_data_interval_end: iso(dag.nextDagrunDataIntervalEnd),
    next_dagrun_create_after: iso(dag.nextDagrunCreateAfter),
    // An invalid spec is refused at deploy, so a DAG never has an import error.
    has_import_errors: false,
    // A spec is parsed when it is deployed: its current version's deploy is the last parse.
    last_parsed_time: iso(dag.currentVersion?.createdAt ?? null),
    // Airflow's pickling, scheduler lock and SubDAGs have no counterpart: null as the model allows.
    last_pickled: null,
    last_expired: null,
    scheduler_lock: null,
    pickle_id: null,
    default_view: 'grid',
    // Tasks have no max_active_tis_per_dag; pools are the only per-task limit.
    has_task_concurrency_limits: false,
    // 0 is Airflow's "never pause after failed runs", which Tributary does not do.
    max_consecutive_failed_dag_runs: 0,
    version: dag.currentVersion?.version ?? null,
    fileloc: dagFileloc(dag.workspace.slug, dag.dagId),
    // A string in the model, never null; Airflow signs fileloc for /dagSources, which Tributary does not serve.
    file_token: Buffer.from(dagFileloc(dag.workspace.slug, dag.dagId)).toString('base64url'),
  };
}

/** Airflow's DAGRun JSON. */
export function dagRunJson(run: TDagRunView) {
  return {
    dag_run_id: run.runId,
    dag_id: run.dag.dagId,
    logical_date: iso(run.logicalDate),
    // Airflow 2's name for logical_date; its client still reads it.
    execution_date: iso(run.logicalDate),
    data_interval_start: iso(run.dataIntervalStart),
    data_interval_end: iso(run.dataIntervalEnd),
    run_type: run.runType,
    state: run.state,
    start_date: iso(run.startDate),
    end_date: iso(run.endDate),
    queued_at: iso(run.queuedAt),
    conf: run.conf,
    external_trigger: run.runType === 'manual',
    // The scheduler keeps no time of its last look at a run.
    last_scheduling_decision: null,
    dag_version: run.dagVersion.version,
    clear_number: run.clearNumber,
    backfill_id: run.backfillId,
    note: run.note,
  };
}

/**
 * Airflow's TaskInstance JSON; Airflow's state is null where ours is `none`. `operator` is the
 * Airflow operator an imported task came from (its spec's `operator`), else the task type.
 */
export function taskInstanceJson(instance: TTaskInstanceView, operator: string | null = null) {
  return {
    task_id: instance.taskId,
    dag_id: instance.dagRun.dag.dagId,
    dag_run_id: instance.dagRun.runId,
    logical_date: iso(instance.dagRun.logicalDate),
    execution_date: iso(instance.dagRun.logicalDate),
    task_display_name: instance.taskId,
    state: instance.state === 'none' ? null : instance.state,
    try_number: instance.tryNumber,
    // Tributary does not map tasks: -1 is Airflow's index of an unmapped task instance.
    map_index: -1,
    max_tries: instance.maxTries,
    start_date: iso(instance.startDate),
    end_date: iso(instance.endDate),
    duration: instance.duration,
    // Airflow's model types hostname as a string, never null: '' until a worker claims the instance.
    hostname: instance.hostname ?? '',
    pool: instance.pool,
    pool_slots: instance.poolSlots,
    queued_when: iso(instance.queuedAt),
    operator: operator ?? instance.taskType,
    rendered_fields: instance.renderedFields ?? {},
    note: instance.note,
    unixname: '',
    pid: instance.pid,
    // No queues, priorities, executors or deferral in Tributary: null as the model allows.
    queue: null,
    priority_weight: null,
    executor: null,
    executor_config: '{}',
    sla_miss: null,
    rendered_map_index: null,
    trigger: null,
    triggerer_job: null,
  };
}

/** One entry of a clearTaskInstances answer: the instance and its state before the clear. */
export function clearedTaskInstanceJson(dagId: string, instance: TClearedTaskInstance) {
  return {
    task_id: instance.taskId,
    dag_id: dagId,
    dag_run_id: instance.runId,
    logical_date: iso(instance.logicalDate),
    execution_date: iso(instance.logicalDate),
    state: instance.state === 'none' ? null : instance.state,
  };
}

/** Query values arrive as text: `true`/`false` for booleans. */
export const ZQueryBooleanSchema = z.enum(['true', 'false'], { error: 'expected true or false' }).transform((value) => value === 'true');

/** A query parameter that may be repeated (`?state=failed&state=success`): always an array. */
export function repeated<T extends z.ZodType<string, string>>(item: T) {
  return z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]));
}
