import type { TTaskConfigs, TTaskType as TTaskTypeName } from '../domain/dag/task-configs';
import type { TEgressPolicy } from '../domain/egress/decide-egress';
import type { TTemplateContext } from '../domain/templating/template-context';
import type { TResolvedConnection } from '../domain/connections/resolved-connection';
import type { TTaskSandbox } from './sandbox-types';

/**
 * The contract between the worker's engine and one task type. The engine renders the config's
 * templates, opens the attempt's log, enforces execution_timeout (by aborting `signal`) and
 * records the outcome; a task type only does its work.
 */
export type TTaskLog = {
  /** A line the task itself printed. */
  stdout(line: string): void;
  stderr(line: string): void;
  /** A line of the engine's own ("Running command: …", "exit code 1"). */
  system(line: string): void;
};

/** A workspace connection with its secrets decrypted (the engine masks them in the log). */
export type { TResolvedConnection };

/** What a trigger_dag task asks for: a manual run of a DAG of its own workspace. */
export type TDagRunTriggerRequest = {
  dagId: string;
  runId?: string;
  logicalDate?: Date;
  conf: Record<string, unknown>;
  /** Clear a run that exists already (same run id or logical date) instead of reporting it. */
  resetDagRun: boolean;
};

/** What came of it; a DAG of another workspace is `not_found`, exactly as a missing one. */
export type TDagRunTriggerResult =
  | { outcome: 'created' | 'reset'; runId: string; logicalDate: Date; dagPaused: boolean }
  | { outcome: 'exists'; runId: string; logicalDate: Date; message: string }
  | { outcome: 'not_found'; message: string };

export type TTaskRunContext<K extends TTaskTypeName> = {
  /** The task's config with every template rendered. */
  config: TTaskConfigs[K];
  /** Airflow's template context for this task instance (ds, ts, params, …). */
  templateContext: TTemplateContext;
  log: TTaskLog;
  /** Aborted on execution_timeout, when the instance is cleared or marked from outside, or on worker shutdown. */
  signal: AbortSignal;
  /** Throws TaskFailure naming the connection when it does not exist in the workspace. */
  getConnection(connId: string): Promise<TResolvedConnection>;
  /** The state of another DAG's run (or of one of its task instances) for a logical date; null if none. */
  lookupExternalState(input: { dagId: string; logicalDate: Date; taskId?: string }): Promise<string | null>;
  /** Triggers a run of a DAG in the task's workspace, as the workspace's manual trigger does (trigger_dag tasks). */
  triggerDagRun(request: TDagRunTriggerRequest): Promise<TDagRunTriggerResult>;
  /**
   * Where the task may connect (TRIBUTARY_EGRESS_ALLOW on a worker): every connection a task
   * type opens in the worker's process goes through it (server/integrations/egress*).
   */
  egress: TEgressPolicy;
  /** A fresh directory that only this attempt uses; removed after the attempt. */
  tempDir: string;
  /** Where task processes run (bash, script): the worker's sandbox, or null when it runs them unsandboxed. */
  sandbox: TTaskSandbox | null;
  dagId: string;
  taskId: string;
  runId: string;
  logicalDate: Date;
  tryNumber: number;
  /** A sensor's first poke since the instance was last cleared (its `timeout` counts from here in mode reschedule). */
  sensorStartedAt: Date | null;
};

export type TTaskResult = {
  /** Small JSON (≤ 64 KiB once serialised) passed downstream as ti.xcom_pull('task_id'). */
  output?: unknown;
  /** Values pushed under other keys than return_value, by key (≤ 64 KiB together): ti.xcom_pull(task_ids=..., key=...). */
  xcom?: Record<string, unknown>;
  /** The task decided to skip itself (as Airflow's AirflowSkipException or bash exit code 99). */
  skipped?: boolean;
  /**
   * A sensor in mode reschedule whose condition is not met yet: the attempt pauses, the worker
   * slot is freed, and the scheduler runs the task again at this time in the same try.
   */
  rescheduleAt?: Date;
};

export type TTaskType<K extends TTaskTypeName> = {
  type: K;
  run(context: TTaskRunContext<K>): Promise<TTaskResult>;
};

/**
 * An expected failure of the task (bad exit code, failed check, HTTP 500): its message goes to
 * the log. With `retry: false` the instance fails at once whatever tries it has left (as
 * Airflow's AirflowFailException, and a sensor's timeout).
 */
export class TaskFailure extends Error {
  readonly retry: boolean;
  /** What the task found before failing (a check task's per-check results), for the engine to store; never passed downstream. */
  readonly output: unknown;

  constructor(message: string, options: { retry?: boolean; output?: unknown } = {}) {
    super(message);
    this.name = 'TaskFailure';
    this.retry = options.retry ?? true;
    this.output = options.output;
  }
}

/** Environment a task subprocess may see: never the worker's own (DATABASE_URL, keys). */
export function baseSubprocessEnv(context: Pick<TTaskRunContext<TTaskTypeName>, 'tempDir' | 'templateContext' | 'tryNumber'>): Record<string, string> {
  const t = context.templateContext;
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: context.tempDir,
    TMPDIR: context.tempDir,
    LANG: 'C.UTF-8',
    AIRFLOW_CTX_DAG_ID: t.dag.dag_id,
    AIRFLOW_CTX_TASK_ID: t.task.task_id,
    AIRFLOW_CTX_DAG_RUN_ID: t.run_id,
    AIRFLOW_CTX_LOGICAL_DATE: t.logical_date,
    AIRFLOW_CTX_TRY_NUMBER: String(context.tryNumber),
    TRIBUTARY_DS: t.ds,
  };
}
