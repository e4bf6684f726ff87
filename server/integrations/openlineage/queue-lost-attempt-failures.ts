import type { PgBoss } from 'pg-boss';
import type { PrismaClient } from '../../db/client';
import { ZOpenLineageEmitPayloadSchema } from '../../queue/job-names';

/** A try the scheduler ended because its worker stopped heartbeating. */
export type TLostAttempt = { taskInstanceId: string; tryNumber: number; at: Date };

/**
 * FAIL events for attempts whose worker died (zombies): the worker that would have sent them is
 * gone, so the scheduler process queues them when the catalog relay reads the zombie's state
 * change. The emit job (worked by any worker) sends them as it sends the others, after their
 * START. Best effort, like every OpenLineage event: a crash between the relay's commit and this
 * insert loses the event, never a task's outcome.
 */
export async function queueLostAttemptFailures(db: PrismaClient, boss: PgBoss, lost: readonly TLostAttempt[]): Promise<number> {
  if (lost.length === 0) return 0;
  const attempts = await db.$queryRaw<{ id: string; taskInstanceId: string; tryNumber: number }[]>`
    select a.id, a."taskInstanceId", a."tryNumber" from task_attempt a
    join unnest(${lost.map((attempt) => attempt.taskInstanceId)}::text[], ${lost.map((attempt) => attempt.tryNumber)}::int[]) as l(ti_id, try_number)
      on a."taskInstanceId" = l.ti_id and a."tryNumber" = l.try_number`;
  const at = new Map(lost.map((attempt) => [`${attempt.taskInstanceId}\u0000${attempt.tryNumber}`, attempt.at]));
  const jobs = attempts.map((attempt) => ({
    data: ZOpenLineageEmitPayloadSchema.parse({
      attemptId: attempt.id,
      eventType: 'FAIL',
      eventTime: (at.get(`${attempt.taskInstanceId}\u0000${attempt.tryNumber}`) ?? new Date()).toISOString(),
      waits: 0,
    }),
  }));
  if (jobs.length > 0) await boss.insert('openlineage.emit', jobs);
  return jobs.length;
}
