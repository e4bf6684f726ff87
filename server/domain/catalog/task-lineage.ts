import type { z } from 'zod';
import type { TDatasetRef } from '../dag/dataset-ref';
import type { TDag, TDagTask } from '../dag/normalize-dag';
import { isRedisTarget, isS3Target, ZCheckConfigSchema, ZLoadConfigSchema, ZSqlConfigSchema, untemplatedFields, type TLoadConfig } from '../dag/task-configs';
import { isMysqlConnType } from '../connections/mysql-settings';
import { err, ok, type Result } from '../result';
import { renderFields } from '../templating/render-template';
import type { TTemplateContext } from '../templating/template-context';
import { inferMysqlSqlLineage } from './mysql-sql-lineage';
import { sampleTemplateContext, type TSampleContextInput } from './sample-template-context';
import { inferSqlLineage, type TSqlLineage } from './sql-lineage';
import { describeSqlParseError, type TParseSql, type TSqlParseTree } from './sql-parse-tree';
import { formatDatasetShortForm, redisKeyPattern } from './dataset-name';
import { compareText, formatTableName, parseTableText, type TTableName } from './table-name';

/** What a task reads and writes as inferred from its SQL (never from its declared inputs and outputs). */
export type TKnownTaskLineage = {
  status: 'known';
  reads: TDatasetRef[];
  writes: TDatasetRef[];
  dropped: TDatasetRef[];
  altered: TDatasetRef[];
  /** A `load` task's url source: a file or API dataset, named by openLineageUriName. */
  read_urls: string[];
  /** Statement kinds the SQL walker skipped: when any, the lists may be incomplete. */
  skipped: string[];
};

export type TTaskLineage =
  | TKnownTaskLineage
  /** The SQL could not be rendered with a sample context, or not parsed: `reason` says where and why. */
  | { status: 'unknown'; reason: string }
  /** A task type whose tables Tributary cannot see (bash, http, script...). */
  | { status: 'none' };

export type TTaskLineageOptions = TSampleContextInput & {
  parse: TParseSql;
  /** Where unqualified table names land; PostgreSQL's default search_path gives `public`. */
  defaultSchema?: string;
  /** A connection's conn_type, where it exists: a mysql connection's SQL is read as MySQL's. */
  connectionType?: (connId: string) => string | undefined;
};

type TParts = Partial<Record<'reads' | 'writes' | 'dropped' | 'altered', TDatasetRef[]>> & { read_urls?: string[]; skipped?: string[] };

const byRef = (a: TDatasetRef, b: TDatasetRef) => compareText(a.conn_id, b.conn_id) || compareText(a.table, b.table);

function uniqueRefs(refs: readonly TDatasetRef[]): TDatasetRef[] {
  const byKey = new Map(refs.map((ref) => [`${ref.conn_id}\u0000${ref.table}`, ref]));
  return [...byKey.values()].sort(byRef);
}

function known(...parts: TParts[]): TKnownTaskLineage {
  const refs = (key: 'reads' | 'writes' | 'dropped' | 'altered') => uniqueRefs(parts.flatMap((part) => part[key] ?? []));
  const texts = (key: 'read_urls' | 'skipped') => [...new Set(parts.flatMap((part) => part[key] ?? []))].sort(compareText);
  return {
    status: 'known',
    reads: refs('reads'),
    writes: refs('writes'),
    dropped: refs('dropped'),
    altered: refs('altered'),
    read_urls: texts('read_urls'),
    skipped: texts('skipped'),
  };
}

/**
 * A dataset ref in the spec's form. The database qualifier is dropped: PostgreSQL accepts only
 * the connection's own database there, so `db.public.t` and `public.t` are the same table.
 */
const refOf = (conn_id: string, name: TTableName): TDatasetRef => ({ conn_id, table: formatTableName({ ...name, database: null }) });

function sqlParts(conn_id: string, lineage: TSqlLineage): TParts {
  const refs = (names: TTableName[]) => names.map((name) => refOf(conn_id, name));
  return { reads: refs(lineage.reads), writes: refs(lineage.writes), dropped: refs(lineage.dropped), altered: refs(lineage.altered), skipped: lineage.skipped };
}

