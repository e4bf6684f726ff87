import { z } from 'zod';
import { ZDurationSchema } from './duration-schema';
import { oneOfMessage, oneOfSchema } from './one-of-schema';
import { strictObject } from './strict-object';
import { ZTriggerDagConfigSchema } from './trigger-dag-config';

export { ZTriggerDagConfigSchema } from './trigger-dag-config';

/**
 * The type-specific part of each task, with the argument names of the matching Airflow
 * operator. The worker parses `task.config` with these; every output here is valid input again,
 * so parsing twice gives the same value.
 *
 * They are plain (stripping) objects so that the DAG spec can extend them with the fields every
 * task shares; the spec reports unknown keys itself, knowing the task's type.
 */

const ZConnIdSchema = z.string().min(1, 'conn_id must not be empty');
const ZNonEmptyStringSchema = z.string().min(1, 'must not be empty');
const ZColumnListSchema = z.array(ZNonEmptyStringSchema).min(1, 'list at least one column');

/** YAML reads `PORT: 8080` as a number; environment and headers are strings either way. */
const ZStringValueSchema = z
  .union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' })
  .transform(String);
const ZStringMapSchema = z.record(z.string(), ZStringValueSchema);

export const ZEmptyConfigSchema = z.object({});

export const ZBashConfigSchema = z.object({
  bash_command: ZNonEmptyStringSchema,
  env: ZStringMapSchema.default({}),
  cwd: ZNonEmptyStringSchema.optional(),
});

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const ZHttpConfigSchema = z
  .object({
    conn_id: ZConnIdSchema.optional(),
    endpoint: z.string().optional(),
    url: z.string().regex(/^(https?:\/\/|\{\{)/i, 'url must start with http:// or https://').optional(),
    method: z
      .string()
      .transform((method) => method.toUpperCase())
      .pipe(oneOfSchema('method', HTTP_METHODS))
      .default('GET'),
    headers: ZStringMapSchema.default({}),
    data: z
      .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())], {
        error: 'data must be a string, a mapping or a list',
      })
      .optional(),
    /** A JavaScript expression over `response` (status, headers, json, text); falsy fails the task. */
    response_check: ZNonEmptyStringSchema.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.url !== undefined && config.conn_id !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'give either url, or conn_id with endpoint, not both' });
    } else if (config.url === undefined && config.conn_id === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'an http task needs url, or conn_id with endpoint' });
    } else if (config.conn_id !== undefined && config.endpoint === undefined) {
      ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'conn_id needs an endpoint (the path to call)' });
    }
  });

export const ZSqlConfigSchema = z.object({
  conn_id: ZConnIdSchema,
  sql: z.union([ZNonEmptyStringSchema, z.array(ZNonEmptyStringSchema).min(1, 'list at least one statement')], {
    error: 'sql must be a string or a list of strings',
  }),
  parameters: z
    .union([z.array(z.unknown()), z.record(z.string(), z.unknown())], {
      error: 'parameters must be a list (PostgreSQL $1, $2…; MySQL ?, ?…) or a mapping',
    })
    .optional(),
  /** When true, the task fails if the last statement returns no rows (as SQLCheckOperator). */
  expect_rows: z.boolean().default(false),
});

export const LOAD_FORMATS = ['csv', 'json', 'parquet'] as const;
export const LOAD_MODES = ['full_refresh', 'incremental'] as const;

export const ZUrlSourceSchema = strictObject({
  url: ZNonEmptyStringSchema,
  format: oneOfSchema('format', LOAD_FORMATS),
  header: z.boolean().default(true),
});

export const ZQuerySourceSchema = strictObject({
  conn_id: ZConnIdSchema,
  sql: ZNonEmptyStringSchema,
});

export const S3_FILE_FORMATS = ['csv', 'jsonl', 'parquet'] as const;

/** Objects of an s3 connection by key or glob (`events/{{ ds }}/*.jsonl`): bucket and key, or the key as `s3://bucket/path`. */
export const ZS3SourceSchema = strictObject({
  conn_id: ZConnIdSchema,
  bucket: ZNonEmptyStringSchema.optional(),
  key: ZNonEmptyStringSchema,
  format: oneOfSchema('format', S3_FILE_FORMATS),
  header: z.boolean().default(true),
});

