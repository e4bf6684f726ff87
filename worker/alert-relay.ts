import { setTimeout as sleep } from 'node:timers/promises';
import type { PgBoss } from 'pg-boss';
import type { PrismaClient } from '../server/db/client';
import { env } from '../server/env';
import type { TLogger } from '../server/logging/logger';
import { relayStateEvents } from '../server/services/alerts/relay-state-events';
import { alertSlaMisses } from '../server/services/alerts/sla-misses';

/** How often an idle relay looks for new events: the floor of an alert's latency. */
const IDLE_POLL_MS = 200;
/** Runs are checked against their DAG's sla every this many scheduler periods (an SLA is minutes; a late alert by seconds is fine). */
const SLA_CHECK_PERIODS = 10;

/**
 * The alert relay's loop, beside the scheduler's: relays state-change events into incidents and
 * deliveries, and checks runs against their DAG's sla, until `stopping`. A full batch is followed at once by the next; an error is logged
 * and retried (the cursor did not move, so nothing is lost).
 */
export async function runAlertRelay(db: PrismaClient, boss: PgBoss, log: TLogger, stopping: Promise<unknown>, isStopping: () => boolean) {
  const stopped = stopping.then(() => undefined);
  let slaCheckedAt = 0;
  while (!isStopping()) {
    try {
      if (Date.now() - slaCheckedAt >= SLA_CHECK_PERIODS * env().TRIBUTARY_SCHEDULER_INTERVAL_MS) {
        slaCheckedAt = Date.now();
        const missed = await alertSlaMisses(db, boss, new Date());
        if (missed > 0) log.info({ missed }, 'runs missed their SLA');
      }
      const { events, deliveries } = await relayStateEvents(db, boss);
      if (deliveries > 0) log.debug({ events, deliveries }, 'alerts relayed');
      if (events > 0) continue;
    } catch (error) {
      log.error({ err: error }, 'alert relay failed; retrying');
    }
    await Promise.race([sleep(IDLE_POLL_MS), stopped]);
  }
}
