import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import type { TRedisSessionSettings } from '../domain/connections/redis-settings';
import type { TEgressPolicy } from '../domain/egress/decide-egress';
import { checkEgress } from './egress';

export type TRedisOpenOptions = { connectTimeoutMs: number; connectionName: string };

/**
 * ioredis settings that reach only what the egress policy allows: the host is resolved and
 * every address judged, and ioredis is given the judged address, so it never resolves the name
 * again. With TLS, `servername` keeps the name the user wrote, so the certificate is checked
 * against that name, not the address (an address as host is checked as an address).
 * Reconnecting, the offline queue and retries are off: a refused or dead server fails the
 * command at once instead of queueing it, and a reconnect would skip the guard.
 * Throws EgressRefusedError.
 */
export async function guardRedisOptions(policy: TEgressPolicy, settings: TRedisSessionSettings, options: TRedisOpenOptions): Promise<RedisOptions> {
  const checked = await checkEgress(policy, settings.host, settings.port);
  const [first] = checked.addresses;
  if (!first) throw new Error(`${settings.host} resolved to no address`);
  // No credentials and no database here: openGuardedRedis sends AUTH and SELECT itself.
  const tls = settings.tls === undefined
    ? undefined
    : {
        rejectUnauthorized: true,
        ...(isIP(checked.host) === 0 ? { servername: checked.host } : {}),
        ...(settings.tls.ca === undefined ? {} : { ca: settings.tls.ca }),
      };
  return {
    host: first.address,
    port: settings.port,
    family: first.family,
    ...(tls === undefined ? {} : { tls }),
    connectionName: options.connectionName,
    connectTimeout: options.connectTimeoutMs,
    lazyConnect: true,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    autoResubscribe: false,
    autoResendUnfulfilledCommands: false,
    // CLIENT SETINFO is noise to a server and an error on one older than 7.2.
    disableClientInfo: true,
    // RESP2, which every Redis speaks: HELLO (RESP3) needs Redis 6 and hides a missing password
    // behind "NOAUTH HELLO must be called with the client already authenticated...".
    protocol: 2,
  };
}

/**
 * Logs in and selects the database with commands of our own rather than ioredis's connect-time
 * handshake, which reports a refused AUTH as "Connection is closed." or as the NOAUTH of the
 * SELECT behind it. SELECT always runs, so a server that wants a password says so here.
 */
async function logIn(redis: Redis, settings: TRedisSessionSettings): Promise<void> {
  if (settings.password !== undefined) {
    if (settings.username === undefined) await redis.auth(settings.password);
    else await redis.auth(settings.username, settings.password);
  }
  await redis.select(settings.db);
}

/** An ioredis session opened through the egress guard: throws EgressRefusedError, or the server's error (WRONGPASS, NOAUTH...). */
export async function openGuardedRedis(policy: TEgressPolicy, settings: TRedisSessionSettings, options: TRedisOpenOptions): Promise<Redis> {
  const redis = new Redis(await guardRedisOptions(policy, settings, options));
  // An 'error' event without a listener would crash the process. While connecting, it carries
  // the socket's error (ECONNREFUSED) that connect() itself reports as "Connection is closed.".
  let socketError: unknown = null;
  redis.on('error', (error: unknown) => (socketError ??= error));
  try {
    await redis.connect().catch((error: unknown) => Promise.reject(socketError ?? error));
    await logIn(redis, settings);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}
