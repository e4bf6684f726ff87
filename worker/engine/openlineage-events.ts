import type { PgBoss } from 'pg-boss';
import type { TLogger } from '../../server/logging/logger';
import { ZOpenLineageEmitPayloadSchema, type TOpenLineageEmitPayload } from '../../server/queue/job-names';
import type { TClaimedTaskInstance } from '../../server/services/task-instances/claim-task-instances';
import type { TAttemptOutcome } from '../../server/services/task-instances/complete-task-instances';
import { GroupCommit } from './group-commit';

type TEmitJob = { id?: string; data: TOpenLineageEmitPayload };

/**
 * The engine's whole part in OpenLineage: it queues `openlineage.emit` jobs and never waits for
 * them, so a slow or broken receiver cannot slow or fail a task. The executor has one of these
 * only when OPENLINEAGE_URL is set. Jobs go in batches through one GroupCommit, in the order they
 * were queued: an attempt's START is always in the database no later than its end event, which
 * the emit job relies on to send them in that order (START's job id is the attempt's id).
 */
export class OpenLineageEvents {
  private readonly jobs: GroupCommit<TEmitJob>;

  constructor(
    boss: PgBoss,
    private readonly log: TLogger,
  ) {
    this.jobs = new GroupCommit(async (jobs) => {
      await boss.insert('openlineage.emit', jobs.map((job) => ({ ...job, data: ZOpenLineageEmitPayloadSchema.parse(job.data) })));
    });
  }

  /** An attempt began (its claim committed). A rescheduled sensor's later pokes continue the try its first poke started. */
  started(claimed: TClaimedTaskInstance, at: Date): void {
    if (claimed.logSeq > 0) return;
    this.queue({ id: claimed.attemptId, data: { attemptId: claimed.attemptId, eventType: 'START', eventTime: at.toISOString(), waits: 0 } });
  }

  /** Attempts whose outcomes committed; a sensor's reschedule is not an end. */
  ended(outcomes: readonly TAttemptOutcome[], at: Date): void {
    for (const outcome of outcomes) {
      if (outcome.result === 'up_for_reschedule') continue;
      const eventType = outcome.result === 'failed' ? 'FAIL' : 'COMPLETE';
      this.queue({ data: { attemptId: outcome.attemptId, eventType, eventTime: at.toISOString(), waits: 0 } });
    }
  }

  private queue(job: TEmitJob): void {
    this.jobs.submit(job).catch((error: unknown) =>
      this.log.warn({ err: error, attemptId: job.data.attemptId, eventType: job.data.eventType }, 'could not queue an OpenLineage event; it is not sent'),
    );
  }
}
