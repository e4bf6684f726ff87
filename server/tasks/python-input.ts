import type { TPythonConfig } from '../domain/dag/task-configs';
import type { TResolvedConnection } from '../domain/connections/resolved-connection';
import type { TTemplateContext } from '../domain/templating/template-context';

/** A connection as tributary.get_connection() returns it: Airflow's Connection fields, extra as JSON text. */
export type TPythonConnection = {
  conn_id: string;
  conn_type: string;
  host: string | null;
  port: number | null;
  login: string | null;
  password: string | null;
  schema: string | null;
  extra: string;
};

/** What python-runner.py reads on stdin (its protocol is described there). */
export type TPythonRunnerInput = {
  mode: 'callable' | 'script';
  source: string;
  /** Names the code in tracebacks: `python_callable` or `code`, the spec's field. */
  filename: string;
  op_args: unknown[];
  op_kwargs: Record<string, unknown>;
  /** The keyword arguments a callable may declare, before the runner adds ti, dag_run, dag and task. */
  context: Record<string, unknown>;
  ids: { dag_id: string; task_id: string; run_id: string; try_number: number };
  /** Upstream outputs by task id: what ti.xcom_pull(task_ids=...) reads. */
  xcom: Record<string, unknown>;
  /** What upstream tasks pushed under other keys: task id → key → value, for xcom_pull(key=...). */
  xcom_keys: Record<string, Record<string, unknown>>;
  connections: Record<string, TPythonConnection>;
};

/** The context names of Airflow's PythonOperator that Tributary has, as the template renders them. */
const CONTEXT_NAMES = [
  'ds',
  'ds_nodash',
  'ts',
  'ts_nodash',
  'ts_nodash_with_tz',
  'logical_date',
  'data_interval_start',
  'data_interval_end',
  'prev_ds',
  'prev_ds_nodash',
  'next_ds',
  'next_ds_nodash',
  'run_id',
  'params',
] as const satisfies readonly (keyof TTemplateContext)[];

export function pythonConnection(connection: TResolvedConnection): TPythonConnection {
  return {
    conn_id: connection.connId,
    conn_type: connection.connType,
    host: connection.host,
    port: connection.port,
    login: connection.login,
    password: connection.password,
    schema: connection.schema,
    extra: JSON.stringify(connection.extra),
  };
}

/** The runner's input for one attempt; `connections` are only those the task lists in conn_ids. */
export function pythonRunnerInput(
  config: TPythonConfig,
  template: TTemplateContext,
  tryNumber: number,
  connections: readonly TResolvedConnection[],
): TPythonRunnerInput {
  const callable = config.python_callable !== undefined;
  return {
    mode: callable ? 'callable' : 'script',
    source: config.python_callable ?? config.code ?? '',
    filename: callable ? 'python_callable' : 'code',
    op_args: config.op_args ?? [],
    op_kwargs: config.op_kwargs ?? {},
    context: Object.fromEntries(CONTEXT_NAMES.map((name) => [name, template[name]])),
    ids: { dag_id: template.dag.dag_id, task_id: template.task.task_id, run_id: template.run_id, try_number: tryNumber },
    xcom: template.ti.xcom,
    xcom_keys: template.ti.xcom_keys,
    connections: Object.fromEntries(connections.map((connection) => [connection.connId, pythonConnection(connection)])),
  };
}
