/**
 * Why a task instance or run changed state: a code, never free text, so that alert rules,
 * incident timelines and the grid's markers can read the event stream without parsing words.
 */
export const STATE_CHANGE_REASONS = [
  // A worker's attempt ended.
  'task_succeeded',
  'task_skipped',
  'task_retry',
  'task_failed',
  /** The attempt hit its execution_timeout. */
  'timeout',
  /** The worker running the attempt stopped heartbeating (killed, lost). */
  'zombie',
  // The scheduler decided.
  'upstream_failed',
  'trigger_rule_skipped',
  'run_started',
  'run_succeeded',
  'run_failed',
  /** dagrun_timeout: the run failed, its unfinished instances were skipped or failed. */
  'run_timeout',
  /** A backfill was cancelled and this run of it had not started. */
  'backfill_cancelled',
  // A user acted.
  'marked',
  'cleared',
  /** A clear re-pinned the run to a version without this task. */
  'removed',
] as const;
export type TStateChangeReason = (typeof STATE_CHANGE_REASONS)[number];

/** Whether an event moves a task instance into a failure an on-call engineer must hear about. */
export function isFinalTaskFailure(event: { taskInstanceId: string | null; toState: string }): boolean {
  return event.taskInstanceId !== null && event.toState === 'failed';
}
