import { z } from 'zod';
import { validateTimezone } from '../schedule/schedule';
import { ZScheduleSchema } from './dataset-schedule';
import { DEFAULT_TRIGGER_RULE, TRIGGER_RULES } from '../state/trigger-rules';
import { ZDatasetRefSchema } from './dataset-ref';
import { ZDurationSchema } from './duration-schema';
import { oneOfSchema } from './one-of-schema';
import { ZSpecDateSchema } from './spec-date';
import { isRecord, reportUnknownFields, strictObject } from './strict-object';
import {
  TASK_CONFIG_SCHEMAS,
  TASK_TYPES,
  ZBashConfigSchema,
  ZCheckConfigSchema,
  ZEmptyConfigSchema,
  ZHttpConfigSchema,
  ZLoadConfigSchema,
  ZNotifyConfigSchema,
  ZScriptConfigSchema,
  ZPythonConfigSchema,
  ZTriggerDagConfigSchema,
  ZSensorConfigSchema,
  ZSqlConfigSchema,
  isTaskType,
  unknownTaskTypeMessage,
} from './task-configs';

/** DAG and task ids as Airflow allows them: they appear in URLs, logs and `flow` lines. */
export const ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

const idSchema = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, `${what} must not be empty`)
    .max(250, `${what} is longer than 250 characters`)
    .regex(ID_PATTERN, `${what} may contain only letters, digits, '_', '.' and '-'`);

export const ZTaskIdSchema = idSchema('task_id');

const ZTaskIdListSchema = z
  .union([ZTaskIdSchema, z.array(ZTaskIdSchema)], { error: 'expected a task id or a list of task ids' })
  .transform((ids) => (typeof ids === 'string' ? [ids] : ids));

/** Airflow accepts one address or a list. */
const ZEmailListSchema = z
  .union([z.email(), z.array(z.email())], { error: 'expected an email address or a list of them' })
  .transform((emails) => (typeof emails === 'string' ? [emails] : emails));

/** Alert channel names (or `default`: the workspace's default channels); one name or a list. */
const ZAlertTargetsSchema = z
  .union([z.string(), z.array(z.string())], { error: "expected a channel name or a list of them (or 'default')" })
  .transform((names) => (typeof names === 'string' ? [names] : names))
  .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, "a channel name has only lower-case letters, digits, '_', '.' and '-'")));

/** Who hears about a task: failures (no tries left), retries, the first success after a failure, every success. */
const ALERT_RULE_SHAPE = {
  on_failure: ZAlertTargetsSchema.optional(),
  on_retry: ZAlertTargetsSchema.optional(),
  on_recovery: ZAlertTargetsSchema.optional(),
  on_success: ZAlertTargetsSchema.optional(),
};

const ZRetriesSchema = z.number().int().nonnegative();
const ZPoolSchema = z.string().min(1);

export const ZDefaultArgsSchema = strictObject({
  owner: z.string().min(1).optional(),
  retries: ZRetriesSchema.default(0),
  retry_delay: ZDurationSchema.default(300),
  retry_exponential_backoff: z.boolean().default(false),
  max_retry_delay: ZDurationSchema.optional(),
  execution_timeout: ZDurationSchema.optional(),
  email: ZEmailListSchema.default([]),
  depends_on_past: z.boolean().default(false),
  pool: ZPoolSchema.default('default_pool'),
  ...ALERT_RULE_SHAPE,
});

/** Fields every task has; the ones also in `default_args` stay undefined here when not set, so they inherit. */
const TASK_COMMON_SHAPE = {
  task_id: ZTaskIdSchema,
  depends_on: ZTaskIdListSchema.default([]),
  trigger_rule: oneOfSchema('trigger_rule', TRIGGER_RULES).default(DEFAULT_TRIGGER_RULE),
  retries: ZRetriesSchema.optional(),
  retry_delay: ZDurationSchema.optional(),
  retry_exponential_backoff: z.boolean().optional(),
  max_retry_delay: ZDurationSchema.optional(),
  execution_timeout: ZDurationSchema.optional(),
  depends_on_past: z.boolean().optional(),
  pool: ZPoolSchema.optional(),
  pool_slots: z.number().int().min(1).default(1),
  owner: z.string().min(1).optional(),
  email: ZEmailListSchema.optional(),
  ...ALERT_RULE_SHAPE,
  inputs: z.array(ZDatasetRefSchema).default([]),
  outputs: z.array(ZDatasetRefSchema).default([]),
  doc_md: z.string().optional(),
  /** The Airflow operator the task was converted from (`BashOperator`): Airflow's REST `operator` field reports it. */
  operator: z.string({ error: 'operator must be a string' }).trim().min(1, 'operator must not be empty').max(200, 'operator is longer than 200 characters').optional(),
  /** The grid's task group (a label, not nested); without it, a task-id prefix shared by two tasks groups them. */
  group: z.string({ error: 'group must be a string' }).trim().min(1, 'group must not be empty').max(100, 'group is longer than 100 characters').optional(),
};

