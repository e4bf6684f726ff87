import type { Connection, ConnectionOptions } from 'mysql2/promise';
import type { TTaskType as TTaskTypeName } from '../domain/dag/task-configs';
import { describeMysqlError, describeMysqlTarget, isMysqlConnType, mysqlSessionSettings } from '../domain/connections/mysql-settings';
import { EgressRefusedError } from '../integrations/egress';
import { openGuardedMysql } from '../integrations/egress-mysql';
import { TaskFailure, type TResolvedConnection, type TTaskRunContext } from './task-type';

const CONNECT_TIMEOUT_MS = 15_000;

export type TMysqlTaskContext = Pick<TTaskRunContext<TTaskTypeName>, 'signal' | 'egress'>;

function describeTarget(connection: TResolvedConnection): string {
  return `'${connection.connId}' (${describeMysqlTarget(connection)})`;
}

/**
 * Values as JSON can carry them without loss, as the PostgreSQL sql task gives them: dates and
 * times as the server prints them (never shifted into the worker's time zone), and BIGINT and
 * DECIMAL as strings when a JavaScript number would round them.
 */
function taskOptions(connection: TResolvedConnection): ConnectionOptions {
  const settings = mysqlSessionSettings(connection);
  if (!settings.ok) throw new TaskFailure(settings.error);
  return {
    ...settings.value,
    connectTimeout: CONNECT_TIMEOUT_MS,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: true,
    // Never offer LOAD DATA LOCAL: a server could then ask for any file the worker can read.
    flags: ['-LOCAL_FILES'],
  };
}

async function open(connection: TResolvedConnection, ctx: TMysqlTaskContext, options: ConnectionOptions): Promise<Connection> {
  try {
    return await openGuardedMysql(ctx.egress, options);
  } catch (error) {
    if (error instanceof EgressRefusedError) throw new TaskFailure(`connection '${connection.connId}': ${error.message}`);
    throw new TaskFailure(`could not connect to ${describeTarget(connection)}: ${describeMysqlError(error)}`);
  }
}

/**
 * Stops the running statement from a second session (KILL QUERY): destroying our socket alone
 * would leave it running on the server, holding its locks. The second session goes through the
 * guard again, to the same judged host.
 */
async function killQuery(ctx: TMysqlTaskContext, options: ConnectionOptions, threadId: number): Promise<void> {
  const killer = await openGuardedMysql(ctx.egress, options);
  try {
    await killer.query(`KILL QUERY ${Number(threadId)}`);
  } finally {
    await killer.end().catch(() => undefined);
  }
}

/**
 * Opens a session on a `mysql` connection (where the task's egress policy allows it), runs
 * `work`, and always closes it. When the task's signal aborts, the running statement is killed
 * and the abort reason is thrown; server errors become TaskFailures with MySQL's code and words
 * (the engine masks the connection's secrets in them, as in the log).
 */
export async function withMysqlSession<T>(connection: TResolvedConnection, ctx: TMysqlTaskContext, work: (session: Connection) => Promise<T>): Promise<T> {
  const { signal } = ctx;
  if (!isMysqlConnType(connection.connType)) {
    throw new TaskFailure(`connection '${connection.connId}' has conn_type '${connection.connType}': expected mysql`);
  }
  signal.throwIfAborted();
  const options = taskOptions(connection);
  const session = await open(connection, ctx, options);
  // An 'error' event without a listener would crash the worker (e.g. the server restarts).
  session.on('error', () => undefined);
  let killing: Promise<void> | null = null;
  const onAbort = () => {
    killing = killQuery(ctx, options, session.threadId)
      .catch(() => undefined)
      .finally(() => session.destroy());
  };
  try {
    signal.throwIfAborted();
    signal.addEventListener('abort', onAbort, { once: true });
    return await work(session);
  } catch (error) {
    signal.throwIfAborted();
    if (error instanceof TaskFailure) throw error;
    throw new TaskFailure(`${describeTarget(connection)}: ${describeMysqlError(error)}`);
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (killing) await killing;
    await session.end().catch(() => session.destroy());
  }
}
