import type { TDb } from '../../db/sql';
import type { TDagTask } from '../../domain/dag/parse-dag-spec';
import { nextRetryAt, shouldRetry } from '../../domain/state/retry';
import { assertTransition, type TTaskInstanceState } from '../../domain/state/task-instance-state';

export type TRetryPolicy = {
  maxTries: number;
  retryDelaySeconds: number;
  exponentialBackoff: boolean;
  maxRetryDelaySeconds: number | null;
  /** Identifies the instance for the backoff's jitter: dag#task#run. */
  key: string;
};

/** The retry policy of a task as its spec says (one try and no delay when the task is unknown). */
export function retryPolicyFor(task: TDagTask | null | undefined, key: string): TRetryPolicy {
  return {
    maxTries: task ? task.retries + 1 : 1,
    retryDelaySeconds: task?.retry_delay ?? 300,
    exponentialBackoff: task?.retry_exponential_backoff ?? false,
    maxRetryDelaySeconds: task?.max_retry_delay ?? null,
    key,
  };
}

export type TAttemptOutcome = {
  taskInstanceId: string;
  attemptId: string;
  tryNumber: number;
  result: 'success' | 'skipped' | 'failed';
  output?: unknown;
  errorMessage?: string | null;
  exitCode?: number | null;
  renderedFields?: unknown;
  logBytes: number;
  logTruncated: boolean;
  retry: TRetryPolicy;
};

const DISCARDED = 'The task instance was changed while this attempt ran (cleared, marked or taken over); its result was discarded.';

/**
 * Records how attempts ended, in one transaction for a batch: running → success / skipped, or
 * on failure up_for_retry (with its next retry time) while tries remain, else failed. The
 * compare-and-set is on (running, this try): an instance cleared or marked meanwhile keeps the
 * state the user gave it. Returns the instances that moved (for the downstream fast path).
 */
export async function completeTaskInstances(
  db: TDb,
  outcomes: readonly TAttemptOutcome[],
  finishedAt: Date,
): Promise<{ dagRunId: string; taskId: string }[]> {
  if (outcomes.length === 0) return [];
  const rows = outcomes.map((outcome) => {
    const state = finalState(outcome);
    assertTransition('running', state);
    const retryAt =
      state === 'up_for_retry'
        ? nextRetryAt({
            tryNumber: outcome.tryNumber,
            retryDelaySeconds: outcome.retry.retryDelaySeconds,
            exponentialBackoff: outcome.retry.exponentialBackoff,
            maxRetryDelaySeconds: outcome.retry.maxRetryDelaySeconds,
            finishedAt,
            key: outcome.retry.key,
          })
        : null;
    return { outcome, state, retryAt };
  });
  const moved = await db.$queryRaw<{ id: string; dagRunId: string; taskId: string }[]>`
    update task_instance ti
    set state = o.state, "endDate" = clock_timestamp(), duration = extract(epoch from clock_timestamp() - ti."startDate"),
        output = o.output::jsonb, "nextRetryAt" = o.retry_at, "renderedFields" = coalesce(o.rendered::jsonb, ti."renderedFields"),
        "updatedAt" = clock_timestamp()
    from unnest(${rows.map((r) => r.outcome.taskInstanceId)}::text[], ${rows.map((r) => r.outcome.tryNumber)}::int[],
                ${rows.map((r) => r.state)}::text[], ${rows.map((r) => json(r.outcome.output))}::text[],
                ${rows.map((r) => r.retryAt)}::timestamptz[], ${rows.map((r) => json(r.outcome.renderedFields))}::text[])
         as o(id, try, state, output, retry_at, rendered)
    where ti.id = o.id and ti.state = 'running' and ti."tryNumber" = o.try
    returning ti.id, ti."dagRunId", ti."taskId"`;
  const movedIds = new Set(moved.map((row) => row.id));
  await db.$executeRaw`
    update task_attempt a
    set state = o.state, "endDate" = clock_timestamp(), "exitCode" = o.exit_code, "errorMessage" = o.error,
        "logBytes" = o.log_bytes, "logTruncated" = o.log_truncated
    from unnest(${rows.map((r) => r.outcome.attemptId)}::text[],
                ${rows.map((r) => (movedIds.has(r.outcome.taskInstanceId) ? r.state : 'failed'))}::text[],
                ${rows.map((r) => r.outcome.exitCode ?? null)}::int[],
                ${rows.map((r) => (movedIds.has(r.outcome.taskInstanceId) ? (r.outcome.errorMessage ?? null) : DISCARDED))}::text[],
                ${rows.map((r) => r.outcome.logBytes)}::int[], ${rows.map((r) => r.outcome.logTruncated)}::boolean[])
         as o(id, state, exit_code, error, log_bytes, log_truncated)
    where a.id = o.id`;
  return moved.map((row) => ({ dagRunId: row.dagRunId, taskId: row.taskId }));
}

function finalState(outcome: TAttemptOutcome): TTaskInstanceState {
  if (outcome.result !== 'failed') return outcome.result;
  return shouldRetry(outcome.tryNumber, outcome.retry.maxTries) ? 'up_for_retry' : 'failed';
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
