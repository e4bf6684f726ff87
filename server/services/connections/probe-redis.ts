import type { Redis } from 'ioredis';
import { describeRedisError, describeRedisTarget, redisSessionSettings, type TRedisConnectionFields } from '../../domain/connections/redis-settings';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { EgressRefusedError } from '../../integrations/egress';
import { openGuardedRedis } from '../../integrations/egress-redis';
import { PROBE_TIMEOUT_MS, withDeadline } from './probe-deadline';

/** `redis_version:7.0.15` in INFO server; null when the ACL user may not run INFO. */
async function serverVersion(redis: Redis): Promise<string | null> {
  try {
    const info = await redis.info('server');
    return /^redis_version:(\S+)/m.exec(info)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * The "Test" button for a `redis` connection: through the same egress guard as a task's
 * session, authenticate, select the database and run PING. Every failure is an answer in the
 * server's words (WRONGPASS, NOAUTH...); the password is never part of one.
 */
export async function probeRedis(connection: TRedisConnectionFields, egress: TEgressPolicy): Promise<{ status: boolean; message: string }> {
  const where = describeRedisTarget(connection);
  const settings = redisSessionSettings(connection);
  if (!settings.ok) return { status: false, message: settings.error };
  let redis: Redis | null = null;
  const opening = openGuardedRedis(egress, settings.value, { connectTimeoutMs: PROBE_TIMEOUT_MS, connectionName: 'tributary-connection-test' });
  try {
    redis = await withDeadline(opening, `connecting to ${where}`);
    const session = redis;
    await withDeadline(session.ping(), `running PING on ${where}`);
    const version = await withDeadline(serverVersion(session), `reading the version of ${where}`);
    return { status: true, message: `Connected to ${where} (Redis ${version ?? 'version unknown'}) and ran PING.` };
  } catch (error) {
    if (error instanceof EgressRefusedError) return { status: false, message: error.message };
    return { status: false, message: `Could not connect to ${where}: ${describeRedisError(error)}` };
  } finally {
    // A session that opens after the deadline is closed as soon as it does.
    if (redis) redis.disconnect();
    else void opening.then((late) => late.disconnect(), () => undefined);
  }
}
