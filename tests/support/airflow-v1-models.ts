import { z } from 'zod';

/**
 * Airflow's stable REST API models, written by hand from Airflow 2.10.0's published OpenAPI
 * document (airflow/api_connexion/openapi/v1.yaml, `info.version: "2.10.0"`,
 * `components.schemas`), which `apache-airflow-client` 2.x deserialises strictly: a field of the
 * wrong type, or null where the document does not say `nullable: true`, raises in the client.
 *
 * Types and nullability follow the document field by field. The document marks no field of these
 * models required, so presence is Tributary's promise: every field the document declares for
 * DAG, DAGRun and TaskInstance must be there (`sent(...)`), null only where the document allows
 * it; a field Tributary has nothing for is sent as null where nullable. Objects are loose because the client accepts additional properties (Tributary adds some).
 * `format: date-time` and the document's looser `format: datetime` are both checked as ISO 8601.
 */
const sent = <T extends z.ZodType>(schema: T) => schema;

const string = z.string();
const integer = z.number().int();
const dateTime = z.iso.datetime({ offset: true });
const object = z.record(z.string(), z.unknown());

/** ScheduleInterval: anyOf TimeDelta, RelativeDelta, CronExpression (discriminator `__type`), nullable. */
const ZTimeDelta = z.object({ __type: z.literal('TimeDelta'), days: integer, seconds: integer, microseconds: integer });
const RELATIVE_DELTA_FIELDS = ['years', 'months', 'days', 'leapdays', 'hours', 'minutes', 'seconds', 'microseconds', 'year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'] as const;
const ZRelativeDelta = z.object({ __type: z.literal('RelativeDelta'), ...Object.fromEntries(RELATIVE_DELTA_FIELDS.map((field) => [field, integer])) });
const ZCronExpression = z.object({ __type: z.literal('CronExpression'), value: string });
export const ZScheduleInterval = z.discriminatedUnion('__type', [ZTimeDelta, ZRelativeDelta, ZCronExpression]).nullable();

const ZTag = z.looseObject({ name: sent(string) });
const ZCollectionInfo = { total_entries: sent(integer) };

export const ZDag = z.looseObject({
  dag_id: sent(string),
  dag_display_name: sent(string),
  root_dag_id: sent(string.nullable()),
  is_paused: sent(z.boolean().nullable()),
  is_active: sent(z.boolean().nullable()),
  is_subdag: sent(z.boolean()),
  last_parsed_time: sent(dateTime.nullable()),
  last_pickled: sent(dateTime.nullable()),
  last_expired: sent(dateTime.nullable()),
  scheduler_lock: sent(z.boolean().nullable()),
  pickle_id: sent(string.nullable()),
  default_view: sent(string.nullable()),
  fileloc: sent(string),
  file_token: sent(string),
  owners: sent(z.array(string)),
  description: sent(string.nullable()),
  schedule_interval: sent(ZScheduleInterval),
  timetable_description: sent(string.nullable()),
  tags: sent(z.array(ZTag).nullable()),
  max_active_tasks: sent(integer.nullable()),
  max_active_runs: sent(integer.nullable()),
  has_task_concurrency_limits: sent(z.boolean().nullable()),
  has_import_errors: sent(z.boolean().nullable()),
  next_dagrun: sent(dateTime.nullable()),
  next_dagrun_data_interval_start: sent(dateTime.nullable()),
  next_dagrun_data_interval_end: sent(dateTime.nullable()),
  next_dagrun_create_after: sent(dateTime.nullable()),
  max_consecutive_failed_dag_runs: sent(integer.nullable()),
});
export const ZDagCollection = z.looseObject({ dags: sent(z.array(ZDag)), ...ZCollectionInfo });

const ZDagState = z.enum(['queued', 'running', 'success', 'failed']);

