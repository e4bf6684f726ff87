import { setTimeout as sleep } from 'node:timers/promises';
import { SecretBox } from '../server/auth/secret-box';
import type { PrismaClient } from '../server/db/client';
import { env } from '../server/env';
import { egressPolicyFromEnv } from '../server/integrations/egress';
import type { TLogger } from '../server/logging/logger';
import { observeUpdatedDatasets } from '../server/services/catalog/observe-updated-datasets';
import { sampleScanCounts } from '../server/services/catalog/sample-scan-counts';

/** Warehouses introspected at once in a pass: enough to overlap network waits, few enough to be polite to them. */
const INTROSPECT_CONCURRENCY = 4;
/** A dataset whose warehouse could not be reached waits this many observer periods before it is tried again. */
const RETRY_AFTER_PERIODS = 30;

/**
 * The catalog observer's loop, beside the scheduler's (like the alert relay): introspects
 * datasets updated since their columns were last checked, and samples the warehouses' scan
 * counters every TRIBUTARY_CATALOG_SAMPLE_INTERVAL_MS, until `stopping`. It connects to
 * warehouses through the egress guard (TRIBUTARY_EGRESS_ALLOW on the scheduler). A failure is
 * logged and retried; it never stops the scheduler.
 */
export async function runCatalogObserver(db: PrismaClient, log: TLogger, stopping: Promise<unknown>, isStopping: () => boolean) {
  const config = env();
  const stopped = stopping.then(() => undefined);
  if (!config.TRIBUTARY_SECRET_KEY) {
    log.warn('TRIBUTARY_SECRET_KEY is not set on the scheduler: the catalog cannot open warehouse connections, so columns, row counts and scan counts are not observed');
    return;
  }
  const box = new SecretBox(config.TRIBUTARY_SECRET_KEY);
  const retryAt = new Map<string, number>();
  let sampledAt = 0;
  while (!isStopping()) {
    const now = Date.now();
    for (const [id, at] of retryAt) if (at <= now) retryAt.delete(id);
    try {
      const pass = await observeUpdatedDatasets(db, box, egressPolicyFromEnv(), {
        limit: config.TRIBUTARY_CATALOG_OBSERVE_BATCH,
        concurrency: INTROSPECT_CONCURRENCY,
        skip: [...retryAt.keys()],
      });
      for (const { datasetId, message } of pass.unavailable) {
        log.warn({ datasetId }, `could not introspect a dataset; retrying later: ${message}`);
        retryAt.set(datasetId, now + RETRY_AFTER_PERIODS * config.TRIBUTARY_CATALOG_OBSERVE_INTERVAL_MS);
      }
      if (pass.observed > 0) log.debug({ observed: pass.observed }, 'datasets introspected');
      if (now - sampledAt >= config.TRIBUTARY_CATALOG_SAMPLE_INTERVAL_MS) {
        sampledAt = now;
        const sampled = await sampleScanCounts(db, box, egressPolicyFromEnv());
        for (const { connId, workspaceId, message } of sampled.unavailable) log.warn({ connId, workspaceId }, `could not sample scan counts; next time: ${message}`);
      }
    } catch (error) {
      log.error({ err: error }, 'catalog observer failed; retrying');
    }
    // Unreferenced: once stopped wins the race, the pending pause must not hold the process open.
    await Promise.race([sleep(config.TRIBUTARY_CATALOG_OBSERVE_INTERVAL_MS, undefined, { ref: false }), stopped]);
  }
}
