import { Prisma } from '../../db/client';
import type { TSql } from '../../db/sql';
import { nextRetryAt, type TRetryPolicy } from '../../domain/state/retry';
import { assertTransition } from '../../domain/state/task-instance-state';
import { insertStateChangeEvents } from '../state-events/state-change-events';
import { lockedTaskInstances } from './locked-task-instances';

export type TAttemptOutcome = {
  taskInstanceId: string;
  attemptId: string;
  tryNumber: number;
  /** up_for_reschedule: a sensor in mode reschedule pauses its try until `rescheduleAt`. */
  result: 'success' | 'skipped' | 'failed' | 'up_for_reschedule';
  rescheduleAt?: Date;
  /** A failure that ends the instance whatever tries it has left (a sensor's timeout). */
  noRetry?: boolean;
  /** Why a failed try failed, when it was not the task itself: its execution_timeout, or a lost worker. */
  failure?: 'timeout' | 'zombie';
  output?: unknown;
  /** Values pushed under keys other than return_value (a python task's ti.xcom_push), by key. */
  xcom?: Record<string, unknown>;
  errorMessage?: string | null;
  exitCode?: number | null;
  renderedFields?: unknown;
  logBytes: number;
  logTruncated: boolean;
  retry: TRetryPolicy;
};

/** A task instance whose try ended, and the DAG version its run runs. */
export type TEndedTask = { dagRunId: string; taskId: string; dagVersionId: string };

const DISCARDED = 'The task instance was changed while this attempt ran (cleared, marked or taken over); its result was discarded.';

/**
 * Records how attempts ended, in one statement for a batch: running → success / skipped, or
 * on failure up_for_retry (with its next retry time) while the instance has tries left by its
 * own maxTries (which a clear raises, as Airflow's max_tries), else failed; or, for a sensor in
 * mode reschedule, up_for_reschedule until its next poke (the try stays open). The compare-and-set
 * is on (running, this try): an instance cleared or marked meanwhile keeps the state the user
 * gave it. Rows are locked in id order first (lockedTaskInstances); no transaction is needed
 * around the statement, which also records each end as a state-change event (a reschedule poke
 * is not an end). Returns the instances that ended, with their run's version (for the downstream
 * fast path, which then knows from the cached spec whether anything lies downstream).
 */
export async function completeTaskInstances(
  db: TSql,
  outcomes: readonly TAttemptOutcome[],
  finishedAt: Date,
): Promise<TEndedTask[]> {
  if (outcomes.length === 0) return [];
  for (const to of ['success', 'skipped', 'up_for_retry', 'up_for_reschedule', 'failed'] as const) assertTransition('running', to);
  const rows = outcomes.map((outcome) => ({ outcome, nextAt: nextAttemptAt(outcome, finishedAt) }));
  // One statement (no transaction round trips): the instances move, then each attempt takes its
  // instance's new state, or `failed` with DISCARDED when the instance had moved on meanwhile.
  const moved = await db.$queryRaw<(TEndedTask & { state: string })[]>`
    with locked as materialized (${lockedTaskInstances(outcomes.map((outcome) => outcome.taskInstanceId))}),
    o as (
      select o.*, case when o.result <> 'failed' then o.result
                       when o.may_retry and ti."tryNumber" < ti."maxTries" then 'up_for_retry' else 'failed' end as state
      from unnest(${rows.map((r) => r.outcome.taskInstanceId)}::text[], ${rows.map((r) => r.outcome.tryNumber)}::int[],
                  ${rows.map((r) => r.outcome.result)}::text[], ${rows.map((r) => r.outcome.noRetry !== true)}::boolean[],
                  ${rows.map((r) => json(r.outcome.output))}::text[],
                  ${rows.map((r) => r.nextAt)}::timestamptz[], ${rows.map((r) => json(r.outcome.renderedFields))}::text[],
                  ${rows.map((r) => r.outcome.attemptId)}::text[], ${rows.map((r) => r.outcome.exitCode ?? null)}::int[],
                  ${rows.map((r) => r.outcome.errorMessage ?? null)}::text[],
                  ${rows.map((r) => r.outcome.logBytes)}::int[], ${rows.map((r) => r.outcome.logTruncated)}::boolean[],
                  ${rows.map((r) => r.outcome.failure ?? null)}::text[], ${rows.map((r) => json(r.outcome.xcom))}::text[])
           as o(id, try, result, may_retry, output, next_at, rendered, attempt_id, exit_code, error, log_bytes, log_truncated, failure, xcom)
      join locked on locked.id = o.id
      join task_instance ti on ti.id = o.id
    ), moved as (
      update task_instance ti
      set state = o.state, "endDate" = clock_timestamp(), duration = extract(epoch from clock_timestamp() - ti."startDate"),
          output = o.output::jsonb, xcom = o.xcom::jsonb, "nextRetryAt" = case when o.state in ('up_for_retry', 'up_for_reschedule') then o.next_at end,
          rescheduled = o.state = 'up_for_reschedule',
          "renderedFields" = coalesce(o.rendered::jsonb, ti."renderedFields"), "updatedAt" = clock_timestamp()
      from o
      where ti.id = o.id and ti.state = 'running' and ti."tryNumber" = o.try
      returning ti.id, ti."dagRunId", ti."taskId", ti.state, ti."workspaceId", ti."tryNumber", o.failure
    ), attempts as (
      update task_attempt a
      set state = coalesce(m.state, 'failed'), "endDate" = clock_timestamp(), "exitCode" = o.exit_code,
          "errorMessage" = case when m.id is null then ${DISCARDED} else o.error end,
          "logBytes" = o.log_bytes, "logTruncated" = o.log_truncated
      from o left join moved m on m.id = o.id
      where a.id = o.attempt_id
    ), events as (${insertStateChangeEvents(Prisma.sql`
      select "workspaceId" as workspace_id, "dagRunId" as dag_run_id, id as task_instance_id, "tryNumber" as try_number,
             'running' as from_state, state as to_state, actor,
             case when state = 'success' then 'task_succeeded' when state = 'skipped' then 'task_skipped'
                  when failure is not null then failure when state = 'up_for_retry' then 'task_retry' else 'task_failed' end as reason
      from (select *, null::text as actor from moved) m where state <> 'up_for_reschedule'`)}
    )
    select m."dagRunId", m."taskId", m.state, r."dagVersionId" from moved m join dag_run r on r.id = m."dagRunId"`;
  // A rescheduled sensor has not ended: nothing downstream of it can move.
  return moved.filter((row) => row.state !== 'up_for_reschedule').map(({ dagRunId, taskId, dagVersionId }) => ({ dagRunId, taskId, dagVersionId }));
}

/** When the scheduler next looks at the instance: a failure's retry time (used only if it has tries left), a sensor's next poke. */
function nextAttemptAt(outcome: TAttemptOutcome, finishedAt: Date): Date | null {
  if (outcome.result === 'up_for_reschedule') return outcome.rescheduleAt ?? finishedAt;
  if (outcome.result === 'failed') return nextRetryAt({ tryNumber: outcome.tryNumber, ...outcome.retry, finishedAt });
  return null;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
