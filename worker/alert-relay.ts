import { setTimeout as sleep } from 'node:timers/promises';
import type { PgBoss } from 'pg-boss';
import type { PrismaClient } from '../server/db/client';
import type { TLogger } from '../server/logging/logger';
import { relayStateEvents } from '../server/services/alerts/relay-state-events';

/** How often an idle relay looks for new events: the floor of an alert's latency. */
const IDLE_POLL_MS = 200;

/**
 * The alert relay's loop, beside the scheduler's: relays state-change events into incidents and
 * deliveries until `stopping`. A full batch is followed at once by the next; an error is logged
 * and retried (the cursor did not move, so nothing is lost).
 */
export async function runAlertRelay(db: PrismaClient, boss: PgBoss, log: TLogger, stopping: Promise<unknown>, isStopping: () => boolean) {
  const stopped = stopping.then(() => undefined);
  while (!isStopping()) {
    try {
      const { events, deliveries } = await relayStateEvents(db, boss);
      if (deliveries > 0) log.debug({ events, deliveries }, 'alerts relayed');
      if (events > 0) continue;
    } catch (error) {
      log.error({ err: error }, 'alert relay failed; retrying');
    }
    await Promise.race([sleep(IDLE_POLL_MS), stopped]);
  }
}