export const ZDagRun = z.looseObject({
  dag_run_id: sent(string.nullable()),
  dag_id: sent(string),
  logical_date: sent(dateTime.nullable()),
  execution_date: sent(dateTime.nullable()),
  start_date: sent(dateTime.nullable()),
  end_date: sent(dateTime.nullable()),
  data_interval_start: sent(dateTime.nullable()),
  data_interval_end: sent(dateTime.nullable()),
  last_scheduling_decision: sent(dateTime.nullable()),
  run_type: sent(z.enum(['backfill', 'manual', 'scheduled', 'dataset_triggered'])),
  state: sent(ZDagState),
  external_trigger: sent(z.boolean()),
  conf: sent(object),
  note: sent(string.nullable()),
});
export const ZDagRunCollection = z.looseObject({ dag_runs: sent(z.array(ZDagRun)), ...ZCollectionInfo });

/** TaskState: nullable, with null in the enum (2.7+); `none` is deprecated but still listed. */
const ZTaskState = z
  .enum(['success', 'running', 'failed', 'upstream_failed', 'skipped', 'up_for_retry', 'up_for_reschedule', 'queued', 'none', 'scheduled', 'deferred', 'removed', 'restarting'])
  .nullable();

export const ZTaskInstance = z.looseObject({
  task_id: sent(string),
  task_display_name: sent(string),
  dag_id: sent(string),
  dag_run_id: sent(string),
  execution_date: sent(dateTime),
  start_date: sent(dateTime.nullable()),
  end_date: sent(dateTime.nullable()),
  duration: sent(z.number().nullable()),
  state: sent(ZTaskState),
  try_number: sent(integer),
  map_index: sent(integer),
  max_tries: sent(integer),
  hostname: sent(string),
  unixname: sent(string),
  pool: sent(string),
  pool_slots: sent(integer),
  queue: sent(string.nullable()),
  priority_weight: sent(integer.nullable()),
  operator: sent(string.nullable()),
  queued_when: sent(dateTime.nullable()),
  pid: sent(integer.nullable()),
  executor: sent(string.nullable()),
  executor_config: sent(string),
  sla_miss: sent(object.nullable()),
  rendered_map_index: sent(string.nullable()),
  rendered_fields: sent(object),
  trigger: sent(object.nullable()),
  triggerer_job: sent(object.nullable()),
  note: sent(string.nullable()),
});
export const ZTaskInstanceCollection = z.looseObject({ task_instances: sent(z.array(ZTaskInstance)), ...ZCollectionInfo });

export const ZTaskInstanceReference = z.looseObject({ task_id: sent(string), dag_id: sent(string), execution_date: sent(dateTime), dag_run_id: sent(string) });
export const ZTaskInstanceReferenceCollection = z.looseObject({ task_instances: sent(z.array(ZTaskInstanceReference)) });

const CONNECTION_ITEM = {
  connection_id: sent(string),
  conn_type: sent(string),
  description: sent(string.nullable()),
  host: sent(string.nullable()),
  login: sent(string.nullable()),
  schema: sent(string.nullable()),
  port: sent(integer.nullable()),
  // `password` is writeOnly: it never appears in an answer.
  password: z.never({ error: 'password is writeOnly: it must never be sent' }).optional(),
};
export const ZConnectionCollectionItem = z.looseObject(CONNECTION_ITEM);
export const ZConnectionCollection = z.looseObject({ connections: sent(z.array(ZConnectionCollectionItem)), ...ZCollectionInfo });
export const ZConnection = z.looseObject({ ...CONNECTION_ITEM, extra: sent(string.nullable()) });

const VARIABLE_ITEM = { key: sent(string), description: sent(string.nullable()) };
export const ZVariableCollectionItem = z.looseObject(VARIABLE_ITEM);
export const ZVariableCollection = z.looseObject({ variables: sent(z.array(ZVariableCollectionItem)), ...ZCollectionInfo });
export const ZVariable = z.looseObject({ ...VARIABLE_ITEM, value: sent(string) });

/** Every field a model rejects, as `path: message`; empty when the body matches. */
export function contractProblems(model: z.ZodType, body: unknown): string[] {
  const parsed = model.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
}
