import pg from 'pg';
import type { TTaskType as TTaskTypeName } from '../domain/dag/task-configs';
import { EgressRefusedError } from '../integrations/egress';
import { guardPostgresConfig } from '../integrations/egress-postgres';
import { TaskFailure, type TResolvedConnection, type TTaskRunContext } from './task-type';

const POSTGRES_CONN_TYPES = ['postgres', 'postgresql'];
const CONNECT_TIMEOUT_MS = 15_000;
/**
 * A backstop, not the limit users think in: execution_timeout aborts the task (and cancels the
 * query below) long before this. It stops a statement that outlives a dead worker.
 */
const STATEMENT_TIMEOUT_MS = 6 * 3600_000;
/** A worker that hangs mid-transaction must not hold the target table's locks forever. */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 15 * 60_000;

/** date, timestamp, timestamptz, time, timetz, interval: kept as PostgreSQL's text. */
const TEXT_KEPT_TYPE_OIDS = new Set([1082, 1114, 1184, 1083, 1266, 1186]);

const identity = (value: string) => value;

/** What a session needs from the task's context: its abort signal and its egress policy. */
export type TPostgresTaskContext = Pick<TTaskRunContext<TTaskTypeName>, 'signal' | 'egress'>;

/**
 * How result values become JavaScript. `json`: pg's parsers, except dates and times, which pg
 * turns into Date objects in the worker's time zone (a `date` would shift by a day west of
 * UTC); their text is exact. `text`: every value as PostgreSQL prints it, which casts back to
 * the same value on insert (used to copy rows between databases).
 */
export type TValueMode = 'json' | 'text';

function typesFor(mode: TValueMode): pg.CustomTypesConfig {
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') => {
    if (mode === 'text' || TEXT_KEPT_TYPE_OIDS.has(oid)) return identity;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser;
  return { getTypeParser };
}

export function assertPostgresConnection(connection: TResolvedConnection): void {
  if (!POSTGRES_CONN_TYPES.includes(connection.connType.toLowerCase())) {
    throw new TaskFailure(
      `connection '${connection.connId}' has conn_type '${connection.connType}': this task type supports only postgres`,
    );
  }
}

function describeTarget(connection: TResolvedConnection): string {
  return `'${connection.connId}' (${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${connection.schema ?? ''})`;
}

function clientConfig(connection: TResolvedConnection, mode: TValueMode): pg.ClientConfig {
  return {
    host: connection.host ?? undefined,
    port: connection.port ?? undefined,
    user: connection.login ?? undefined,
    // Always a value: without one, pg falls back to the worker's PGPASSWORD or ~/.pgpass and
    // would send them to whatever host the connection names.
    password: connection.password ?? '',
    database: connection.schema ?? undefined,
    application_name: 'tributary-task',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    types: typesFor(mode),
  };
}

/** PostgreSQL's own words plus its detail and hint: what a DAG author needs to fix the SQL. */
export function describePostgresError(error: unknown): string {
  if (error instanceof pg.DatabaseError) {
    const parts = [error.message];
    if (error.detail) parts.push(`DETAIL: ${error.detail}`);
    if (error.hint) parts.push(`HINT: ${error.hint}`);
    if (error.code) parts.push(`(SQLSTATE ${error.code})`);
    return parts.join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}

export function postgresErrorCode(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}

/**
 * The connection's settings once the egress policy has judged them, pinned to the address it
 * judged; a refusal fails the task with the policy's words.
 */
async function guardedConfig(connection: TResolvedConnection, ctx: TPostgresTaskContext, mode: TValueMode): Promise<pg.ClientConfig> {
  try {
    return await guardPostgresConfig(ctx.egress, clientConfig(connection, mode));
  } catch (error) {
    if (error instanceof EgressRefusedError) throw new TaskFailure(`connection '${connection.connId}': ${error.message}`);
    throw new TaskFailure(`could not connect to ${describeTarget(connection)}: ${describePostgresError(error)}`);
  }
}

/**
 * Cancels the running statement from a second session: closing our own socket would not stop
 * it, because the server only notices a gone client when it next writes to it. It reuses the
 * judged settings, so the cancel goes where the session went.
 */
async function cancelBackend(config: pg.ClientConfig, pid: number): Promise<void> {
  const canceller = new pg.Client({ ...config, application_name: 'tributary-task-cancel' });
  try {
    await canceller.connect();
    await canceller.query('select pg_cancel_backend($1)', [pid]);
  } finally {
    await canceller.end().catch(() => undefined);
  }
}

/**
 * Opens a session on `connection` (where the task's egress policy allows it), runs `work`, and
 * always closes it. When the task's signal aborts, the running statement is cancelled and the
 * abort reason is thrown; database errors become TaskFailures carrying PostgreSQL's message.
 */
export async function withPostgresClient<T>(
  connection: TResolvedConnection,
  ctx: TPostgresTaskContext,
  work: (client: pg.Client) => Promise<T>,
  options: { values?: TValueMode } = {},
): Promise<T> {
  const { signal } = ctx;
  assertPostgresConnection(connection);
  signal.throwIfAborted();
  const config = await guardedConfig(connection, ctx, options.values ?? 'json');
  signal.throwIfAborted();
  const client = new pg.Client(config);
  // An 'error' event without a listener would crash the worker (e.g. the server restarts).
  client.on('error', () => undefined);
  const stopConnecting = () => void client.end().catch(() => undefined);
  signal.addEventListener('abort', stopConnecting, { once: true });
  let cancelling: Promise<void> | null = null;
  let onAbort: (() => void) | null = null;
  try {
    try {
      await client.connect();
    } catch (error) {
      signal.throwIfAborted();
      throw new TaskFailure(`could not connect to ${describeTarget(connection)}: ${describePostgresError(error)}`);
    }
    signal.removeEventListener('abort', stopConnecting);
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const pid = rows[0]?.pid ?? 0;
    // Cancel the statement, then close the session: a task's loop may not check the signal
    // before its next statement, and a closed session both fails that statement and rolls back.
    onAbort = () => {
      cancelling = cancelBackend(config, pid)
        .catch(() => undefined)
        .finally(() => client.end().catch(() => undefined));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return await work(client);
  } catch (error) {
    signal.throwIfAborted();
    if (error instanceof TaskFailure) throw error;
    if (error instanceof pg.DatabaseError) throw new TaskFailure(describePostgresError(error));
    throw error;
  } finally {
    signal.removeEventListener('abort', stopConnecting);
    if (onAbort) signal.removeEventListener('abort', onAbort);
    if (cancelling) await cancelling;
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs `work` in one transaction: committed if it returns, rolled back if it throws (then the
 * error is rethrown unchanged). A failed rollback is ignored: the session is closed next,
 * which discards the transaction anyway.
 */
export async function inTransaction<T>(client: pg.Client, work: () => Promise<T>, begin = 'begin'): Promise<T> {
  await client.query(begin);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
  await client.query('commit');
  return result;
}
