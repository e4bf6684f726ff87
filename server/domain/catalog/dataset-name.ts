import { ZDatasetRefSchema, type TDatasetRef } from '../dag/dataset-ref';
import { isMysqlConnType, MYSQL_DEFAULT_PORT } from '../connections/mysql-settings';
import { isRedisConnType, REDIS_DEFAULT_PORT } from '../connections/redis-settings';
import { s3ObjectRef } from '../connections/s3-settings';
import { globPrefix } from '../load/glob';
import { err, ok, type Result } from '../result';
import { parseTableText } from './table-name';

/**
 * A dataset's identity in OpenLineage's naming spec (openlineage.io/docs/spec/naming): the
 * namespace names the data source, the name the dataset within it. Marquez, DataHub and
 * OpenMetadata join lineage from different tools on exactly these two strings.
 */
export type TOpenLineageName = { namespace: string; name: string };

/** What naming needs of a workspace connection (never its password). */
export type TNamingConnection = {
  connType: string;
  host: string | null;
  port: number | null;
  /** The database, as Airflow's connection calls it. */
  schema: string | null;
  /** libpq connects to the database named like the user when none is given. */
  login?: string | null;
};

const POSTGRES_TYPES = ['postgres', 'postgresql'];
const DEFAULT_PORT = 5432;

