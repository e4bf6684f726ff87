import { describe, expect, it } from 'vitest';
import { TASK_INSTANCE_STATES, type TTaskInstanceState } from './task-instance-state';
import { worstState } from './worst-state';

/** The brief's order, worst first, with the two states it leaves out placed beside their kin. */
const WORST_FIRST: TTaskInstanceState[] = [
  'failed', 'upstream_failed', 'up_for_retry', 'up_for_reschedule', 'running', 'queued', 'scheduled', 'success', 'skipped', 'removed', 'none',
];

describe('worstState', () => {
  it('ranks every state', () => {
    expect([...WORST_FIRST].sort()).toEqual([...TASK_INSTANCE_STATES].sort());
  });

  it.each(WORST_FIRST.flatMap((worse, i) => WORST_FIRST.slice(i + 1).map((better) => [worse, better] as const)))(
    '%s is worse than %s, in either order',
    (worse, better) => {
      expect(worstState([better, worse])).toBe(worse);
      expect(worstState([worse, better])).toBe(worse);
    },
  );

  it.each([
    [['success', 'success', 'skipped'], 'success'],
    [['success', 'running', 'queued', 'none'], 'running'],
    [['skipped', 'none'], 'skipped'],
    [['none'], 'none'],
    [['success', 'up_for_retry', 'upstream_failed'], 'upstream_failed'],
  ] as [TTaskInstanceState[], TTaskInstanceState][])('%j gives %s', (states, expected) => {
    expect(worstState(states)).toBe(expected);
  });

  it('is null for no states at all', () => {
    expect(worstState([])).toBeNull();
  });
});
