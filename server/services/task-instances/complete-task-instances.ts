import type { TDb } from '../../db/sql';
import type { TDagTask } from '../../domain/dag/parse-dag-spec';
import { nextRetryAt } from '../../domain/state/retry';
import { assertTransition } from '../../domain/state/task-instance-state';
import { lockedTaskInstances } from './locked-task-instances';

/** How long a failed try waits before the next one, from the task's spec. How many tries it gets is the instance's own maxTries. */
export type TRetryPolicy = {
  retryDelaySeconds: number;
  exponentialBackoff: boolean;
  maxRetryDelaySeconds: number | null;
  /** Identifies the instance for the backoff's jitter: dag#task#run. */
  key: string;
};

/** The retry delays of a task as its spec says (Airflow's 300 s when the task is unknown). */
export function retryPolicyFor(task: TDagTask | null | undefined, key: string): TRetryPolicy {
  return {
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
 * on failure up_for_retry (with its next retry time) while the instance has tries left by its
 * own maxTries (which a clear raises, as Airflow's max_tries), else failed. The compare-and-set
 * is on (running, this try): an instance cleared or marked meanwhile keeps the state the user
 * gave it. Rows are locked in id order first (lockedTaskInstances). Returns the instances that
 * moved (for the downstream fast path).
 */
export async function completeTaskInstances(
  db: TDb,
  outcomes: readonly TAttemptOutcome[],
  finishedAt: Date,
): Promise<{ dagRunId: string; taskId: string }[]> {
  if (outcomes.length === 0) return [];
  for (const to of ['success', 'skipped', 'up_for_retry', 'failed'] as const) assertTransition('running', to);
  const rows = outcomes.map((outcome) => ({
    outcome,
    // Used only if the instance has tries left: the database decides, from its maxTries.
    retryAt: outcome.result === 'failed' ? nextRetryAt({ tryNumber: outcome.tryNumber, ...outcome.retry, finishedAt }) : null,
  }));
  const moved = await db.$queryRaw<{ id: string; dagRunId: string; taskId: string; state: string }[]>`
    with locked as materialized (${lockedTaskInstances(outcomes.map((outcome) => outcome.taskInstanceId))}),
    o as (
      select o.*, case when o.result <> 'failed' then o.result when ti."tryNumber" < ti."maxTries" then 'up_for_retry' else 'failed' end as state
      from unnest(${rows.map((r) => r.outcome.taskInstanceId)}::text[], ${rows.map((r) => r.outcome.tryNumber)}::int[],
                  ${rows.map((r) => r.outcome.result)}::text[], ${rows.map((r) => json(r.outcome.output))}::text[],
                  ${rows.map((r) => r.retryAt)}::timestamptz[], ${rows.map((r) => json(r.outcome.renderedFields))}::text[])
           as o(id, try, result, output, retry_at, rendered)
      join locked on locked.id = o.id
      join task_instance ti on ti.id = o.id
    )
    update task_instance ti
    set state = o.state, "endDate" = clock_timestamp(), duration = extract(epoch from clock_timestamp() - ti."startDate"),
        output = o.output::jsonb, "nextRetryAt" = case when o.state = 'up_for_retry' then o.retry_at end,
        "renderedFields" = coalesce(o.rendered::jsonb, ti."renderedFields"), "updatedAt" = clock_timestamp()
    from o
    where ti.id = o.id and ti.state = 'running' and ti."tryNumber" = o.try
    returning ti.id, ti."dagRunId", ti."taskId", ti.state`;
  const movedState = new Map(moved.map((row) => [row.id, row.state]));
  await db.$executeRaw`
    update task_attempt a
    set state = o.state, "endDate" = clock_timestamp(), "exitCode" = o.exit_code, "errorMessage" = o.error,
        "logBytes" = o.log_bytes, "logTruncated" = o.log_truncated
    from unnest(${rows.map((r) => r.outcome.attemptId)}::text[],
                ${rows.map((r) => movedState.get(r.outcome.taskInstanceId) ?? 'failed')}::text[],
                ${rows.map((r) => r.outcome.exitCode ?? null)}::int[],
                ${rows.map((r) => (movedState.has(r.outcome.taskInstanceId) ? (r.outcome.errorMessage ?? null) : DISCARDED))}::text[],
                ${rows.map((r) => r.outcome.logBytes)}::int[], ${rows.map((r) => r.outcome.logTruncated)}::boolean[])
         as o(id, state, exit_code, error, log_bytes, log_truncated)
    where a.id = o.id`;
  return moved.map((row) => ({ dagRunId: row.dagRunId, taskId: row.taskId }));
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
