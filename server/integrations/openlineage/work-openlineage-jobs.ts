import type { Job, PgBoss } from 'pg-boss';
import type { PrismaClient } from '../../db/client';
import type { TLogger } from '../../logging/logger';
import { egressPolicyFromEnv } from '../egress';
import { emitOpenLineageEvent, type TOpenLineageSettings } from './emit-openlineage-event';

/** Events one fetch takes; they are sent at the same time. */
const BATCH_SIZE = 16;

/**
 * The worker's `openlineage.emit` handler. Jobs come in batches and are sent side by side: one
 * job per fetch would send about one event per second per slot, as pg-boss waits between
 * fetches. A batch is settled job by job: a failure that may pass fails only its own job (pg-boss
 * retries it with backoff), and pg-boss then completes the rest, which are still active.
 * OPENLINEAGE_URL is operator configuration, like SLACK_API_URL: no workspace can set it, and it
 * is reached through the egress guard under TRIBUTARY_EGRESS_ALLOW like every other call.
 */
export async function workOpenLineageJobs(boss: PgBoss, db: PrismaClient, settings: TOpenLineageSettings, log: TLogger): Promise<void> {
  await boss.work(
    'openlineage.emit',
    // A retry or an end event waiting for its START is due later and sends no NOTIFY: the 1 s poll picks it up.
    { batchSize: BATCH_SIZE, burstWhenBatchFull: true, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 },
    async (jobs) => {
      await Promise.all(jobs.map((job) => emitOne(boss, db, settings, log, job)));
    },
  );
}

async function emitOne(boss: PgBoss, db: PrismaClient, settings: TOpenLineageSettings, log: TLogger, job: Job<unknown>): Promise<void> {
  try {
    const outcome = await emitOpenLineageEvent(db, boss, settings, egressPolicyFromEnv(), job.data);
    if (outcome.kind === 'refused') log.warn({ jobId: job.id }, `OpenLineage event not sent: ${outcome.message}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ jobId: job.id, retryCount: job.retryCount }, `OpenLineage event not sent yet (it will be retried): ${message}`);
    // If even this fails, the job stays active until it expires, and pg-boss retries it then.
    await boss.fail('openlineage.emit', { id: job.id, retryCount: job.retryCount }, { message }).catch((failed: unknown) => log.warn({ jobId: job.id, err: failed }, 'could not fail an OpenLineage job'));
  }
}
