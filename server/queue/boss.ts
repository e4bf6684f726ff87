import { PgBoss } from 'pg-boss';
import { JOB_QUEUES, type TJobName, type TJobPayload } from './job-names';

export const PGBOSS_SCHEMA = 'pgboss';

/**
 * An alert's job backs off and retries if its handler crashes; a send that fails is rescheduled
 * by the handler itself (it honours Slack's Retry-After, which a fixed policy cannot).
 */
const QUEUE_OPTIONS: Partial<Record<TJobName, { retryLimit: number; retryDelay: number; retryBackoff: boolean; retryDelayMax?: number }>> = {
  'alert.deliver': { retryLimit: 5, retryDelay: 5, retryBackoff: true },
  // A receiver that is down is tried for about a quarter of an hour (1 s doubling, at most 5 minutes apart).
  'openlineage.emit': { retryLimit: 10, retryDelay: 1, retryBackoff: true, retryDelayMax: 300 },
};

/**
 * Starts pg-boss on the metadata database (its own schema, which it creates and migrates)
 * and makes sure every queue of the contract exists with LISTEN/NOTIFY on, so workers wake
 * the moment a job is sent instead of at their next poll.
 */
export async function startBoss(connectionString: string, options?: { max?: number; supervise?: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: PGBOSS_SCHEMA,
    max: options?.max ?? 10,
    supervise: options?.supervise ?? true,
    schedule: false,
    application_name: 'tributary',
    useListenNotify: true,
  });
  await boss.start();
  for (const name of Object.keys(JOB_QUEUES) as TJobName[]) {
    await boss.createQueue(name, { notify: true, ...QUEUE_OPTIONS[name] });
  }
  return boss;
}

export async function sendJob<N extends TJobName>(boss: PgBoss, name: N, payload: TJobPayload<N>, options?: { startAfter?: Date }) {
  const data = JOB_QUEUES[name].parse(payload);
  return boss.send(name, data, options?.startAfter ? { startAfter: options.startAfter } : undefined);
}
