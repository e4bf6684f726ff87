import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { TResolvedConnection } from '../../server/tasks/task-type';
import { freePort } from '../../server/db/embedded-postgres';
import { waitFor } from './test-database';
import { daemonStopper, findProgram } from './throwaway-daemon';

/**
 * A throwaway Redis (Debian's redis-server) for the Redis connector's tests: no config file,
 * its own folder in a temp dir, TCP on 127.0.0.1 and a free port, nothing saved to disk, the
 * default user behind a password and an ACL user with a password of its own.
 */
export type TRedisServer = {
  host: '127.0.0.1';
  port: number;
  /** The ACL user the connections log in as, and its password. */
  user: string;
  password: string;
  /** The default user's password (`requirepass`). */
  defaultPassword: string;
  /** A session as the ACL user on database `db`, for setting up and reading keys. */
  connect(db?: number): Promise<Redis>;
  /** The connection a task receives for this server. */
  connection(connId: string, overrides?: Partial<TResolvedConnection>): TResolvedConnection;
  stop(): Promise<void>;
};




function startDaemon(dir: string, port: number, defaultPassword: string, user: string, password: string): { child: ChildProcess; output: () => string } {
  const child = spawn(
    findProgram('redis-server', 'apt-get install redis-server (the Redis connector tests need a real Redis)'),
    [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no',
      '--requirepass', defaultPassword,
      '--user', user, 'on', `>${password}`, '~*', '&*', '+@all',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

export async function startRedisServer(): Promise<TRedisServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-redis-'));
  const port = await freePort();
  const user = 'tributary_user';
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const defaultPassword = `default-${randomBytes(12).toString('hex')}`;
  const daemon = startDaemon(dir, port, defaultPassword, user, password);
  const stop = daemonStopper(daemon.child, dir);
  const connect = async (db = 0) => {
    const redis = new Redis({ host: '127.0.0.1', port, username: user, password, db, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    await redis.connect();
    return redis;
  };
  try {
    const probe = await waitFor(async () => {
      if (daemon.child.exitCode !== null) throw new Error(`redis-server exited with ${daemon.child.exitCode}:\n${daemon.output()}`);
      return connect().catch(() => null);
    }, { what: 'redis-server to accept connections', timeoutMs: 30_000 });
    probe.disconnect();
    const connection = (connId: string, overrides: Partial<TResolvedConnection> = {}): TResolvedConnection => ({
      connId, connType: 'redis', host: '127.0.0.1', port, login: user, password, schema: '0', extra: {}, ...overrides,
    });
    return { host: '127.0.0.1', port, user, password, defaultPassword, connect, connection, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Every key of the session's database with its type, value and whether it expires, sorted: what a reader of the cache can see. */
export async function redisSnapshot(redis: Redis): Promise<string[]> {
  const keys = (await redis.keys('*')).sort();
  const types = (await redis.pipeline(keys.map((key) => ['type', key])).exec())!.map(([, type]) => String(type));
  const read = redis.pipeline();
  keys.forEach((key, index) => {
    const type = types[index];
    if (type === 'hash') read.hgetall(key);
    else if (type === 'string') read.get(key);
    else if (type === 'set') read.smembers(key);
    else read.type(key);
    read.pttl(key);
  });
  const values = (await read.exec())!.map(([, value]) => value);
  return keys.map((key, index) => {
    const value = values[index * 2];
    const shown = Array.isArray(value) ? [...value].sort() : value !== null && typeof value === 'object' ? Object.entries(value).sort() : value;
    return JSON.stringify([key, types[index], shown, Number(values[index * 2 + 1]) > 0 ? 'expires' : 'persists']);
  });
}

export const checksum = (entries: string[]) => createHash('sha256').update(entries.join('\n')).digest('hex');