/** An object of an s3 connection, replaced whole by each load (`{{ ds }}` in the key gives one object per logical date). */
export const ZS3TargetSchema = strictObject({
  conn_id: ZConnIdSchema,
  bucket: ZNonEmptyStringSchema.optional(),
  key: ZNonEmptyStringSchema,
  format: oneOfSchema('format', S3_FILE_FORMATS),
});

/** Which target a load has, by its shape: `key` is an S3 object's (a Redis target has key_prefix). */
export const isS3Target = <T extends { conn_id: string }>(target: T | z.output<typeof ZS3TargetSchema>): target is z.output<typeof ZS3TargetSchema> => 'key' in target;

export const ZTableRefSchema = strictObject({
  conn_id: ZConnIdSchema,
  table: ZNonEmptyStringSchema,
});

export const REDIS_VALUE_KINDS = ['hash', 'json'] as const;

/** One Redis key per row, `<key_prefix><key_column's value>`: a hash of the other columns, or the row as one JSON string. */
export const ZRedisTargetSchema = strictObject({
  conn_id: ZConnIdSchema,
  key_prefix: ZNonEmptyStringSchema,
  key_column: ZNonEmptyStringSchema,
  value: oneOfSchema('value', REDIS_VALUE_KINDS).default('hash'),
  ttl: ZDurationSchema.refine((seconds) => seconds > 0, 'ttl must be longer than 0 seconds').optional(),
});

/** Which target a load has, by its shape: `key_prefix` is a Redis target's, `table` a table's. */
export const isRedisTarget = <T extends { conn_id: string }>(target: T | TRedisTarget): target is TRedisTarget => 'key_prefix' in target;

export const ZLoadConfigSchema = z
  .object({
    source: z.union([ZUrlSourceSchema, ZQuerySourceSchema, ZS3SourceSchema], {
      error: 'source must be {url, format}, {conn_id, sql}, or {conn_id, bucket, key, format} (S3 objects)',
    }),
    target: z.union([ZTableRefSchema, ZRedisTargetSchema, ZS3TargetSchema], {
      error: 'target must be {conn_id, table} (a PostgreSQL or MySQL table), {conn_id, key_prefix, key_column} (Redis keys) or {conn_id, bucket, key, format} (an S3 object)',
    }),
    mode: oneOfSchema('mode', LOAD_MODES).default('full_refresh'),
    partition_column: ZNonEmptyStringSchema.optional(),
    key: z
      .union([ZNonEmptyStringSchema, ZColumnListSchema], { error: 'key must be a column or a list of columns' })
      .transform((key) => (typeof key === 'string' ? [key] : key))
      .optional(),
  })
  .superRefine((config, ctx) => {
    if (config.mode === 'incremental' && config.partition_column === undefined && config.key === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mode'],
        message: 'incremental loads need partition_column (replace that partition) or key (upsert on it)',
      });
    }
    if (isS3Target(config.target) && config.mode === 'incremental') {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: 'an S3 object is replaced whole: use mode full_refresh, with {{ ds }} in target.key for one object per logical date' });
    }
    if ('key_prefix' in config.target) refineRedisLoad(config.target.key_column, config, ctx);
  });

export type TRedisTarget = z.output<typeof ZRedisTargetSchema>;

/**
 * A Redis target replaces everything it loaded (full_refresh) or upserts by its key column.
 * Replacing one partition would need the old keys of that date, and a key carries no date.
 */
function refineRedisLoad(keyColumn: string, config: { mode: string; partition_column?: string; key?: string[] }, ctx: z.RefinementCtx): void {
  if (config.mode === 'incremental' && config.partition_column !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['partition_column'],
      message: 'a Redis target cannot replace one partition (its keys carry no date to find the old ones by): use mode full_refresh, or incremental with key (upsert)',
    });
  }
  if (config.key !== undefined && (config.key.length !== 1 || config.key[0] !== keyColumn)) {
    ctx.addIssue({ code: 'custom', path: ['key'], message: `key must be the target's key_column (${keyColumn}): a Redis key is key_prefix + key_column` });
  }
}

