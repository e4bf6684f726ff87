import { setTimeout as sleep } from 'node:timers/promises';
import { LeaderLock } from '../server/services/scheduler/leader-lock';
import { runProcess } from './process-runtime';

const LEADER_RETRY_MS = 2_000;

/**
 * The scheduler process. Only the leader (advisory lock) schedules; a second scheduler waits
 * and takes over within LEADER_RETRY_MS of the leader's connection closing.
 */
await runProcess('scheduler', async ({ databaseUrl, log, stopping, isStopping }) => {
  const lock = new LeaderLock(databaseUrl);
  let leading = false;
  while (!isStopping()) {
    const held = (await lock.tryAcquire()) && (await lock.stillHeld());
    if (held !== leading) {
      leading = held;
      log.info({ leading }, leading ? 'became the active scheduler' : 'waiting: another scheduler is active');
    }
    await Promise.race([sleep(LEADER_RETRY_MS), stopping]);
  }
  await lock.release();
});
