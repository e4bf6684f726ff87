import type { PgBoss } from 'pg-boss';
import type { SecretBox } from '../../server/auth/secret-box';
import type { PrismaClient } from '../../server/db/client';
import type { TSqlTransactor } from '../../server/db/sql';
import { retryWriteConflicts } from '../../server/db/retry-conflicts';
import type { TLogger } from '../../server/logging/logger';
import { taskJobEnqueuer } from '../../server/queue/enqueue-task-jobs';
import { ZTaskExecutePayloadSchema, type TTaskExecutePayload } from '../../server/queue/job-names';
import { scheduleTaskInstances, type TEndedInRun, type TEnqueue } from '../../server/services/scheduling/schedule-task-instances';
import { claimTaskInstances, heartbeatTaskInstances, type TClaimedTaskInstance } from '../../server/services/task-instances/claim-task-instances';
import { completeTaskInstances, type TAttemptOutcome, type TEndedTask } from '../../server/services/task-instances/complete-task-instances';
import type { TTaskSandbox } from '../../server/tasks/sandbox';
import { GroupCommit } from './group-commit';
import type { OpenLineageEvents } from './openlineage-events';
import { runTaskInstance } from './run-task-instance';

export type TExecutorOptions = {
  db: PrismaClient;
  /** The hot path's statements (claims, outcomes, the fast path's scheduling pass) on the pg driver. */
  sql: TSqlTransactor;
  /**
   * A connection of the heartbeat's own. On the shared pool a heartbeat would queue behind the
   * running tasks' queries and log writes; a busy worker's tasks would then miss heartbeats and
   * be taken for zombies while they run.
   */
  heartbeatDb: PrismaClient;
  boss: PgBoss;
  box: SecretBox;
  log: TLogger;
  concurrency: number;
  logCapBytes: number;
  heartbeatSeconds: number;
  sandbox: TTaskSandbox | null;
  /** Set only with OPENLINEAGE_URL: without it the engine does nothing more than before. */
  openLineage?: OpenLineageEvents | null;
};

/**
 * How many downstream tasks one fast path keeps for its own worker: enough for a chain or a
 * small fan-out to skip the queue; a wide fan-out goes to every worker through pg-boss, which
 * spreads it faster than one worker claiming hundreds inside its transaction (measured: 1,000
 * empty tasks on 2 workers, 4,500-6,600 tasks/s keeping all vs 6,800-8,300 keeping none).
 */
const LOCAL_CLAIMS_PER_PASS = 8;

type TInFlight = { tryNumber: number; controller: AbortController; done: Promise<void> };

/**
 * Runs delivered task jobs: claims them (a duplicate delivery claims nothing), runs up to
 * `concurrency` at once, heartbeats them (and stops any that was cleared or marked meanwhile),
 * records outcomes in batches, and then schedules the runs' downstream instances at once so a
 * chain of tasks does not wait for the scheduler's next tick. A few of the downstream instances
 * it queues (LOCAL_CLAIMS_PER_PASS, while it has free slots) it claims itself in the same
 * transaction and runs at once (no job, no fetch); the rest become jobs for any worker.
 */
export class TaskExecutor {
  private readonly inFlight = new Map<string, TInFlight>();
  private readonly capacityWaiters: (() => void)[] = [];
  private readonly completions: GroupCommit<TAttemptOutcome>;
  private readonly downstream: GroupCommit<TEndedTask[]>;
  private readonly heartbeat: NodeJS.Timeout;
  private accepting = true;