/** Every text parsed, or the first that is not SQL, named by its field (`sql[1]: ... at line 2, column 5`). */
function parseAll(texts: readonly { field: string; sql: string }[], parse: TParseSql): Result<TSqlParseTree[], string> {
  const trees: TSqlParseTree[] = [];
  for (const { field, sql } of texts) {
    const parsed = parse(sql);
    if (!parsed.ok) return err(`${field}: ${describeSqlParseError(parsed.error)}`);
    trees.push(parsed.value);
  }
  return ok(trees);
}

type TSqlText = { field: string; sql: string };

/**
 * What SQL on one connection reads and writes. PostgreSQL's SQL must parse whole; MySQL's is
 * followed statement by statement where its rewriting for PostgreSQL's parser is sound, the
 * rest listed in `skipped` (mysql-sql-lineage.ts).
 */
function sqlLineage(conn_id: string, texts: readonly TSqlText[], options: TTaskLineageOptions, defaultSchema: string): Result<TParts, string> {
  if (isMysqlConnType(options.connectionType?.(conn_id) ?? '')) return ok(sqlParts(conn_id, inferMysqlSqlLineage(texts, options.parse, defaultSchema)));
  const trees = parseAll(texts, options.parse);
  return trees.ok ? ok(sqlParts(conn_id, inferSqlLineage(trees.value, { defaultSchema }))) : trees;
}

function renderConfig<T>(schema: z.ZodType<T>, task: TDagTask, context: TTemplateContext): Result<T, string> {
  const rendered = renderFields(task.config, context, untemplatedFields(task.type));
  if (!rendered.ok) return err(`its templates do not render with a sample context: ${rendered.error.path || 'config'}: ${rendered.error.message}`);
  const parsed = schema.safeParse(rendered.value);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  return err(`after rendering, ${issue?.path.join('.') || 'config'}: ${issue?.message ?? 'invalid'}`);
}

type TTypeLineage = (task: TDagTask, context: TTemplateContext, options: TTaskLineageOptions, defaultSchema: string) => Result<TKnownTaskLineage, string>;

const sqlTask: TTypeLineage = (task, context, options, defaultSchema) => {
  const config = renderConfig(ZSqlConfigSchema, task, context);
  if (!config.ok) return config;
  const { sql, conn_id } = config.value;
  const texts = typeof sql === 'string' ? [{ field: 'sql', sql }] : sql.map((text, index) => ({ field: `sql[${index}]`, sql: text }));
  const parts = sqlLineage(conn_id, texts, options, defaultSchema);
  return parts.ok ? ok(known(parts.value)) : parts;
};

/** A table target as `schema.table`; a Redis target as its key pattern (`course:*`), which is no table. */
function writtenByLoad(target: TLoadConfig['target'], defaultSchema: string): Result<TParts, string> {
  // An S3 object is named from its raw key by the catalog (dag-dataset-edges.ts), not as a table.
  if (isS3Target(target)) return ok({});
  if (isRedisTarget(target)) return ok({ writes: [{ conn_id: target.conn_id, table: redisKeyPattern(target.key_prefix) }] });
  const table = parseTableText(target.table, defaultSchema);
  return table.ok ? ok({ writes: [refOf(target.conn_id, table.value)] }) : err(`target.table: ${table.error}`);
}

/** The target is written whatever the source; a SQL source's tables are read on its own connection. */
const loadTask: TTypeLineage = (task, context, options, defaultSchema) => {
  const config = renderConfig(ZLoadConfigSchema, task, context);
  if (!config.ok) return config;
  const { source, target } = config.value;
  const written = writtenByLoad(target, defaultSchema);
  if (!written.ok) return written;
  if ('url' in source) return ok(known(written.value, { read_urls: [source.url] }));
  // S3 objects are no SQL: the catalog names them from the raw key (dag-dataset-edges.ts).
  if ('key' in source) return ok(known(written.value));
  const parts = sqlLineage(source.conn_id, [{ field: 'source.sql', sql: source.sql }], options, defaultSchema);
  return parts.ok ? ok(known(written.value, parts.value)) : parts;
};

/** A check reads its table, and whatever a subquery in `sql_true` reads. */
const checkTask: TTypeLineage = (task, context, options, defaultSchema) => {
  const config = renderConfig(ZCheckConfigSchema, task, context);
  if (!config.ok) return config;
  const { conn_id, table, checks } = config.value;
  const name = parseTableText(table, defaultSchema);
  if (!name.ok) return err(`table: ${name.error}`);
  const read: TParts = { reads: [refOf(conn_id, name.value)] };
  if (checks.sql_true === undefined) return ok(known(read));
  const parts = sqlLineage(conn_id, [{ field: 'checks.sql_true', sql: `select 1 where (${checks.sql_true})` }], options, defaultSchema);
  return parts.ok ? ok(known(read, parts.value)) : parts;
};