export const ZChecksSchema = strictObject({
  row_count_min: z.number().int().nonnegative().optional(),
  row_count_max: z.number().int().nonnegative().optional(),
  unique: ZColumnListSchema.optional(),
  not_null: ZColumnListSchema.optional(),
  /** A SQL boolean expression that must hold for every row (`amount >= 0`). */
  sql_true: ZNonEmptyStringSchema.optional(),
}).superRefine((checks, ctx) => {
  if (Object.values(checks).every((value) => value === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: 'list at least one check: row_count_min, row_count_max, unique, not_null, sql_true',
    });
  }
  const { row_count_min: min, row_count_max: max } = checks;
  if (min !== undefined && max !== undefined && min > max) {
    ctx.addIssue({ code: 'custom', path: ['row_count_max'], message: `row_count_max ${max} is below row_count_min ${min}` });
  }
});

export const ZCheckConfigSchema = z.object({
  conn_id: ZConnIdSchema,
  table: ZNonEmptyStringSchema,
  checks: ZChecksSchema,
});

export const ZNotifyConfigSchema = z.object({
  /** Where to send: a slack_webhook or http connection, written `slack:<conn_id>`, `webhook:<conn_id>` or `<conn_id>`. */
  channel: ZNonEmptyStringSchema,
  message: ZNonEmptyStringSchema,
});

export const SENSOR_MODES = ['poke', 'reschedule'] as const;

export const ZSensorConfigSchema = z
  .object({
    conn_id: ZConnIdSchema.optional(),
    sql: ZNonEmptyStringSchema.optional(),
    external_dag_id: ZNonEmptyStringSchema.optional(),
    external_task_id: ZNonEmptyStringSchema.optional(),
    /** Airflow's S3KeySensor: a key or glob (`logs/{{ ds }}/*.csv`, or `s3://bucket/…`) on an s3 connection. */
    bucket_key: ZNonEmptyStringSchema.optional(),
    bucket_name: ZNonEmptyStringSchema.optional(),
    /** Whether `*`, `?` and `[…]` in bucket_key are wildcards; by default, when it has any. */
    wildcard_match: z.boolean().optional(),
    poke_interval: ZDurationSchema.default(60),
    timeout: ZDurationSchema.default(7 * 24 * 3600),
    mode: oneOfSchema('mode', SENSOR_MODES).default('poke'),
    /** On timeout, or when an awaited DAG or task failed, the sensor is skipped instead of failed (Airflow's soft_fail). */
    soft_fail: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    const byS3 = config.bucket_key !== undefined;
    const bySql = config.sql !== undefined || (config.conn_id !== undefined && !byS3);
    const byDag = config.external_dag_id !== undefined;
    if (byS3 && (bySql || byDag)) {
      ctx.addIssue({ code: 'custom', path: ['bucket_key'], message: 'give one of conn_id with sql, conn_id with bucket_key, or external_dag_id' });
    } else if (byS3 && config.conn_id === undefined) {
      ctx.addIssue({ code: 'custom', path: ['conn_id'], message: 'an s3 sensor needs conn_id (an s3 connection) with bucket_key' });
    } else if (bySql && byDag) {
      ctx.addIssue({ code: 'custom', path: ['external_dag_id'], message: 'give either conn_id with sql, or external_dag_id, not both' });
    } else if (!bySql && !byDag && !byS3) {
      ctx.addIssue({ code: 'custom', path: [], message: 'a sensor needs conn_id with sql, conn_id with bucket_key (s3), or external_dag_id' });
    } else if (bySql && (config.conn_id === undefined || config.sql === undefined)) {
      ctx.addIssue({ code: 'custom', path: [config.sql === undefined ? 'sql' : 'conn_id'], message: 'a sql sensor needs both conn_id and sql' });
    }
    for (const field of ['bucket_name', 'wildcard_match'] as const) {
      if (config[field] !== undefined && !byS3) ctx.addIssue({ code: 'custom', path: [field], message: `${field} needs bucket_key` });
    }
    if (config.external_task_id !== undefined && !byDag) {
      ctx.addIssue({ code: 'custom', path: ['external_task_id'], message: 'external_task_id needs external_dag_id' });
    }
  });

export const ZScriptConfigSchema = z.object({
  /** A JavaScript/TypeScript function body; it receives the template context and returns JSON. */
  code: ZNonEmptyStringSchema,
});

