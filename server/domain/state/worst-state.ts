import type { TTaskInstanceState } from './task-instance-state';

/**
 * How bad each state is when several instances share one square (a task group's row): the worst
 * wins, so a group hides no failure and no work still in flight. Airflow's grid order:
 * failed > upstream_failed > up_for_retry > running > queued > scheduled > success > skipped >
 * none. up_for_reschedule (a sensor between pokes) is still in flight, so it ranks beside
 * up_for_retry; removed (a task the version no longer has) says as little as skipped.
 * A Record, so a new state is a compile error here until it is ranked.
 */
const SEVERITY: Record<TTaskInstanceState, number> = {
  failed: 10,
  upstream_failed: 9,
  up_for_retry: 8,
  up_for_reschedule: 7,
  running: 6,
  queued: 5,
  scheduled: 4,
  success: 3,
  skipped: 2,
  removed: 1,
  none: 0,
};

/** The worst of `states`, or null when there are none (a run without any of the group's tasks). */
export function worstState(states: Iterable<TTaskInstanceState>): TTaskInstanceState | null {
  let worst: TTaskInstanceState | null = null;
  for (const state of states) {
    if (worst === null || SEVERITY[state] > SEVERITY[worst]) worst = state;
  }
  return worst;
}
