import { err, ok, type Result } from '../result';
import type { TConnectionFields } from './resolved-connection';

/** `rediss` is the scheme of a TLS connection URI (`rediss://user:pass@host:6380/0`); it means `redis` with TLS. */
export const REDIS_CONN_TYPES = ['redis', 'rediss'] as const;
export const REDIS_DEFAULT_PORT = 6379;
/** Redis's default `databases 16`: a connection's schema is the database number. */
export const REDIS_MAX_DB = 15;

/** The session a `redis` connection describes, in ioredis's option names (the TLS name is added by the egress guard). */
export type TRedisSessionSettings = {
  host: string;
  port: number;
  /** The ACL user (Redis 6+); absent: the default user. */
  username: string | undefined;
  password: string | undefined;
  db: number;
  /** TLS that checks the certificate (against `ca` when given) and that it names the host; absent: plain TCP. */
  tls?: { ca?: string };
};

export type TRedisConnectionFields = TConnectionFields;

/** Extras that ask for a topology this client does not speak: refused by name rather than ignored. */
const UNSUPPORTED_EXTRAS = ['cluster', 'sentinel', 'sentinels', 'master_name', 'nodes'];

export function isRedisConnType(connType: string): boolean {
  return (REDIS_CONN_TYPES as readonly string[]).includes(connType.toLowerCase());
}

/** The database number a connection's schema names: empty is 0, else a whole number 0..15. */
export function redisDatabase(connection: Pick<TRedisConnectionFields, 'connId' | 'schema'>): Result<number, string> {
  const text = (connection.schema ?? '').trim();
  if (text === '') return ok(0);
  const db = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
  if (!(db >= 0 && db <= REDIS_MAX_DB)) {
    return err(`connection '${connection.connId}': schema is the Redis database number and must be 0 to ${REDIS_MAX_DB}, not ${JSON.stringify(connection.schema)}`);
  }
  return ok(db);
}

/** `host:port db N`, as test results, task errors and logs name a Redis target. */
export function describeRedisTarget(connection: Pick<TRedisConnectionFields, 'host' | 'port' | 'schema'>): string {
  const db = (connection.schema ?? '').trim() || '0';
  return `${connection.host || 'localhost'}:${connection.port ?? REDIS_DEFAULT_PORT} db ${db}`;
}

/** `extra.ssl` as a boolean: a connection URI gives extras as text. */
function sslFlag(connection: TRedisConnectionFields): Result<boolean | undefined, string> {
  const given = connection.extra?.ssl;
  const ssl = given === 'true' ? true : given === 'false' ? false : given;
  if (ssl !== undefined && typeof ssl !== 'boolean') return err(`connection '${connection.connId}': extra.ssl must be true or false, not ${JSON.stringify(ssl)}`);
  return ok(ssl);
}

/**
 * A connection's fields as a Redis session, by the MySQL connection's convention
 * (mysql-settings.ts): port 6379 when unset, login the ACL user, schema the database number,
 * `extra.ssl: true` (or conn_type `rediss`) for TLS and `extra.ssl_ca` (PEM text; implies TLS)
 * for a private CA. TLS always verifies the certificate against the host name. Cluster and
 * Sentinel are refused: one server (the primary) is the only topology supported.
 */
export function redisSessionSettings(connection: TRedisConnectionFields): Result<TRedisSessionSettings, string> {
  const unsupported = UNSUPPORTED_EXTRAS.filter((name) => connection.extra?.[name] !== undefined && connection.extra?.[name] !== false);
  if (unsupported.length > 0) {
    return err(`connection '${connection.connId}': extra.${unsupported[0]}: Redis Cluster and Sentinel are not supported; give the host and port of one Redis server (the primary)`);
  }
  const db = redisDatabase(connection);
  if (!db.ok) return db;
  const flag = sslFlag(connection);
  if (!flag.ok) return flag;
  const impliedByType = connection.connType?.toLowerCase() === 'rediss';
  if (impliedByType && flag.value === false) return err(`connection '${connection.connId}': conn_type rediss is TLS, but extra.ssl is false`);
  const ca = connection.extra?.ssl_ca;
  if (ca !== undefined && (typeof ca !== 'string' || !ca.includes('-----BEGIN CERTIFICATE-----'))) {
    return err(`connection '${connection.connId}': extra.ssl_ca must be the PEM text of the CA certificate (-----BEGIN CERTIFICATE----- …)`);
  }
  if (ca !== undefined && flag.value === false) return err(`connection '${connection.connId}': extra.ssl_ca is given but extra.ssl is false`);
  const settings: TRedisSessionSettings = {
    host: connection.host || 'localhost',
    port: connection.port ?? REDIS_DEFAULT_PORT,
    username: connection.login || undefined,
    // Never a default from elsewhere: no password is no AUTH.
    password: connection.password || undefined,
    db: db.value,
  };
  if (flag.value === true || impliedByType || ca !== undefined) settings.tls = ca === undefined ? {} : { ca };
  return ok(settings);
}

/**
 * The server's own words (`WRONGPASS invalid username-password pair…`, `NOAUTH Authentication
 * required.`), or a network error's message with its code (ECONNREFUSED) when the message lacks it.
 */
export function describeRedisError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  const message = error.message || error.name;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