/** `[::1]`: an IPv6 address needs brackets before a port. */
function authority(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * `postgres://{host}:{port}` and `{database}.{schema}.{table}`, so two connections to the same
 * server and database name the same dataset whatever their conn_id. The host is lower-cased
 * (DNS names are case-blind), the port defaults to 5432 and the host to localhost, as libpq's.
 * An unqualified table is in `defaultSchema`.
 */
export function openLineageName(
  connection: TNamingConnection,
  ref: TDatasetRef,
  defaultSchema = 'public',
): Result<TOpenLineageName, string> {
  if (isMysqlConnType(connection.connType)) return mysqlName(connection, ref, defaultSchema);
  if (isRedisConnType(connection.connType)) return redisName(connection, ref);
  if (!POSTGRES_TYPES.includes(connection.connType.toLowerCase())) {
    return err(`connection '${ref.conn_id}' has conn_type '${connection.connType}': datasets are named for postgres, mysql and redis connections only`);
  }
  const database = connection.schema ?? connection.login ?? null;
  if (database === null || database === '') {
    return err(`connection '${ref.conn_id}' names no database: set its schema field to the database`);
  }
  const table = parseTableText(ref.table, defaultSchema);
  if (!table.ok) return table;
  if (table.value.database !== null && table.value.database !== database) {
    return err(`'${ref.table}' names database '${table.value.database}', but connection '${ref.conn_id}' connects to '${database}'`);
  }
  const host = (connection.host ?? 'localhost').toLowerCase();
  return ok({
    namespace: `postgres://${authority(host, connection.port ?? DEFAULT_PORT)}`,
    name: `${database}.${table.value.schema}.${table.value.table}`,
  });
}

/**
 * `mysql://{host}:{port}` and `{database}.{table}` (OpenLineage's MySQL naming): MySQL has no
 * schemas within a database, and its database is the connection's schema field or the table's
 * prefix (`database.table`). The catalog writes an unqualified table as `public.table` (its
 * names are PostgreSQL's `schema.table`), which on MySQL is the connection's own database.
 */
function mysqlName(connection: TNamingConnection, ref: TDatasetRef, defaultSchema: string): Result<TOpenLineageName, string> {
  const parts = ref.table.split('.');
  if (parts.length > 2 || parts.some((part) => part.trim() === '')) return err(`'${ref.table}' is not a MySQL table: write table or database.table`);
  const prefix = parts.length === 2 && parts[0] !== defaultSchema ? parts[0]! : null;
  const [table, database] = [parts[parts.length - 1]!, prefix ?? connection.schema ?? ''];
  if (database === '') return err(`connection '${ref.conn_id}' names no database: set its schema field to the database, or write database.table`);
  const host = (connection.host ?? 'localhost').toLowerCase();
  return ok({ namespace: `mysql://${authority(host, connection.port ?? MYSQL_DEFAULT_PORT)}`, name: `${database}.${table}` });
}

/** The dataset a Redis target writes, as its ref names it: the key pattern `<key_prefix>*` (`course:*`). */
export function redisKeyPattern(keyPrefix: string): string {
  return `${keyPrefix}*`;
}

/** A ref to a Redis key pattern rather than a table: no table name ends in `*`. */
export function isRedisKeyPattern(table: string): boolean {
  return table.endsWith('*');
}

/**
 * `redis://{host}:{port}` and `{db}/{key_prefix}*` (OpenLineage has no Redis convention; this
 * follows its URI form: the server as namespace, the database number and the key pattern as the
 * name), so two connections to one server and database name the same keys.
 */
function redisName(connection: TNamingConnection, ref: TDatasetRef): Result<TOpenLineageName, string> {
  if (!isRedisKeyPattern(ref.table)) return err(`'${ref.table}' is not a Redis key pattern: a Redis dataset is written key_prefix* (like course:*)`);
  const db = (connection.schema ?? '').trim() || '0';
  const host = (connection.host ?? 'localhost').toLowerCase();
  return ok({ namespace: `redis://${authority(host, connection.port ?? REDIS_DEFAULT_PORT)}`, name: `${db}/${ref.table}` });
}

/**
 * Files and URLs (a `load` task's url source): the namespace is the scheme and authority, the
 * name the path (OpenLineage's URI form). A local file is namespace `file`. The query and the
 * fragment are left out: `?date={{ ds }}` names one slice of the same dataset.
 */
export function openLineageUriName(text: string): Result<TOpenLineageName, string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return err(`'${text}' is not a URL`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme === 'file') return ok({ namespace: url.host === '' ? 'file' : `file://${url.host}`, name: url.pathname });
  // OpenLineage's S3 naming: the bucket is the namespace, the object key (no leading slash) the name.
  if (scheme === 's3') return url.host === '' ? err(`'${text}' names no bucket`) : ok({ namespace: `s3://${url.host}`, name: url.pathname.replace(/^\//, '') });
  if (url.host === '') return err(`'${text}' names no host`);
  // URL has already lower-cased the host and dropped a port that is the scheme's default.
  return ok({ namespace: `${scheme}://${url.host}`, name: url.pathname });
}

/** `warehouse.public.course` → `{conn_id: 'warehouse', table: 'public.course'}`, as specs read it. */
export function parseDatasetShortForm(text: string): Result<TDatasetRef, string> {
  const parsed = ZDatasetRefSchema.safeParse(text);
  return parsed.success ? ok(parsed.data) : err(parsed.error.issues[0]?.message ?? `'${text}' is not a dataset`);
}

/** The short form users write: the connection, a dot, the table as the spec spells it. */
export function formatDatasetShortForm(ref: TDatasetRef): string {
  return `${ref.conn_id}.${ref.table}`;
}

/**
 * A file's or an API's dataset name as users read it: the URI without its query and fragment
 * (`https://api.example.com/v1/orders`, `file:///data/orders.csv`), null when the text is not a
 * URL or its path is templated (`/orders/{{ ds }}.json` names one slice per date, not one
 * dataset). Its OpenLineage namespace and name come from openLineageUriName.
 */
export function datasetUri(text: string): string | null {
  const pathPart = text.split(/[?#]/, 1)[0]!;
  if (pathPart.includes('{{') || pathPart.includes('{%')) return null;
  const named = openLineageUriName(pathPart);
  if (!named.ok) return null;
  const { namespace, name } = named.value;
  if (namespace.startsWith('s3://')) return `${namespace}/${name}`;
  return namespace === 'file' ? `file://${name}` : `${namespace}${name}`;
}

/**
 * An S3 source's or target's dataset URI: `s3://bucket/key`, or for a glob the fixed prefix
 * before its first wildcard (`s3://lake/events/` for `events/*.jsonl`). Null when the bucket or
 * key is templated: `{{ ds }}` names one slice per date, not one dataset (as a URL's path).
 */
export function s3DatasetUri(bucket: string | undefined, key: string): string | null {
  if ([bucket ?? '', key].some((text) => text.includes('{{') || text.includes('{%'))) return null;
  const ref = s3ObjectRef(bucket, key);
  return ref.ok ? datasetUri(`s3://${ref.value.bucket}/${globPrefix(ref.value.key)}`) : null;
}