const BY_TYPE: Partial<Record<TDagTask['type'], TTypeLineage>> = { sql: sqlTask, load: loadTask, check: checkTask };

/**
 * The tables one task reads and writes, inferred from the SQL it would run: its templates are
 * rendered the way the worker renders them, with a sample context (sample-template-context.ts),
 * then parsed by `options.parse`. Tables are refs on the task's own connection
 * (`{conn_id, table: 'schema.table'}`). A template or SQL that fails gives `unknown` with the
 * reason, never an error: lineage informs, it does not gate.
 */
export function inferTaskLineage(dag: TDag, task: TDagTask, options: TTaskLineageOptions): TTaskLineage {
  const lineage = BY_TYPE[task.type];
  if (lineage === undefined) return { status: 'none' };
  const result = lineage(task, sampleTemplateContext(dag, task, options), options, options.defaultSchema ?? 'public');
  return result.ok ? result.value : { status: 'unknown', reason: `Task '${task.task_id}': ${result.error}` };
}

export type TLineageWarningKind = 'input_not_read' | 'output_not_written' | 'output_not_declared';

/** A declared edge that the SQL contradicts: shown on deploy, never an error. */
export type TLineageWarning = { task_id: string; kind: TLineageWarningKind; dataset: string; message: string };

/** What a task declares it writes: its outputs, and a `load` task's target, which its config declares. */
export function declaredOutputs(task: TDagTask): TDatasetRef[] {
  if (task.type !== 'load') return task.outputs;
  const { target } = task.config;
  if (isS3Target(target)) return task.outputs;
  return [...task.outputs, { conn_id: target.conn_id, table: isRedisTarget(target) ? redisKeyPattern(target.key_prefix) : target.table }];
}

/** Compares refs as tables: `warehouse.course` and `warehouse.public.course` are one dataset. */
function refKey(ref: TDatasetRef, defaultSchema: string): string {
  const name = parseTableText(ref.table, defaultSchema);
  return `${ref.conn_id}.${name.ok ? formatTableName({ ...name.value, database: null }) : ref.table}`;
}

/**
 * Where a task's declared `inputs` and `outputs` disagree with its inferred lineage: a declared
 * input it never reads, a declared output it never writes, a table it writes that `outputs`
 * does not declare. The "never" warnings need the whole SQL understood, so a skipped statement
 * silences them. An UPDATE, DELETE or MERGE reads its target too, so a written table counts as
 * read; an altered table counts as written. A url source is not SQL: its inputs are not checked.
 */
export function compareDeclaredLineage(task: TDagTask, inferred: TTaskLineage, defaultSchema = 'public'): TLineageWarning[] {
  if (inferred.status !== 'known') return [];
  const key = (ref: TDatasetRef) => refKey(ref, defaultSchema);
  const written = new Set([...inferred.writes, ...inferred.altered].map(key));
  const touched = new Set([...inferred.reads.map(key), ...written]);
  const declared = declaredOutputs(task);
  const declaredKeys = new Set(declared.map(key));
  const complete = inferred.skipped.length === 0;
  const readsFromSql = !(task.type === 'load' && !('sql' in task.config.source));
  const warn = (kind: TLineageWarningKind, ref: TDatasetRef, message: string): TLineageWarning => {
    const dataset = formatDatasetShortForm(ref);
    return { task_id: task.task_id, kind, dataset, message: `Task '${task.task_id}' ${message.replace('%s', dataset)}` };
  };
  return [
    ...(complete && readsFromSql ? task.inputs : [])
      .filter((ref) => !touched.has(key(ref)))
      .map((ref) => warn('input_not_read', ref, 'declares input %s, but its SQL never reads it: remove it or check the SQL.')),
    ...(complete ? declared : [])
      .filter((ref) => !written.has(key(ref)))
      .map((ref) => warn('output_not_written', ref, 'declares output %s, but its SQL never writes it: remove it or check the SQL.')),
    ...inferred.writes
      .filter((ref) => !declaredKeys.has(key(ref)))
      .map((ref) => warn('output_not_declared', ref, 'writes %s, which its outputs do not declare: declare it in outputs.')),
  ];
}
