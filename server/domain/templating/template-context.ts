import { DateTime } from 'luxon';
import { DomainError } from '../errors';

export type TDataInterval = { start: Date; end: Date };

/** What a template may see of a connection: everything but the password. */
export type TTemplateConnection = {
  conn_type: string;
  host: string | null;
  port: number | null;
  login: string | null;
  schema: string | null;
  /** The connection's extra JSON, as stored. */
  extra: string | null;
};

export type TTemplateContextInput = {
  dagId: string;
  taskId: string;
  runId: string;
  logicalDate: Date;
  dataInterval: TDataInterval;
  prevDataInterval?: TDataInterval | null;
  nextDataInterval?: TDataInterval | null;
  /** The DAG's IANA time zone: ds and ts are local dates and times in it. */
  timezone: string;
  params: Record<string, unknown>;
  variables: Record<string, string>;
  connections: Record<string, TTemplateConnection>;
  /** Upstream outputs by task id, read by `ti.xcom_pull('task_id')`. */
  xcom: Record<string, unknown>;
  /** Values upstream tasks pushed under other keys than return_value: task id → key → value. */
  xcomKeys?: Record<string, Record<string, unknown>>;
  /** For a dataset-triggered run: the updates that triggered it, by dataset short form. */
  triggeringDatasetEvents?: TTriggeringDatasetEvents;
};

/** Airflow's `triggering_dataset_events`: dataset → the events that triggered the run. */
export type TTriggeringDatasetEvents = Record<string, { source_dag_id: string | null; source_task_id: string | null; source_run_id: string | null; timestamp: string; extra: Record<string, unknown> }[]>;

/** Every top-level name a template may use; check-template reports anything else. */
export const TEMPLATE_VARIABLES = [
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
  'dag',
  'task',
  'ti',
  'params',
  'var',
  'conn',
  'triggering_dataset_events',
] as const;
export type TTemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export type TTemplateContext = {
  ds: string;
  ds_nodash: string;
  ts: string;
  ts_nodash: string;
  ts_nodash_with_tz: string;
  logical_date: string;
  data_interval_start: string;
  data_interval_end: string;
  prev_ds: string | null;
  prev_ds_nodash: string | null;
  next_ds: string | null;
  next_ds_nodash: string | null;
  run_id: string;
  dag: { dag_id: string };
  task: { task_id: string };
  ti: { dag_id: string; task_id: string; run_id: string; xcom: Record<string, unknown>; xcom_keys: Record<string, Record<string, unknown>> };
  params: Record<string, unknown>;
  var: Record<string, unknown> & { value: Record<string, string>; json: Record<string, unknown> };
  conn: Record<string, TTemplateConnection & { extra_dejson: unknown }>;
  triggering_dataset_events: TTriggeringDatasetEvents;
};

/** Like Python's isoformat(): seconds always, fraction only when present, offset as +HH:MM. */
function isoformat(dt: DateTime): string {
  const fraction = dt.millisecond === 0 ? '' : `.${String(dt.millisecond * 1000).padStart(6, '0')}`;
  return `${dt.toFormat("yyyy-MM-dd'T'HH:mm:ss")}${fraction}${dt.toFormat('ZZ')}`;
}

function inZone(date: Date, timezone: string): DateTime {
  const dt = DateTime.fromJSDate(date, { zone: timezone });
  if (!dt.isValid) throw new DomainError('invalid_template', `'${timezone}' is not a time zone (${dt.invalidExplanation ?? ''})`);
  return dt;
}

/**
 * The values Airflow puts in a task's template context. Dates are strings in the DAG's time
 * zone (a team decision: Airflow's `ds` is always UTC, which surprises every non-UTC DAG;
 * for UTC DAGs the strings are identical to Airflow's). prev_ds/next_ds come from the
 * neighbouring data intervals' starts and are null when there is none.
 */
export function buildTemplateContext(input: TTemplateContextInput): TTemplateContext {
  const logical = inZone(input.logicalDate, input.timezone);
  const ds = (interval: TDataInterval | null | undefined, format: string): string | null =>
    interval ? inZone(interval.start, input.timezone).toFormat(format) : null;
  return {
    ds: logical.toFormat('yyyy-MM-dd'),
    ds_nodash: logical.toFormat('yyyyMMdd'),
    ts: isoformat(logical),
    ts_nodash: logical.toFormat("yyyyMMdd'T'HHmmss"),
    ts_nodash_with_tz: `${logical.toFormat("yyyyMMdd'T'HHmmss")}${logical.toFormat('ZZZ')}`,
    logical_date: isoformat(logical),
    data_interval_start: isoformat(inZone(input.dataInterval.start, input.timezone)),
    data_interval_end: isoformat(inZone(input.dataInterval.end, input.timezone)),
    prev_ds: ds(input.prevDataInterval, 'yyyy-MM-dd'),
    prev_ds_nodash: ds(input.prevDataInterval, 'yyyyMMdd'),
    next_ds: ds(input.nextDataInterval, 'yyyy-MM-dd'),
    next_ds_nodash: ds(input.nextDataInterval, 'yyyyMMdd'),
    run_id: input.runId,
    dag: { dag_id: input.dagId },
    task: { task_id: input.taskId },
    ti: { dag_id: input.dagId, task_id: input.taskId, run_id: input.runId, xcom: { ...input.xcom }, xcom_keys: { ...input.xcomKeys } },
    params: { ...input.params },
    var: buildVar(input.variables),
    conn: buildConn(input.connections),
    triggering_dataset_events: input.triggeringDatasetEvents ?? {},
  };
}

/**
 * `var.value.NAME` (Airflow), `var.NAME` (shorter) and `var.json.NAME` (Airflow, parsed).
 * `value` and `json` always mean the maps: a variable named `value` is `var.value.value`.
 */
function buildVar(variables: Record<string, string>): TTemplateContext['var'] {
  const json: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(variables)) {
    try {
      json[name] = JSON.parse(text);
    } catch {
      // Not JSON: `var.json.NAME` is then an unknown variable, which the render reports.
    }
  }
  return { ...variables, value: { ...variables }, json };
}

function buildConn(connections: Record<string, TTemplateConnection>): TTemplateContext['conn'] {
  const result: TTemplateContext['conn'] = {};
  for (const [name, c] of Object.entries(connections)) {
    // Copy field by field: the caller's object may carry the password at run time.
    result[name] = {
      conn_type: c.conn_type,
      host: c.host,
      port: c.port,
      login: c.login,
      schema: c.schema,
      extra: c.extra,
      extra_dejson: parseExtra(c.extra),
    };
  }
  return result;
}

function parseExtra(extra: string | null): unknown {
  if (extra === null || extra.trim() === '') return {};
  try {
    return JSON.parse(extra);
  } catch {
    return {};
  }
}
