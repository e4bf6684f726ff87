import type { TDagSpec, TTaskSpec } from './dag-spec';
import type { TDatasetRef } from './dataset-ref';
import type { TDatasetCondition } from './dataset-schedule';
import { resolveSpecDate } from './spec-date';
import type { TTaskConfigs, TTaskType } from './task-configs';
import type { TEdge } from './topological-order';

/** A task's settings after `default_args` are applied; durations in seconds. */
export type TDagTaskSettings = {
  task_id: string;
  trigger_rule: TTaskSpec['trigger_rule'];
  retries: number;
  retry_delay: number;
  retry_exponential_backoff: boolean;
  /** Null: no cap beyond the scheduler's own. */
  max_retry_delay: number | null;
  /** Null: the attempt may run as long as it likes. */
  execution_timeout: number | null;
  depends_on_past: boolean;
  pool: string;
  pool_slots: number;
  owner: string | null;
  email: string[];
  /** Alert channel names per event; `default` stands for the workspace's default channels. */
  alerts: TTaskAlertRules;
  inputs: TDatasetRef[];
  outputs: TDatasetRef[];
  doc_md: string | null;
  /** The spec's `group`, null when it names none (the grid may still group the task by its id). */
  group: string | null;
  /** The Airflow operator the task was converted from, null for a task written for Tributary. */
  operator: string | null;
  /** Direct upstream and downstream task ids, in spec order (union of `depends_on` and `flow`). */
  upstream: string[];
  downstream: string[];
};

/**
 * Where a task's alerts go. Failure: the default channels unless the spec says otherwise (and
 * only once no tries are left). Retries and successes: only where asked. Recovery: null means
 * wherever the incident's failure alerts went, so the recovery can edit the first message.
 */
export type TTaskAlertRules = { on_failure: string[]; on_retry: string[]; on_recovery: string[] | null; on_success: string[] };

/** One task of a DAG; `config` is what its type's runtime reads (parse it with `TASK_CONFIG_SCHEMAS[type]`). */
export type TDagTask = { [K in TTaskType]: TDagTaskSettings & { type: K; config: TTaskConfigs[K] } }[TTaskType];

export type TDag = {
  dag_id: string;
  description: string | null;
  schedule: string | null;
  /** Set when the DAG is scheduled on datasets (then `schedule` is null: no cron runs). */
  dataset_schedule: TDatasetCondition | null;
  timetable: TDagSpec['timetable'];
  timezone: string;
  start_date: Date | null;
  end_date: Date | null;
  catchup: boolean;
  max_active_runs: number;
  max_active_tasks: number;
  dagrun_timeout: number | null;
  /** Seconds after a run was due by which it must have finished, or its on_failure channels hear of it. */
  sla: number | null;
  is_paused_upon_creation: boolean;
  params: Record<string, unknown>;
  tags: string[];
  owner: string | null;
  doc_md: string | null;
  default_args: TDagSpec['default_args'];
  /** In topological order, ties broken by order in the spec. */
  tasks: TDagTask[];
  /** Tasks without upstreams / without downstreams, in topological order. */
  root_task_ids: string[];
  leaf_task_ids: string[];
};

function neighbours(edges: readonly TEdge[], taskIds: readonly string[]) {
  const upstream = new Map<string, Set<string>>(taskIds.map((id) => [id, new Set()]));
  const downstream = new Map<string, Set<string>>(taskIds.map((id) => [id, new Set()]));
  for (const edge of edges) {
    upstream.get(edge.downstream)?.add(edge.upstream);
    downstream.get(edge.upstream)?.add(edge.downstream);
  }
  const inSpecOrder = (ids: Set<string> | undefined) => taskIds.filter((id) => ids?.has(id) === true);
  return {
    upstreamOf: (id: string) => inSpecOrder(upstream.get(id)),
    downstreamOf: (id: string) => inSpecOrder(downstream.get(id)),
  };
}

function normalizeTask(task: TTaskSpec, spec: TDagSpec, graph: ReturnType<typeof neighbours>): TDagTask {
  const defaults = spec.default_args;
  const settings: TDagTaskSettings = {
    task_id: task.task_id,
    trigger_rule: task.trigger_rule,
    retries: task.retries ?? defaults.retries,
    retry_delay: task.retry_delay ?? defaults.retry_delay,
    retry_exponential_backoff: task.retry_exponential_backoff ?? defaults.retry_exponential_backoff,
    max_retry_delay: task.max_retry_delay ?? defaults.max_retry_delay ?? null,
    execution_timeout: task.execution_timeout ?? defaults.execution_timeout ?? null,
    depends_on_past: task.depends_on_past ?? defaults.depends_on_past,
    pool: task.pool ?? defaults.pool,
    pool_slots: task.pool_slots,
    owner: task.owner ?? defaults.owner ?? spec.owner ?? null,
    email: task.email ?? defaults.email,
    alerts: {
      on_failure: task.on_failure ?? defaults.on_failure ?? ['default'],
      on_retry: task.on_retry ?? defaults.on_retry ?? [],
      on_recovery: task.on_recovery ?? defaults.on_recovery ?? null,
      on_success: task.on_success ?? defaults.on_success ?? [],
    },
    inputs: task.inputs,
    outputs: task.outputs,
    doc_md: task.doc_md ?? null,
    group: task.group ?? null,
    operator: task.operator ?? null,
    upstream: graph.upstreamOf(task.task_id),
    downstream: graph.downstreamOf(task.task_id),
  };
  // The spec's discriminated union already pairs each `type` with its own config.
  return { ...settings, type: task.type, config: task.config } as TDagTask;
}

/** The validated spec as the rest of Tributary uses it. `order` is the tasks' topological order. */
export function normalizeDag(spec: TDagSpec, edges: readonly TEdge[], order: readonly string[]): TDag {
  const graph = neighbours(edges, spec.tasks.map((task) => task.task_id));
  const byId = new Map(spec.tasks.map((task) => [task.task_id, task]));
  const tasks = order.flatMap((id) => {
    const task = byId.get(id);
    return task === undefined ? [] : [normalizeTask(task, spec, graph)];
  });
  const resolve = (text: string | undefined) => (text === undefined ? null : resolveSpecDate(text, spec.timezone));
  return {
    dag_id: spec.dag_id,
    description: spec.description ?? null,
    schedule: typeof spec.schedule === 'string' ? spec.schedule : null,
    dataset_schedule: typeof spec.schedule === 'object' && spec.schedule !== null ? spec.schedule.datasets : null,
    timetable: spec.timetable,
    timezone: spec.timezone,
    start_date: resolve(spec.start_date),
    end_date: resolve(spec.end_date),
    catchup: spec.catchup,
    max_active_runs: spec.max_active_runs,
    max_active_tasks: spec.max_active_tasks,
    dagrun_timeout: spec.dagrun_timeout ?? null,
    sla: spec.sla ?? null,
    is_paused_upon_creation: spec.is_paused_upon_creation,
    params: spec.params,
    tags: spec.tags,
    owner: spec.owner ?? null,
    doc_md: spec.doc_md ?? null,
    default_args: spec.default_args,
    tasks,
    root_task_ids: tasks.filter((task) => task.upstream.length === 0).map((task) => task.task_id),
    leaf_task_ids: tasks.filter((task) => task.downstream.length === 0).map((task) => task.task_id),
  };
}
