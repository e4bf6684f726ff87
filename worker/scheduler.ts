import { SecretBox } from '../server/auth/secret-box';
import { env } from '../server/env';
import { startBoss } from '../server/queue/boss';
import { taskJobEnqueuer } from '../server/queue/enqueue-task-jobs';
import { LeaderLock } from '../server/queue/leader-lock';
import { SchedulerWakeup } from '../server/queue/scheduler-wakeup';
import { openLineageSettings } from '../server/integrations/openlineage/emit-openlineage-event';
import { encryptMovedChannelSecrets } from '../server/services/alert-channels/encrypt-moved-secrets';
import { catchUpCatalog } from '../server/services/catalog/catch-up-catalog';
import { runSchedulerTick } from '../server/services/scheduling/scheduler-tick';
import { runAlertRelay } from './alert-relay';
import { runCatalogObserver } from './catalog-observer';
import { runCatalogRelay } from './catalog-relay';
import { runProcess } from './process-runtime';

/**
 * The scheduler process. Only the leader (advisory lock) schedules; another scheduler waits
 * and takes over within one period of the leader's connection closing. A tick runs on the
 * timer or at once when woken by NOTIFY (a manual trigger, an unpause).
 */
await runProcess('scheduler', async ({ db, sql, databaseUrl, log, stopping, isStopping }) => {
  const config = env();
  const lock = new LeaderLock(databaseUrl);
  const wakeup = new SchedulerWakeup(databaseUrl);
  // Listening before the first tick: a trigger's NOTIFY sent during that tick would otherwise be
  // lost, and its run would wait a whole period (a flaky test with a long period found this).
  await wakeup.start().catch((error: unknown) => log.warn({ err: error }, 'cannot listen for wake-ups yet; the timer will do'));
  const boss = await startBoss(databaseUrl, { supervise: true });
  const enqueue = taskJobEnqueuer(boss);
  // Alerts are relayed beside the scheduling loop, never inside it: a slow alert pass cannot delay a tick.
  const relay = runAlertRelay(db, boss, log, stopping, isStopping);
  const observer = runCatalogObserver(db, log, stopping, isStopping);
  const catalogRelay = runCatalogRelay(db, boss, log, { stopping, isStopping, openLineage: openLineageSettings(config) !== null });
  // DAGs deployed before the catalog (or before a change of its identity) are synced once, beside the loop.
  const catalogCaughtUp = catchUpCatalog(db, {
    onUnloadable: (dag, error) => log.warn({ err: error, dagPk: dag.id }, 'a DAG version no longer loads; its datasets wait for a new deploy'),
    isStopping,
  })
    .then((synced) => synced > 0 && log.info({ synced }, 'catalog caught up with deployed DAGs'))
    .catch((error: unknown) => log.error({ err: error }, 'catalog catch-up failed; it runs again at the next start'));
  // Alert channels saved before a field of theirs became secret get it encrypted (needs the key that encrypts secrets).
  const channelsSecured = config.TRIBUTARY_SECRET_KEY
    ? encryptMovedChannelSecrets(db, new SecretBox(config.TRIBUTARY_SECRET_KEY))
        .then((moved) => moved > 0 && log.info({ moved }, 'alert channel fields that are now secret were encrypted'))
        .catch((error: unknown) => log.error({ err: error }, 'could not encrypt alert channel fields that are now secret; it runs again at the next start'))
    : Promise.resolve();
  let leading = false;
  const reportedVersions = new Set<string>();
  while (!isStopping()) {
    const held = (await lock.tryAcquire().catch(() => false)) && (await lock.stillHeld());
    if (held !== leading) {
      leading = held;
      log.info({ leading }, leading ? 'became the active scheduler' : 'waiting: another scheduler is active');
    }
    if (leading) {
      try {
        const { created, backfills, started, zombies, timedOut, scheduled } = await runSchedulerTick(db, enqueue, {
          now: new Date(),
          sql,
          zombieThresholdSeconds: config.TRIBUTARY_ZOMBIE_THRESHOLD,
          onBackfillError: (backfillId, err) => log.error({ err, backfillId }, 'backfill step failed; retrying at the next tick'),
          onUnloadableDag: ({ dagPk, workspaceId, versionId, error }) => {
            // Once per version and process: the DAG stays due, so every tick meets it again.
            if (reportedVersions.has(versionId)) return;
            reportedVersions.add(versionId);
            log.error({ err: error, dagPk, workspaceId, versionId }, 'a DAG version no longer loads; its scheduled runs wait for a new deploy');
          },
        });
        const backfilled = backfills.created + backfills.reprocessed + backfills.completed;
        if (created || backfilled || started.length || zombies || timedOut.length || scheduled.queued || scheduled.finished) {
          log.debug({ created, backfills, started: started.length, zombies, timedOut: timedOut.length, ...scheduled }, 'tick');
        }
      } catch (error) {
        log.error({ err: error }, 'scheduler tick failed; retrying at the next tick');
      }
    }
    await wakeup.next(leading ? config.TRIBUTARY_SCHEDULER_INTERVAL_MS : 2_000, stopping);
  }
  await wakeup.stop();
  await relay;
  await observer;
  await catalogRelay;
  await catalogCaughtUp;
  await channelsSecured;
  await lock.release();
  await boss.stop({ graceful: true, timeout: 5_000 });
});