/** A top-level `def` (or `async def`) at the start of a line: what python_callable must define. */
const TOP_LEVEL_DEF = /^(async[ \t]+)?def[ \t]+[A-Za-z_]\w*[ \t]*\(/m;

/**
 * Airflow's PythonOperator: `python_callable`, the source of a function (the first top-level
 * `def` is called, with op_args, op_kwargs and the context names it declares), or `code`, a
 * script run as a module. `conn_ids` lists the connections get_connection() may return.
 */
export const ZPythonConfigSchema = z
  .object({
    python_callable: ZNonEmptyStringSchema.refine((source) => TOP_LEVEL_DEF.test(source), 'python_callable must define a function: a top-level `def name(...):`').optional(),
    op_args: z.array(z.unknown(), { error: 'op_args must be a list' }).optional(),
    op_kwargs: z.record(z.string(), z.unknown(), { error: 'op_kwargs must be a mapping' }).optional(),
    code: ZNonEmptyStringSchema.optional(),
    conn_ids: z.array(ZConnIdSchema, { error: 'conn_ids must be a list of connection ids' }).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.python_callable !== undefined && config.code !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['code'], message: 'give either python_callable (a function) or code (a script), not both' });
    } else if (config.python_callable === undefined && config.code === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'a python task needs python_callable (the source of a function) or code (a script)' });
    }
    for (const field of ['op_args', 'op_kwargs'] as const) {
      if (config[field] !== undefined && config.python_callable === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} needs python_callable (a script given as code takes no arguments)` });
      }
    }
  });

export const TASK_TYPES = ['empty', 'bash', 'http', 'sql', 'load', 'check', 'notify', 'sensor', 'script', 'python', 'trigger_dag'] as const;
export type TTaskType = (typeof TASK_TYPES)[number];

export const TASK_CONFIG_SCHEMAS = {
  empty: ZEmptyConfigSchema,
  bash: ZBashConfigSchema,
  http: ZHttpConfigSchema,
  sql: ZSqlConfigSchema,
  load: ZLoadConfigSchema,
  check: ZCheckConfigSchema,
  notify: ZNotifyConfigSchema,
  sensor: ZSensorConfigSchema,
  script: ZScriptConfigSchema,
  python: ZPythonConfigSchema,
  trigger_dag: ZTriggerDagConfigSchema,
} as const satisfies Record<TTaskType, z.ZodObject>;

/**
 * Config fields passed to the task verbatim, never rendered as templates: Python source is full
 * of `{{`, `{%` and f-string braces that Liquid would render or refuse. Airflow's PythonOperator
 * likewise templates only op_args and op_kwargs.
 */
export const UNTEMPLATED_FIELDS: Readonly<Partial<Record<TTaskType, readonly string[]>>> = {
  python: ['python_callable', 'code'],
};

/** The untemplated fields of a task type; none for a type that is not one (the schema reports it). */
export function untemplatedFields(type: unknown): readonly string[] {
  return isTaskType(type) ? (UNTEMPLATED_FIELDS[type] ?? []) : [];
}

export type TTaskConfigs = { [K in TTaskType]: z.output<(typeof TASK_CONFIG_SCHEMAS)[K]> };
export type TBashConfig = TTaskConfigs['bash'];
export type THttpConfig = TTaskConfigs['http'];
export type TSqlConfig = TTaskConfigs['sql'];
export type TLoadConfig = TTaskConfigs['load'];
export type TCheckConfig = TTaskConfigs['check'];
export type TNotifyConfig = TTaskConfigs['notify'];
export type TSensorConfig = TTaskConfigs['sensor'];
export type TScriptConfig = TTaskConfigs['script'];
export type TPythonConfig = TTaskConfigs['python'];
export type TTriggerDagConfig = TTaskConfigs['trigger_dag'];

export function isTaskType(value: unknown): value is TTaskType {
  return typeof value === 'string' && (TASK_TYPES as readonly string[]).includes(value);
}

export function unknownTaskTypeMessage(type: unknown): string {
  if (type === undefined) return `missing field 'type' (expected one of: ${TASK_TYPES.join(', ')})`;
  return oneOfMessage('task type', type, TASK_TYPES);
}
