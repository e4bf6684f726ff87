import pg from 'pg';
import type { SecretBox } from '../../auth/secret-box';
import { isMysqlConnType } from '../../domain/connections/mysql-settings';
import { isS3ConnType } from '../../domain/connections/s3-settings';
import { isRedisConnType } from '../../domain/connections/redis-settings';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { EgressRefusedError, egressPolicyFromEnv } from '../../integrations/egress';
import { egressFetch } from '../../integrations/egress-fetch';
import { guardPostgresConfig } from '../../integrations/egress-postgres';
import { requireRole, type TServiceContext } from '../context';
import { connectionNotFound, decryptExtra } from './connection-view';
import { probeMysql } from './probe-mysql';
import { probeS3 } from './probe-s3';
import { probeRedis } from './probe-redis';
import type { TConnectionInput } from './create-connection';
import { PROBE_TIMEOUT_MS, withDeadline } from './probe-deadline';

export type TConnectionTestResult = { status: boolean; message: string };

/** A connection with its secrets in clear, as a task would use it. */
export type TProbeTarget = Omit<TConnectionInput, 'extra'> & { extra: Record<string, unknown> | null };


/**
 * Airflow's "Test" button: tries to reach a connection (given in full, or stored, by id) and
 * reports the outcome; an unreachable target is an answer, not an error. Admin only, like
 * creating one: it uses credentials and makes the server open connections to a host of the
 * caller's choosing, which is why the same egress policy as the tasks' decides where it may
 * connect (a refusal is an answer too).
 */
export async function testConnection(
  ctx: TServiceContext,
  box: SecretBox,
  target: TConnectionInput | { connId: string },
  egress: TEgressPolicy = egressPolicyFromEnv(),
): Promise<TConnectionTestResult> {
  requireRole(ctx, 'admin');
  const connection = 'connType' in target ? { ...target, extra: target.extra ?? null } : await loadStored(ctx, box, target.connId);
  const type = connection.connType.toLowerCase();
  if (type === 'postgres' || type === 'postgresql') return probePostgres(connection, egress);
  if (isMysqlConnType(type)) return probeMysql(connection, egress);
  if (isS3ConnType(type)) return probeS3(connection, egress);
  if (isRedisConnType(type)) return probeRedis(connection, egress);
  if (type === 'http' || type === 'https') return probeHttp(connection, egress);
  return { status: false, message: `testing ${connection.connType} connections is not supported` };
}

export async function loadStored(ctx: TServiceContext, box: SecretBox, connId: string): Promise<TProbeTarget> {
  const row = await ctx.db.connection.findUnique({ where: { workspaceId_connId: { workspaceId: ctx.workspaceId, connId } } });
  if (!row) throw connectionNotFound(connId);
  return {
    connId: row.connId,
    connType: row.connType,
    host: row.host,
    port: row.port,
    login: row.login,
    schema: row.schema,
    password: row.passwordEncrypted ? box.decrypt(row.passwordEncrypted) : null,
    extra: decryptExtra(box, row.extraEncrypted),
  };
}

async function probePostgres(connection: TProbeTarget, egress: TEgressPolicy): Promise<TConnectionTestResult> {
  const where = `${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${connection.schema ?? ''}`;
  let config: pg.ClientConfig;
  try {
    config = await withDeadline(guardPostgresConfig(egress, postgresConfig(connection)), `resolving ${where}`);
  } catch (error) {
    if (error instanceof EgressRefusedError) return { status: false, message: error.message };
    return { status: false, message: `Could not connect to ${where}: ${describeError(error)}` };
  }
  const client = new pg.Client(config);
  // An 'error' event without a listener would crash the web process.
  client.on('error', () => undefined);
  try {
    await withDeadline((async () => {
      await client.connect();
      await client.query('select 1');
    })(), `connecting to ${where}`);
    return { status: true, message: `Connected to ${where} and ran select 1.` };
  } catch (error) {
    return { status: false, message: `Could not connect to ${where}: ${describeError(error)}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function postgresConfig(connection: TProbeTarget): pg.ClientConfig {
  return {
    host: connection.host ?? 'localhost',
    port: connection.port ?? 5432,
    user: connection.login ?? undefined,
    // A function, so that pg never falls back to the server's own PGPASSWORD or ~/.pgpass and
    // hands the web process's credentials to a host the caller chose.
    password: async () => connection.password ?? '',
    database: connection.schema ?? undefined,
    application_name: 'tributary-connection-test',
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
    query_timeout: PROBE_TIMEOUT_MS,
  };
}

async function probeHttp(connection: TProbeTarget, egress: TEgressPolicy): Promise<TConnectionTestResult> {
  let url: URL;
  try {
    url = httpBaseUrl(connection);
  } catch (error) {
    return { status: false, message: describeError(error) };
  }
  const shown = withoutCredentials(url);
  try {
    // No redirects followed: a 3xx is already an answer from the server.
    const response = await egressFetch(egress, url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    if (response.status >= 500) return { status: false, message: `${shown} answered HTTP ${response.status} ${response.statusText}`.trim() };
    return { status: true, message: `${shown} is reachable (HTTP ${response.status}).` };
  } catch (error) {
    if (error instanceof EgressRefusedError) return { status: false, message: error.message };
    return { status: false, message: `Could not reach ${shown}: ${describeError(error)}` };
  }
}

/**
 * The base URL as the http task builds it (server/tasks/http-request.ts, Airflow's HttpHook):
 * a host with a scheme is used as is, otherwise `schema://host` with https by default, then
 * the port. Kept in step with the worker by hand: the server may not import worker code.
 */
function httpBaseUrl(connection: TProbeTarget): URL {
  const host = connection.host ?? '';
  if (host === '') throw new Error(`Connection '${connection.connId}' has no host`);
  const scheme = connection.schema === 'http' || connection.schema === 'https' ? connection.schema : 'https';
  let url: URL;
  try {
    url = new URL(host.includes('://') ? host : `${scheme}://${host}`);
  } catch {
    throw new Error(`Invalid URL in the host of connection '${connection.connId}': ${host}`);
  }
  if (connection.port !== null && connection.port !== undefined) url.port = String(connection.port);
  return url;
}

function withoutCredentials(url: URL): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy.toString();
}

/** The error's message plus its cause's (fetch reports "fetch failed" and hides ECONNREFUSED there). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${PROBE_TIMEOUT_MS / 1000} s`;
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return cause ? `${error.message} (${cause})` : error.message || error.name;
}
