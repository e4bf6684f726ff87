import { SecretBox } from '../server/auth/secret-box';
import { createPrismaClient } from '../server/db/client';
import { env, requireSecretKey } from '../server/env';
import { startBoss } from '../server/queue/boss';
import { recordTaskSandbox } from '../server/services/processes/register-process';
import { openTaskSandbox, sandboxSettings } from '../server/tasks/sandbox';
import { TaskExecutor } from './engine/task-executor';
import { runProcess } from './process-runtime';

/** A worker process: pulls task jobs from pg-boss and runs them. Any number may run, anywhere. */
await runProcess('worker', async ({ db, databaseUrl, log, stopping, jobId }) => {
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
  const executor = new TaskExecutor({
    db,
    heartbeatDb,
    boss,
    box: new SecretBox(requireSecretKey()),
    log,
    concurrency: config.TRIBUTARY_WORKER_CONCURRENCY,
    logCapBytes: config.TRIBUTARY_LOG_CAP_BYTES,
    heartbeatSeconds: config.TRIBUTARY_TASK_HEARTBEAT,
    sandbox: sandbox.sandbox,
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
  await heartbeatDb.$disconnect();
});
