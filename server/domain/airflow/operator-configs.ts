import type { TOperatorTask, TPyFunction, TPyValue } from './airflow-description';
import { carriedReport, durationSeconds, isBoolean, isRecord, isString, isUnmapped, lineOf, literal, literalOf, sourceText, specDate, withImports, type TMapped } from './airflow-values';

/** An operator's type-specific fields, or why it cannot become a Tributary task. */
export type TOperatorConfig =
  | { type: string; config: Record<string, unknown>; handled: string[]; notes?: string[]; left?: ReturnType<typeof carriedReport>['left'] }
  | { unconverted: string; suggestion: string };

type TOperatorMapper = (task: TOperatorTask, functions: Record<string, TPyFunction>) => TOperatorConfig;
type TTaskMapper = (task: TOperatorTask) => TOperatorConfig;

const stringField = (v: TPyValue) => literalOf(v, 'a string', isString);
const PYTHON_SUGGESTION = 'a python task (type: python) whose python_callable does what the operator did, or a bash task';

/** Fields from kwargs by their Airflow name (or renamed); a required one missing or unreadable fails the operator. */
function fields(task: TOperatorTask, spec: Record<string, { from?: string; map: (v: TPyValue) => TMapped<unknown>; required?: boolean; default?: unknown }>): TOperatorConfig {
  const config: Record<string, unknown> = {};
  const handled: string[] = [];
  for (const [field, rule] of Object.entries(spec)) {
    const name = rule.from ?? field;
    const value = task.kwargs[name];
    if (value === undefined) {
      if (rule.default !== undefined) config[field] = rule.default;
      else if (rule.required) return { unconverted: `${task.operator} without ${name}`, suggestion: `give ${name} literally` };
      continue;
    }
    const result = rule.map(value);
    if (isUnmapped(result)) return { unconverted: `${name}: ${result.unmapped}`, suggestion: `write ${name} literally (templates like {{ ds }} are fine), or use ${PYTHON_SUGGESTION}` };
    config[field] = result.value;
    handled.push(name);
  }
  return { type: '', config, handled };
}

const withType = (type: string, result: TOperatorConfig, notes: string[] = []): TOperatorConfig => ('unconverted' in result ? result : { ...result, type, notes });

const sqlFile = (value: unknown) => (typeof value === 'string' ? [value] : Array.isArray(value) ? value : []).some((s) => typeof s === 'string' && /\.sql\s*$/i.test(s));

function sqlOperator(connArg: string, connDefault: string | undefined, extra: Record<string, unknown> = {}): TTaskMapper {
  return (task) => {
    const result = fields(task, {
      conn_id: { from: connArg, map: stringField, required: connDefault === undefined, default: connDefault },
      sql: { map: (v) => literalOf(v, 'a string or a list of strings', (x): x is unknown => isString(x) || (Array.isArray(x) && x.every(isString))), required: true },
      parameters: { map: literal },
    });
    if (!('unconverted' in result) && sqlFile(result.config.sql)) return { unconverted: 'sql names a .sql file, which the importer does not read', suggestion: 'paste the file\'s SQL into the sql field' };
    return withType('sql', 'unconverted' in result ? result : { ...result, config: { ...result.config, ...extra } });
  };
}

const sensorFields = {
  poke_interval: { map: durationSeconds },
  timeout: { map: durationSeconds },
  mode: { map: stringField },
  soft_fail: { map: (v: TPyValue) => literalOf(v, 'True or False', isBoolean) },
};

function pythonOperator(task: TOperatorTask, functions: Record<string, TPyFunction>): TOperatorConfig {
  const callable = task.kwargs.python_callable;
  const fn = callable && 'name' in callable ? functions[callable.name] : undefined;
  if (!fn) return { unconverted: `python_callable ${callable ? `'${'name' in callable ? callable.name : 'expression'}'` : 'missing'}: not a function defined in this file`, suggestion: 'define the function in the DAG file (its source becomes python_callable), or write a python task with code:' };
  const result = fields(task, { op_args: { map: (v) => literalOf(v, 'a literal list', Array.isArray) }, op_kwargs: { map: (v) => literalOf(v, 'a literal mapping', isRecord) } });
  if ('unconverted' in result) return result;
  return { type: 'python', config: { python_callable: withImports(fn), ...result.config }, handled: ['python_callable', ...result.handled], ...carriedReport(fn) };
}

function httpOperator(task: TOperatorTask): TOperatorConfig {
  const result = fields(task, {
    conn_id: { from: 'http_conn_id', map: stringField, default: 'http_default' },
    endpoint: { map: stringField, default: '' },
    method: { map: stringField },
    headers: { map: (v) => literalOf(v, 'a literal mapping', isRecord) },
    data: { map: literal },
  });
  const notes = task.kwargs.response_check ? ['response_check is Python; an http task\'s response_check is a JavaScript expression over `response`: rewrite it'] : [];
  return withType('http', result, notes);
}

