import type { Redis } from 'ioredis';
import type { TTaskType as TTaskTypeName } from '../domain/dag/task-configs';
import { describeRedisError, describeRedisTarget, isRedisConnType, redisSessionSettings } from '../domain/connections/redis-settings';
import { EgressRefusedError } from '../integrations/egress';
import { openGuardedRedis } from '../integrations/egress-redis';
import { TaskFailure, type TResolvedConnection, type TTaskRunContext } from './task-type';

const CONNECT_TIMEOUT_MS = 15_000;

export type TRedisTaskContext = Pick<TTaskRunContext<TTaskTypeName>, 'signal' | 'egress'>;

/** `'cache' (host:port db N)`, as task errors name a Redis target. */
export function describeRedisConnection(connection: TResolvedConnection): string {
  return `'${connection.connId}' (${describeRedisTarget(connection)})`;
}

/** A session for a task: through the egress guard, no reconnect and no offline queue (egress-redis.ts). */
export async function openRedisSession(connection: TResolvedConnection, ctx: TRedisTaskContext, name: string): Promise<Redis> {
  if (!isRedisConnType(connection.connType)) {
    throw new TaskFailure(`connection '${connection.connId}' has conn_type '${connection.connType}': expected redis`);
  }
  const settings = redisSessionSettings(connection);
  if (!settings.ok) throw new TaskFailure(settings.error);
  try {
    return await openGuardedRedis(ctx.egress, settings.value, { connectTimeoutMs: CONNECT_TIMEOUT_MS, connectionName: name });
  } catch (error) {
    if (error instanceof EgressRefusedError) throw new TaskFailure(`connection '${connection.connId}': ${error.message}`);
    throw new TaskFailure(`could not connect to ${describeRedisConnection(connection)}: ${describeRedisError(error)}`);
  }
}

/**
 * Opens `count` sessions on a `redis` connection for `work` and always closes them. An abort
 * closes them at once: Redis cannot cancel a command, but a closed session sends no more, and a
 * transaction whose EXEC was never sent is discarded by the server.
 */
export async function withRedisSessions<T>(
  connection: TResolvedConnection,
  ctx: TRedisTaskContext,
  names: string[],
  work: (sessions: Redis[]) => Promise<T>,
): Promise<T> {
  ctx.signal.throwIfAborted();
  const sessions: Redis[] = [];
  const onAbort = () => sessions.forEach((session) => session.disconnect());
  try {
    for (const name of names) sessions.push(await openRedisSession(connection, ctx, name));
    ctx.signal.throwIfAborted();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    return await work(sessions);
  } catch (error) {
    ctx.signal.throwIfAborted();
    if (error instanceof TaskFailure) throw error;
    throw new TaskFailure(`${describeRedisConnection(connection)}: ${describeRedisError(error)}`);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    sessions.forEach((session) => session.disconnect());
  }
}
