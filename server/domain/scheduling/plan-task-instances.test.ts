import { describe, expect, it } from 'vitest';
import type { TTaskInstanceState } from '../state/task-instance-state';
import { planTaskInstances, type TPlanTask } from './plan-task-instances';

const now = new Date('2024-01-02T00:00:00Z');
// a → {b, c} → d, with d joining on all_success; e runs after b whatever happens (all_done).
const tasks: TPlanTask[] = [
  { task_id: 'a', upstream: [], trigger_rule: 'all_success' },
  { task_id: 'b', upstream: ['a'], trigger_rule: 'all_success' },
  { task_id: 'c', upstream: ['a'], trigger_rule: 'all_success' },
  { task_id: 'd', upstream: ['b', 'c'], trigger_rule: 'all_success' },
  { task_id: 'e', upstream: ['b'], trigger_rule: 'all_done' },
];

function plan(states: Record<string, TTaskInstanceState>, nextRetryAt: Date | null = null) {
  const instances = Object.entries(states).map(([taskId, state]) => ({ id: `ti-${taskId}`, taskId, state, nextRetryAt }));
  return planTaskInstances({ tasks, instances, now });
}

describe('planTaskInstances', () => {
  it.each([
    ['a fresh run schedules only the root', { a: 'none', b: 'none', c: 'none', d: 'none', e: 'none' }, ['ti-a'], [], []],
    ['a success schedules both branches', { a: 'success', b: 'none', c: 'none', d: 'none', e: 'none' }, ['ti-b', 'ti-c'], [], []],
    ['the join waits for both branches', { a: 'success', b: 'success', c: 'running', d: 'none', e: 'none' }, ['ti-e'], [], []],
    [
      'a failure propagates to every downstream in one pass',
      { a: 'failed', b: 'none', c: 'none', d: 'none', e: 'none' },
      ['ti-e'],
      ['ti-b', 'ti-c', 'ti-d'],
      [],
    ],
    ['all_done runs after an upstream failure', { a: 'success', b: 'failed', c: 'success', d: 'none', e: 'none' }, ['ti-e'], ['ti-d'], []],
    ['a skipped upstream skips an all_success downstream', { a: 'success', b: 'skipped', c: 'success', d: 'none', e: 'none' }, ['ti-e'], [], ['ti-d']],
    ['running and finished instances are left alone', { a: 'running', b: 'success', c: 'failed', d: 'success', e: 'queued' }, [], [], []],
  ] as const)('%s', (_name, states, schedule, upstreamFailed, skipped) => {
    const result = plan(states);
    expect(result.schedule).toEqual(schedule);
    expect(result.upstreamFailed).toEqual(upstreamFailed);
    expect(result.skipped).toEqual(skipped);
  });

  it('schedules a retry only once its delay has passed', () => {
    expect(plan({ a: 'up_for_retry' }, new Date('2024-01-02T00:00:01Z')).schedule).toEqual([]);
    expect(plan({ a: 'up_for_retry' }, new Date('2024-01-01T23:59:59Z')).schedule).toEqual(['ti-a']);
  });

  it("schedules a rescheduled sensor once its next poke is due, without asking its trigger rule again", () => {
    const waiting = { a: 'success', b: 'up_for_reschedule', c: 'none', d: 'none', e: 'none' } as const;
    expect(plan(waiting, new Date('2024-01-02T00:00:01Z')).schedule).toEqual(['ti-c']);
    expect(plan(waiting, new Date('2024-01-02T00:00:00Z')).schedule).toEqual(['ti-b', 'ti-c']);
    // Its downstream waits for it: up_for_reschedule is not done.
    expect(plan({ a: 'success', b: 'up_for_reschedule', c: 'success', d: 'none', e: 'none' }, new Date('2024-01-03T00:00:00Z')).waiting.has('ti-d')).toBe(true);
  });

  it('says why a waiting instance is not scheduled', () => {
    const result = plan({ a: 'running', b: 'none', c: 'none', d: 'none', e: 'none' });
    expect(result.waiting.get('ti-b')).toMatch(/a/);
  });
});