export const TASK_COMMON_FIELDS = ['type', ...Object.keys(TASK_COMMON_SHAPE)] as const;

/** Splits a flat task into the shared fields and `config`, the part the task type's runtime reads. */
function splitConfig<T extends { type: string } & z.output<z.ZodObject<typeof TASK_COMMON_SHAPE>>>(task: T) {
  const { task_id, type, depends_on, trigger_rule, retries, retry_delay, retry_exponential_backoff, ...rest } = task;
  const { max_retry_delay, execution_timeout, depends_on_past, pool, pool_slots, owner, email, ...more } = rest;
  const { inputs, outputs, doc_md, group, operator, on_failure, on_retry, on_recovery, on_success, ...config } = more;
  return {
    ...{ task_id, type, depends_on, trigger_rule, retries, retry_delay, retry_exponential_backoff },
    ...{ max_retry_delay, execution_timeout, depends_on_past, pool, pool_slots, owner, email, inputs, outputs, doc_md, group, operator },
    ...{ on_failure, on_retry, on_recovery, on_success },
    config,
  };
}

const common = <T extends string>(type: T) => ({ ...TASK_COMMON_SHAPE, type: z.literal(type) });

const ZTaskVariantsSchema = z.discriminatedUnion(
  'type',
  [
    ZEmptyConfigSchema.safeExtend(common('empty')).transform(splitConfig),
    ZBashConfigSchema.safeExtend(common('bash')).transform(splitConfig),
    ZHttpConfigSchema.safeExtend(common('http')).transform(splitConfig),
    ZSqlConfigSchema.safeExtend(common('sql')).transform(splitConfig),
    ZLoadConfigSchema.safeExtend(common('load')).transform(splitConfig),
    ZCheckConfigSchema.safeExtend(common('check')).transform(splitConfig),
    ZNotifyConfigSchema.safeExtend(common('notify')).transform(splitConfig),
    ZSensorConfigSchema.safeExtend(common('sensor')).transform(splitConfig),
    ZScriptConfigSchema.safeExtend(common('script')).transform(splitConfig),
    ZPythonConfigSchema.safeExtend(common('python')).transform(splitConfig),
    ZTriggerDagConfigSchema.safeExtend(common('trigger_dag')).transform(splitConfig),
  ],
  { error: (issue) => (isRecord(issue.input) ? unknownTaskTypeMessage(issue.input.type) : undefined) },
);

/** A task: shared fields plus its type's fields side by side, as in Airflow's operator call. */
export const ZTaskSpecSchema = z.preprocess((value: unknown, ctx) => {
  if (isRecord(value) && isTaskType(value.type)) {
    reportUnknownFields(value, [...TASK_COMMON_FIELDS, ...Object.keys(TASK_CONFIG_SCHEMAS[value.type].shape)], ctx);
  }
  return value;
}, ZTaskVariantsSchema);

const ZFlowSchema = z
  .union([z.string(), z.array(z.string())], { error: 'flow must be a list of lines like "a >> [b, c] >> d"' })
  .transform((lines) => (typeof lines === 'string' ? [lines] : lines));

export const TIMETABLES = ['interval', 'trigger'] as const;

export const ZDagSpecSchema = strictObject({
  dag_id: idSchema('dag_id'),
  description: z.string().optional(),
  /** A cron expression or preset (`@daily`), `{datasets: [...]}` (runs when they are updated); null (the default) means runs are only triggered by hand. */
  schedule: ZScheduleSchema,
  /** `interval`: a run covers [previous tick, tick) and starts at its end; `trigger`: a run starts at each tick. */
  timetable: oneOfSchema('timetable', TIMETABLES).default('interval'),
  timezone: z
    .string()
    .default('UTC')
    .superRefine((tz, ctx) => {
      const problem = validateTimezone(tz);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: tz });
    }),
  start_date: ZSpecDateSchema.optional(),
  end_date: ZSpecDateSchema.optional(),
  /** Off by default, as in Airflow 3: a new DAG does not backfill the past on its own. */
  catchup: z.boolean().default(false),
  max_active_runs: z.number().int().min(1).default(16),
  max_active_tasks: z.number().int().min(1).default(16),
  dagrun_timeout: ZDurationSchema.optional(),
  /** A run not finished this long after it was due alerts its on_failure channels (Airflow 3's deadline alerts). */
  sla: ZDurationSchema.optional(),
  is_paused_upon_creation: z.boolean().default(true),
  params: z.record(z.string(), z.unknown()).default({}),
  tags: z.array(z.string().min(1)).default([]),
  owner: z.string().min(1).optional(),
  doc_md: z.string().optional(),
  default_args: ZDefaultArgsSchema.prefault({}),
  tasks: z.array(ZTaskSpecSchema).min(1, 'a DAG needs at least one task'),
  flow: ZFlowSchema.default([]),
});

export type TDagSpec = z.output<typeof ZDagSpecSchema>;
export type TTaskSpec = z.output<typeof ZTaskSpecSchema>;
export type TDefaultArgs = z.output<typeof ZDefaultArgsSchema>;
export { TASK_TYPES };
