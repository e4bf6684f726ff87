import { err, ok, type Result } from '../result';
import type { TConnectionFields } from './resolved-connection';

export const MYSQL_CONN_TYPES = ['mysql'] as const;
export const MYSQL_DEFAULT_PORT = 3306;

/** The session a `mysql` connection describes, in mysql2's option names (structurally its ConnectionOptions). */
export type TMysqlSessionSettings = {
  host: string;
  port: number;
  user: string | undefined;
  password: string;
  database: string | undefined;
  /** TLS that checks the certificate (against `ca` when given) and that it names the host; absent: plain TCP. */
  ssl?: { rejectUnauthorized: true; verifyIdentity: true; ca?: string };
};

export type TMysqlConnectionFields = TConnectionFields;

export function isMysqlConnType(connType: string): boolean {
  return (MYSQL_CONN_TYPES as readonly string[]).includes(connType.toLowerCase());
}

/** `host:port/database`, as test results and task errors name a MySQL target. */
export function describeMysqlTarget(connection: Pick<TMysqlConnectionFields, 'host' | 'port' | 'schema'>): string {
  return `${connection.host || 'localhost'}:${connection.port ?? MYSQL_DEFAULT_PORT}/${connection.schema ?? ''}`;
}

/**
 * A connection's fields as a MySQL session: schema is the database (as Airflow's MySqlHook),
 * port 3306 when unset, and `extra.ssl: true` for TLS, with `extra.ssl_ca` (PEM text; implies
 * TLS) for a server whose CA is not a public one. No existing type reads TLS settings from
 * `extra`, so this starts the convention with settings that are safe by default: TLS always
 * verifies the certificate against the host name; there is no switch to skip it.
 */
export function mysqlSessionSettings(connection: TMysqlConnectionFields): Result<TMysqlSessionSettings, string> {
  // A connection URI (`mysql://…?ssl=true`, as `tributary tasks test` reads them) gives extras as text.
  const given = connection.extra?.ssl;
  const ssl = given === 'true' ? true : given === 'false' ? false : given;
  if (ssl !== undefined && typeof ssl !== 'boolean') {
    return err(`connection '${connection.connId}': extra.ssl must be true or false, not ${JSON.stringify(ssl)}`);
  }
  const settings: TMysqlSessionSettings = {
    host: connection.host || 'localhost',
    port: connection.port ?? MYSQL_DEFAULT_PORT,
    user: connection.login ?? undefined,
    // Always a string: an absent password is an empty one, never a default taken from elsewhere.
    password: connection.password ?? '',
    database: connection.schema || undefined,
  };
  const ca = connection.extra?.ssl_ca;
  if (ca !== undefined && (typeof ca !== 'string' || !ca.includes('-----BEGIN CERTIFICATE-----'))) {
    return err(`connection '${connection.connId}': extra.ssl_ca must be the PEM text of the CA certificate (-----BEGIN CERTIFICATE----- …)`);
  }
  if (ca !== undefined && ssl === false) return err(`connection '${connection.connId}': extra.ssl_ca is given but extra.ssl is false`);
  if (ssl === true || ca !== undefined) settings.ssl = { rejectUnauthorized: true, verifyIdentity: true, ...(ca === undefined ? {} : { ca }) };
  return ok(settings);
}

/**
 * The server's own words with its error number, name and SQLSTATE (mysql2 puts them on the
 * error as errno, code, sqlState and sqlMessage): what a DAG author needs to look the error up.
 * Network errors (ECONNREFUSED) keep their message and code.
 */
export function describeMysqlError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fields = error as Error & { code?: unknown; errno?: unknown; sqlState?: unknown; sqlMessage?: unknown };
  const message = typeof fields.sqlMessage === 'string' ? fields.sqlMessage : error.message || error.name;
  if (typeof fields.sqlState !== 'string') {
    return typeof fields.code === 'string' && !message.includes(fields.code) ? `${message} (${fields.code})` : message;
  }
  const code = typeof fields.code === 'string' ? ` ${fields.code}` : '';
  return `${message} (MySQL error ${String(fields.errno)}${code}, SQLSTATE ${fields.sqlState})`;
}

/**
 * Positional parameters only, bound by the server to each statement's `?` placeholders (a
 * prepared statement, so a `?` inside a string literal stays text). A mapping would need the
 * SQL rewritten from names to positions, which needs a full SQL lexer.
 */
export function mysqlPositionalParameters(parameters: unknown[] | Record<string, unknown> | undefined): Result<unknown[] | undefined, string> {
  if (parameters === undefined || Array.isArray(parameters)) return ok(parameters);
  if (Object.keys(parameters).length === 0) return ok(undefined);
  return err('parameters must be a list for MySQL (bound to ?, ? … in order): a mapping of named parameters is not supported');
}
