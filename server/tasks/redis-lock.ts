import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { TaskFailure } from './task-type';

/**
 * A lock lives this long unless refreshed: a load whose worker was SIGKILLed holds it at most
 * this long, so its retry waits that much and no more.
 */
const LOCK_TTL_MS = 15_000;
const REFRESH_EVERY_MS = 5_000;
const POLL_MS = 250;
export const LOCK_WAIT_MS = 600_000;

// Refresh and release only the lock this token took: after an expiry, another load's lock is not ours to touch.
const REFRESH = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export type TRedisLock = {
  /** Throws when the lock expired while held (a stall longer than its TTL): another load may be writing. */
  assertHeld(): void;
  release(): Promise<void>;
};

/**
 * SET NX PX with a random token on `key`, refreshed every few seconds while held, released by
 * token. A second load of the same prefix polls until it is free, up to LOCK_WAIT_MS.
 */
export async function acquireRedisLock(redis: Redis, key: string, what: string, signal: AbortSignal): Promise<TRedisLock> {
  const token = randomBytes(16).toString('hex');
  const deadline = Date.now() + LOCK_WAIT_MS;
  while ((await redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') {
    if (Date.now() > deadline) throw new TaskFailure(`another load into ${what} held its lock (${key}) for ${LOCK_WAIT_MS / 1000}s`);
    await sleep(POLL_MS, undefined, { signal });
  }
  let lost = false;
  const timer = setInterval(() => {
    redis.eval(REFRESH, 1, key, token, LOCK_TTL_MS).then(
      (refreshed) => (lost ||= refreshed !== 1),
      () => undefined,
    );
  }, REFRESH_EVERY_MS);
  timer.unref();
  return {
    assertHeld() {
      if (lost) throw new TaskFailure(`the load's lock on ${what} expired while it ran (nothing was changed): another load may have taken it`);
    },
    async release() {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    },
  };
}
