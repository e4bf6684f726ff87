import { SecretBox } from '../server/auth/secret-box';
import { env, requireSecretKey } from '../server/env';
import { startBoss } from '../server/queue/boss';
import { TaskExecutor } from './engine/task-executor';
import { runProcess } from './process-runtime';

/** A worker process: pulls task jobs from pg-boss and runs them. Any number may run, anywhere. */
await runProcess('worker', async ({ db, databaseUrl, log, stopping }) => {
  const config = env();
  const boss = await startBoss(databaseUrl);
  boss.on('error', (error: unknown) => log.error({ err: error }, 'pg-boss error'));
  const executor = new TaskExecutor({
    db,
    boss,
    box: new SecretBox(requireSecretKey()),
    log,
    concurrency: config.TRIBUTARY_WORKER_CONCURRENCY,
    logCapBytes: config.TRIBUTARY_LOG_CAP_BYTES,
    heartbeatSeconds: config.TRIBUTARY_TASK_HEARTBEAT,
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
  await stopping;
  await boss.offWork('task.execute');
  log.info({ running: executor.running }, 'waiting for running tasks');
  await executor.shutdown(config.TRIBUTARY_WORKER_SHUTDOWN_GRACE);
  await boss.stop({ graceful: true, timeout: 10_000 });
});