const MAPPERS: Record<string, TOperatorMapper> = {
  BashOperator: (task) => withType('bash', fields(task, { bash_command: { map: stringField, required: true }, env: { map: (v) => literalOf(v, 'a literal mapping', isRecord) }, cwd: { map: stringField } })),
  EmptyOperator: () => ({ type: 'empty', config: {}, handled: [] }),
  DummyOperator: () => ({ type: 'empty', config: {}, handled: [] }),
  PythonOperator: pythonOperator,
  SQLExecuteQueryOperator: sqlOperator('conn_id', undefined),
  PostgresOperator: sqlOperator('postgres_conn_id', 'postgres_default'),
  SQLCheckOperator: (task) => {
    const result = sqlOperator('conn_id', undefined, { expect_rows: true })(task);
    return 'unconverted' in result ? result : { ...result, notes: ['SQLCheckOperator also fails on a false or zero value in the first row; the sql task with expect_rows fails only when no row comes back: make the query return no row when the check fails'] };
  },
  HttpOperator: httpOperator,
  SimpleHttpOperator: httpOperator,
  SqlSensor: (task) => withType('sensor', fields(task, { conn_id: { map: stringField, required: true }, sql: { map: stringField, required: true }, ...sensorFields })),
  ExternalTaskSensor: (task) => {
    const result = fields(task, { external_dag_id: { map: stringField, required: true }, external_task_id: { map: stringField }, ...sensorFields });
    const offset = ['execution_delta', 'execution_date_fn'].filter((name) => task.kwargs[name]);
    return withType('sensor', result, offset.length > 0 ? [`${offset.join(', ')} not converted: the sensor waits for the run of the same logical date`] : []);
  },
  TriggerDagRunOperator: triggerDagRunOperator,
};

const RUN_STATE_NAME = /(^|\.)(QUEUED|RUNNING|SUCCESS|FAILED)$/;

/** `["success"]`, `[DagRunState.SUCCESS]` or `[State.FAILED]`: run states by name. */
function runStates(value: TPyValue): TMapped<string[]> {
  const items = 'list' in value ? value.list : 'lit' in value && Array.isArray(value.lit) ? value.lit.map((lit): TPyValue => ({ lit })) : null;
  const states = items?.map((item) => ('lit' in item && isString(item.lit) ? item.lit.toLowerCase() : 'name' in item ? RUN_STATE_NAME.exec(item.name)?.[2]?.toLowerCase() : undefined));
  if (!states || states.some((state) => state === undefined)) return { unmapped: `${sourceText(value)}: expected a list of DAG run states (queued, running, success, failed)`, line: lineOf(value) };
  return { value: states as string[] };
}

/** `datetime(2024, 1, 1)` (UTC) or a string, templated or not; Airflow 2 calls it execution_date. */
function logicalDate(value: TPyValue): TMapped<string> {
  if ('lit' in value) return stringField(value);
  const date = specDate(value);
  if (isUnmapped(date)) return date;
  const zone = date.value.timezone;
  return zone === undefined || zone === 'UTC' ? { value: date.value.date } : { unmapped: `${sourceText(value)}: a logical date in ${zone}; write it as an ISO string with its offset`, line: lineOf(value) };
}

function triggerDagRunOperator(task: TOperatorTask): TOperatorConfig {
  const boolean = { map: (v: TPyValue) => literalOf(v, 'True or False', isBoolean) };
  const dateArg = task.kwargs.logical_date === undefined && task.kwargs.execution_date !== undefined ? 'execution_date' : 'logical_date';
  const result = fields(task, {
    trigger_dag_id: { map: stringField, required: true },
    trigger_run_id: { map: stringField },
    conf: { map: (v) => literalOf(v, 'a literal mapping', isRecord) },
    logical_date: { from: dateArg, map: logicalDate },
    reset_dag_run: boolean,
    wait_for_completion: boolean,
    poke_interval: { map: durationSeconds },
    allowed_states: { map: runStates },
    failed_states: { map: runStates },
    skip_when_already_exists: boolean,
  });
  const notes = task.kwargs.deferrable ? ['deferrable: a trigger_dag task waits in its worker slot (mode poke); raise poke_interval for long runs'] : [];
  return withType('trigger_dag', 'unconverted' in result ? result : { ...result, handled: [...result.handled, 'deferrable'] }, notes);
}

export function operatorConfig(task: TOperatorTask, functions: Record<string, TPyFunction>): TOperatorConfig {
  const mapper = MAPPERS[task.operator];
  if (!mapper) return { unconverted: `${task.operator} is not an operator the importer knows`, suggestion: PYTHON_SUGGESTION };
  return mapper(task, functions);
}

