import { setTimeout as sleep } from 'node:timers/promises';
import type { PgBoss } from 'pg-boss';
import type { PrismaClient } from '../server/db/client';
import { env } from '../server/env';
import type { TLogger } from '../server/logging/logger';
import { checkDatasetFreshness } from '../server/services/catalog/check-dataset-freshness';
import { sendCatalogNotices } from '../server/services/catalog/send-catalog-notices';
import { queueLostAttemptFailures } from '../server/integrations/openlineage/queue-lost-attempt-failures';
import { ensureCatalogRelayCursor, relayDatasetUpdates } from '../server/services/catalog/relay-dataset-updates';

/** How often an idle relay looks for new events: the floor of a dataset-triggered run's latency. */
const IDLE_POLL_MS = 200;
/** Datasets are checked for freshness every this many scheduler periods (a policy is minutes or more). */
const FRESHNESS_CHECK_PERIODS = 5;

/**
 * The catalog's loop, beside the scheduler's and the alert relay's: turns successful tasks into
 * dataset updates, checks freshness, and (with OpenLineage on) queues the FAIL events of tries
 * whose worker died, until `stopping`. An error is logged and retried (the
 * cursor did not move, so nothing is lost).
 */
export async function runCatalogRelay(
  db: PrismaClient,
  boss: PgBoss,
  log: TLogger,
  options: { stopping: Promise<unknown>; isStopping: () => boolean; openLineage: boolean },
) {
  const { stopping, isStopping } = options;
  const stopped = stopping.then(() => undefined);
  let cursorReady = false;
  let freshnessCheckedAt = 0;
  while (!isStopping()) {
    try {
      if (!cursorReady) {
        await ensureCatalogRelayCursor(db);
        cursorReady = true;
      }
      if (Date.now() - freshnessCheckedAt >= FRESHNESS_CHECK_PERIODS * env().TRIBUTARY_SCHEDULER_INTERVAL_MS) {
        freshnessCheckedAt = Date.now();
        const changed = await checkDatasetFreshness(db, boss, new Date());
        if (changed > 0) log.info({ changed }, 'dataset freshness changed');
        const noticed = await sendCatalogNotices(db, boss, new Date());
        if (noticed > 0) log.info({ noticed }, 'dataset deprecations announced or reviews asked');
      }
      const { events, updates, lost } = await relayDatasetUpdates(db);
      if (updates > 0) log.debug({ events, updates }, 'dataset updates recorded');
      if (options.openLineage && lost.length > 0) await queueLostAttemptFailures(db, boss, lost);
      if (events > 0) continue;
    } catch (error) {
      log.error({ err: error }, 'catalog relay failed; retrying');
    }
    await Promise.race([sleep(IDLE_POLL_MS), stopped]);
  }
}
