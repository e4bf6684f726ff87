import { SecretBox } from '../server/auth/secret-box';
import { createPrismaClient } from '../server/db/client';
import { env, requireSecretKey } from '../server/env';
import { startBoss } from '../server/queue/boss';
import { recordTaskSandbox } from '../server/services/processes/register-process';
import { openTaskSandbox, sandboxSettings } from '../server/tasks/sandbox';
import { ZAlertDeliverPayloadSchema } from '../server/queue/job-names';
import { deliverAlert } from '../server/services/alerts/deliver-alert';
import { openLineageSettings } from '../server/integrations/openlineage/emit-openlineage-event';
import { workOpenLineageJobs } from '../server/integrations/openlineage/work-openlineage-jobs';
import { OpenLineageEvents } from './engine/openlineage-events';
import { TaskExecutor } from './engine/task-executor';
import { runProcess } from './process-runtime';

/** Alert deliveries a worker sends at once. */
const ALERT_CONCURRENCY = 4;

/** A worker process: pulls task jobs from pg-boss and runs them. Any number may run, anywhere. */
await runProcess('worker', async ({ db, sql, databaseUrl, log, stopping, jobId }) => {
  const config = env();
  // Before taking any work: with TRIBUTARY_TASK_SANDBOX=bwrap a worker that cannot sandbox
  // tasks stops here, with the reason and how to install or allow bubblewrap.
  let sandbox: Awaited<ReturnType<typeof openTaskSandbox>>;
  try {
    sandbox = await openTaskSandbox(sandboxSettings(config));
  } catch (error) {
    log.fatal(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
    return;
  }
  if (sandbox.sandboxed) log.info({ sandbox: sandbox.summary }, 'task sandbox');
  else log.warn({ sandbox: sandbox.summary }, `task sandbox ${sandbox.summary}`);
  await recordTaskSandbox(db, jobId, sandbox.sandboxed ? 'bwrap' : 'none', sandbox.summary);
  const boss = await startBoss(databaseUrl);
  boss.on('error', (error: unknown) => log.error({ err: error }, 'pg-boss error'));
  const heartbeatDb = createPrismaClient(databaseUrl, { max: 1 });
  const openLineage = openLineageSettings(config);
  const executor = new TaskExecutor({
    db,
    sql,
    heartbeatDb,
    boss,
    box: new SecretBox(requireSecretKey()),
    log,
    concurrency: config.TRIBUTARY_WORKER_CONCURRENCY,
    logCapBytes: config.TRIBUTARY_LOG_CAP_BYTES,
    heartbeatSeconds: config.TRIBUTARY_TASK_HEARTBEAT,
    sandbox: sandbox.sandbox,
    openLineage: openLineage ? new OpenLineageEvents(boss, log) : null,
  });
  await boss.work(
    'task.execute',
    {
      // Fetch up to a full slot's worth per poll and keep fetching while batches come back full;
      // NOTIFY wakes the worker when a job is sent, so the idle poll is only a backstop.
      batchSize: config.TRIBUTARY_WORKER_CONCURRENCY,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 1,
      notifyPollingIntervalSeconds: 5,
    },
    (jobs) => executor.accept(jobs),
  );
  // Alerts are sent beside tasks, a few at a time: a slow Slack never holds a task slot. A retry
  // waits with startAfter, which sends no NOTIFY: the 1 s poll is what picks it up on time.
  await boss.work('alert.deliver', { batchSize: 1, localConcurrency: ALERT_CONCURRENCY, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await deliverAlert(db, boss, ZAlertDeliverPayloadSchema.parse(job.data).deliveryId);
  });
  if (openLineage) await workOpenLineageJobs(boss, db, openLineage, log);
  await stopping;
  if (openLineage) await boss.offWork('openlineage.emit');
  await boss.offWork('alert.deliver');
  await boss.offWork('task.execute');
  log.info({ running: executor.running }, 'waiting for running tasks');
  await executor.shutdown(config.TRIBUTARY_WORKER_SHUTDOWN_GRACE);
  await boss.stop({ graceful: true, timeout: 10_000 });
  await heartbeatDb.$disconnect();
});
