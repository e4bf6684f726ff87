import { defineTransitions } from './transition-table';

/** Airflow's task instance states (airflow/utils/state.py), `none` standing for Python's None. */
export const TASK_INSTANCE_STATES = [
  'none',
  'scheduled',
  'queued',
  'running',
  'success',
  'failed',
  'up_for_retry',
  'up_for_reschedule',
  'upstream_failed',
  'skipped',
  'removed',
] as const;
export type TTaskInstanceState = (typeof TASK_INSTANCE_STATES)[number];

/** As Airflow's State.finished: nothing more will happen to these unless a user acts. */
export const FINISHED_STATES = [
  'success',
  'failed',
  'skipped',
  'upstream_failed',
  'removed',
] as const satisfies readonly TTaskInstanceState[];

export const UNFINISHED_STATES = [
  'none',
  'scheduled',
  'queued',
  'running',
  'up_for_retry',
  'up_for_reschedule',
] as const satisfies readonly TTaskInstanceState[];

export const isFinished = (state: TTaskInstanceState): boolean =>
  (FINISHED_STATES as readonly TTaskInstanceState[]).includes(state);

/*
 * Who makes each move:
 * - scheduler: none → scheduled → queued; none/up_for_retry → upstream_failed/skipped when the
 *   trigger rule can never pass; up_for_retry → scheduled once the retry delay has passed;
 *   up_for_reschedule → scheduled once the sensor's next poke is due;
 *   queued → scheduled when a queued job was lost (Airflow's stuck-in-queued rescue);
 *   scheduled/queued → none when an orphaned instance is reset.
 * - worker: queued → running; running → success/failed/up_for_retry/skipped. queued → failed
 *   or up_for_retry when the job fails before the task starts. A sensor in mode reschedule
 *   goes running → up_for_reschedule when its poke finds the condition unmet: it frees its
 *   worker slot, and the scheduler moves it up_for_reschedule → scheduled once its next poke
 *   is due; the same try continues (Airflow 2.10+ does not count a reschedule as a try).
 * - zombie detection: running → up_for_retry or failed.
 * - clear (user): every state except none and removed → none, INCLUDING queued and running.
 *   Airflow restarts a running instance when it is cleared; here the row goes back to none,
 *   the worker's heartbeat sees it is no longer `running` and kills the process, and the
 *   worker's final compare-and-set (running → ...) matches no row, so the cleared state wins.
 *   A queued job that starts later finds its queued → running write refused and exits.
 * - mark success/failed (user): from every state except removed, including running, as in
 *   Airflow (set_state on a running instance; its heartbeat terminates it). A removed
 *   instance belongs to a task no longer in the DAG, so there is nothing to mark.
 * - DAG sync: any state → removed when the task is deleted; removed → none when it returns
 *   (Airflow's verify_integrity restores it).
 */
const TASK_INSTANCE_TRANSITIONS = {
  none: ['scheduled', 'upstream_failed', 'skipped', 'success', 'failed', 'removed'],
  scheduled: ['queued', 'none', 'success', 'failed', 'removed'],
  queued: ['running', 'scheduled', 'none', 'up_for_retry', 'success', 'failed', 'removed'],
  running: ['success', 'failed', 'up_for_retry', 'up_for_reschedule', 'skipped', 'none', 'removed'],
  success: ['none', 'failed', 'removed'],
  failed: ['none', 'success', 'removed'],
  up_for_retry: ['scheduled', 'upstream_failed', 'skipped', 'none', 'success', 'failed', 'removed'],
  up_for_reschedule: ['scheduled', 'skipped', 'none', 'success', 'failed', 'removed'],
  upstream_failed: ['none', 'success', 'failed', 'removed'],
  skipped: ['none', 'success', 'failed', 'removed'],
  removed: ['none'],
} as const satisfies Record<TTaskInstanceState, readonly TTaskInstanceState[]>;

/** The one table every task instance state write goes through. */
export const TASK_INSTANCE_TRANSITION_TABLE: Readonly<
  Record<TTaskInstanceState, readonly TTaskInstanceState[]>
> = TASK_INSTANCE_TRANSITIONS;

const transitions = defineTransitions('A task instance', TASK_INSTANCE_STATES, TASK_INSTANCE_TRANSITION_TABLE);

export const canTransition: (from: TTaskInstanceState, to: TTaskInstanceState) => boolean =
  transitions.canTransition;
export const assertTransition: (from: TTaskInstanceState, to: TTaskInstanceState) => void =
  transitions.assertTransition;
export const allowedFrom: (to: TTaskInstanceState) => TTaskInstanceState[] = transitions.allowedFrom;
