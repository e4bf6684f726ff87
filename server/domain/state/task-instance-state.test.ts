import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
  allowedFrom,
  assertTransition,
  canTransition,
  FINISHED_STATES,
  isFinished,
  TASK_INSTANCE_STATES,
  UNFINISHED_STATES,
  type TTaskInstanceState,
} from './task-instance-state';

// Written out by hand, not derived from the table, so a change to the table must be made twice.
const ALLOWED: Record<TTaskInstanceState, readonly TTaskInstanceState[]> = {
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
};

const PAIRS = TASK_INSTANCE_STATES.flatMap((from) =>
  TASK_INSTANCE_STATES.map((to) => [from, to, ALLOWED[from].includes(to)] as const),
);

describe('task instance transitions', () => {
  it.each(PAIRS)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(DomainError);
  });

  it('names both states and the code when refusing', () => {
    try {
      assertTransition('success', 'running');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('invalid_transition');
      expect((error as DomainError).message).toBe(
        "A task instance cannot go from 'success' to 'running' (from 'success' it may go to: none, failed, removed)",
      );
    }
  });

  it.each([
    // the compare-and-set sources each writer uses
    ['scheduled', ['none', 'queued', 'up_for_retry', 'up_for_reschedule']],
    ['queued', ['scheduled']],
    ['running', ['queued']],
    ['up_for_retry', ['queued', 'running']],
    ['up_for_reschedule', ['running']],
    ['none', ['scheduled', 'queued', 'running', 'success', 'failed', 'up_for_retry', 'up_for_reschedule', 'upstream_failed', 'skipped', 'removed']],
    ['success', ['none', 'scheduled', 'queued', 'running', 'failed', 'up_for_retry', 'up_for_reschedule', 'upstream_failed', 'skipped']],
    ['upstream_failed', ['none', 'up_for_retry']],
    ['skipped', ['none', 'running', 'up_for_retry', 'up_for_reschedule']],
    ['removed', ['none', 'scheduled', 'queued', 'running', 'success', 'failed', 'up_for_retry', 'up_for_reschedule', 'upstream_failed', 'skipped']],
  ] as const)('allowedFrom(%s) is %j', (to, from) => {
    expect(allowedFrom(to)).toEqual(from);
  });

  it('never allows staying in the same state', () => {
    for (const state of TASK_INSTANCE_STATES) expect(canTransition(state, state)).toBe(false);
  });

  it('splits every state into finished or unfinished exactly once', () => {
    const all = [...FINISHED_STATES, ...UNFINISHED_STATES].sort();
    expect(all).toEqual([...TASK_INSTANCE_STATES].sort());
    for (const state of FINISHED_STATES) expect(isFinished(state)).toBe(true);
    for (const state of UNFINISHED_STATES) expect(isFinished(state)).toBe(false);
  });
});