  constructor(private readonly options: TExecutorOptions) {
    const enqueue = taskJobEnqueuer(options.boss);
    this.downstream = new GroupCommit(async (batches) => {
      const completed = new Map<string, TEndedInRun & { taskIds: string[] }>();
      for (const ended of batches.flat()) {
        const run = completed.get(ended.dagRunId);
        if (run) run.taskIds.push(ended.taskId);
        else completed.set(ended.dagRunId, { dagVersionId: ended.dagVersionId, taskIds: [ended.taskId] });
      }
      let claimed: TClaimedTaskInstance[] = [];
      await retryWriteConflicts(() => {
        // A retried transaction claims afresh: what the rolled-back one claimed never happened.
        claimed = [];
        return scheduleTaskInstances(options.sql, this.claimOrEnqueue(enqueue, claimed), { now: new Date(), completed });
      });
      for (const instance of claimed) this.start(instance);
    });
    this.completions = new GroupCommit(async (outcomes) => {
      const ended = await retryWriteConflicts(() => completeTaskInstances(options.sql, outcomes, new Date()));
      options.openLineage?.ended(outcomes, new Date());
      // Not awaited by the task: its slot is free as soon as its outcome is stored.
      if (ended.length > 0) this.downstream.submit(ended).catch((error: unknown) => options.log.error({ err: error }, 'downstream scheduling failed; the scheduler will catch up'));
    });
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatSeconds * 1000);
  }

  /** The pg-boss handler: returns once there is room for more work, which paces fetching. */
  async accept(jobs: { data: unknown }[]): Promise<void> {
    const payloads: TTaskExecutePayload[] = [];
    for (const job of jobs) {
      const parsed = ZTaskExecutePayloadSchema.safeParse(job.data);
      if (parsed.success) payloads.push(parsed.data);
      else this.options.log.error({ issues: parsed.error.issues }, 'dropping a task.execute job with an invalid payload');
    }
    const claimed = this.accepting ? await claimTaskInstances(this.options.sql, payloads) : [];
    for (const instance of claimed) this.start(instance);
    await this.roomForMore();
  }

  /** Stops taking work; lets running tasks finish for `graceSeconds`, then fails the rest into the retry path. */
  async shutdown(graceSeconds: number): Promise<void> {
    this.accepting = false;
    const all = () => Promise.all([...this.inFlight.values()].map((entry) => entry.done));
    const timer = setTimeout(() => {
      for (const entry of this.inFlight.values()) entry.controller.abort(`The worker is shutting down (grace period of ${graceSeconds}s over).`);
    }, graceSeconds * 1000);
    await all();
    clearTimeout(timer);
    clearInterval(this.heartbeat);
  }

  get running(): number {
    return this.inFlight.size;
  }

  private start(claimed: TClaimedTaskInstance) {
    const controller = new AbortController();
    this.options.openLineage?.started(claimed, new Date());
    const done = (async () => {
      const deps = { db: this.options.db, box: this.options.box, logCapBytes: this.options.logCapBytes, sandbox: this.options.sandbox };
      const outcome = await runTaskInstance(deps, claimed, controller.signal);
      await this.completions.submit(outcome).catch((error: unknown) =>
        this.options.log.error({ err: error, taskInstanceId: claimed.id }, 'could not record an outcome; zombie detection will retry the task'),
      );
    })().finally(() => {
      this.inFlight.delete(claimed.id);
      this.capacityWaiters.shift()?.();
    });
    this.inFlight.set(claimed.id, { tryNumber: claimed.tryNumber, controller, done });
  }

  /**
   * Queues jobs inside the scheduling transaction, but claims a few of them itself while it has
   * free slots (into `claimed`, started once the transaction commits). A crash between the commit
   * and the start leaves them running without heartbeats: zombie detection retries them.
   */
  private claimOrEnqueue(enqueue: TEnqueue, claimed: TClaimedTaskInstance[]): TEnqueue {
    return async (tx, jobs) => {
      const free = this.options.concurrency - this.inFlight.size - claimed.length;
      const room = this.accepting ? Math.max(0, Math.min(free, LOCAL_CLAIMS_PER_PASS - claimed.length)) : 0;
      await enqueue(tx, jobs.slice(room));
      // Claimed last, so a task's start time is the end of its transaction's work, not before the jobs were sent.
      claimed.push(...(await claimTaskInstances(tx, jobs.slice(0, room))));
    };
  }

  private roomForMore(): Promise<void> {
    if (this.inFlight.size < this.options.concurrency) return Promise.resolve();
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }

  private async beat() {
    const running = [...this.inFlight.entries()].map(([id, entry]) => ({ id, tryNumber: entry.tryNumber }));
    try {
      const gone = await heartbeatTaskInstances(this.options.heartbeatDb, running);
      for (const id of gone) {
        this.inFlight.get(id)?.controller.abort('The task instance was cleared, marked or taken over while it ran; stopping it.');
      }
    } catch (error) {
      this.options.log.warn({ err: error }, 'task heartbeat failed');
    }
  }
}
