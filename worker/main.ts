import { startBoss } from '../server/queue/boss';
import { runProcess } from './process-runtime';

/** A worker process: pulls task jobs from pg-boss. Any number may run, on any machine. */
await runProcess('worker', async ({ databaseUrl, log, stopping }) => {
  const boss = await startBoss(databaseUrl);
  boss.on('error', (error: unknown) => log.error({ err: error }, 'pg-boss error'));
  await stopping;
  await boss.stop({ graceful: true, timeout: 30_000 });
});
