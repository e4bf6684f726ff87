import { describe, expect, it } from 'vitest';
import { dagStaleness, STALE_GRACE_MAX_MS, STALE_GRACE_MIN_MS, staleGraceMs } from './stale-dag';

const NOW = new Date('2026-03-10T12:00:00Z');
const MIN = 60_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

/** An active hourly DAG whose next run became due `lateMs` ago. */
function hourly(lateMs: number, overrides: Partial<Parameters<typeof dagStaleness>[0]> = {}) {
  const due = ago(lateMs);
  return {
    isPaused: false,
    schedule: '@hourly',
    nextCreateAfter: due,
    nextIntervalStart: new Date(due.getTime() - 60 * MIN),
    nextIntervalEnd: due,
    changedAt: ago(30 * 24 * 60 * MIN),
    now: NOW,
    ...overrides,
  };
}

describe('staleGraceMs', () => {
  it.each([
    { what: 'every minute: the floor', start: '2026-03-10T11:00:00Z', end: '2026-03-10T11:01:00Z', expected: STALE_GRACE_MIN_MS },
    { what: 'every 5 minutes: one interval', start: '2026-03-10T11:00:00Z', end: '2026-03-10T11:05:00Z', expected: 5 * MIN },
    { what: 'hourly: the ceiling', start: '2026-03-10T11:00:00Z', end: '2026-03-10T12:00:00Z', expected: STALE_GRACE_MAX_MS },
    { what: 'daily: the ceiling', start: '2026-03-09T00:00:00Z', end: '2026-03-10T00:00:00Z', expected: STALE_GRACE_MAX_MS },
    { what: 'zero-length interval', start: '2026-03-10T11:00:00Z', end: '2026-03-10T11:00:00Z', expected: STALE_GRACE_MAX_MS },
  ])('$what', ({ start, end, expected }) => {
    expect(staleGraceMs(new Date(start), new Date(end))).toBe(expected);
  });

  it('falls back to the ceiling without an interval', () => {
    expect(staleGraceMs(null, null)).toBe(STALE_GRACE_MAX_MS);
  });
});

describe('dagStaleness', () => {
  it.each([
    { what: 'due in the future', input: hourly(-5 * MIN), stale: false },
    { what: 'due just now', input: hourly(0), stale: false },
    { what: 'late by less than the grace', input: hourly(9 * MIN), stale: false },
    { what: 'late by exactly the grace', input: hourly(10 * MIN), stale: false },
    { what: 'late by more than the grace', input: hourly(11 * MIN), stale: true },
    { what: 'paused, however late', input: hourly(5 * 24 * 60 * MIN, { isPaused: true }), stale: false },
    { what: 'manual only', input: hourly(5 * 24 * 60 * MIN, { schedule: null }), stale: false },
    { what: 'never runs again (@once done)', input: hourly(0, { nextCreateAfter: new Date('9999-12-31T00:00:00Z') }), stale: false },
    { what: 'a minutely DAG 3 minutes late', input: hourly(3 * MIN, { nextIntervalStart: ago(4 * MIN), nextIntervalEnd: ago(3 * MIN) }), stale: true },
    { what: 'a minutely DAG 1 minute late', input: hourly(1 * MIN, { nextIntervalStart: ago(2 * MIN), nextIntervalEnd: ago(1 * MIN) }), stale: false },
    { what: 'unplanned since a change 5 minutes ago', input: hourly(0, { nextCreateAfter: null, changedAt: ago(5 * MIN) }), stale: false },
    { what: 'unplanned since a change 11 minutes ago', input: hourly(0, { nextCreateAfter: null, changedAt: ago(11 * MIN) }), stale: true },
  ])('$what → stale: $stale', ({ input, stale }) => {
    expect(dagStaleness(input).stale).toBe(stale);
  });

  it('says when the run was due, how late it is and the grace it was given', () => {
    expect(dagStaleness(hourly(25 * MIN))).toEqual({ stale: true, reason: 'late', dueAt: ago(25 * MIN), lateByMs: 25 * MIN, graceMs: STALE_GRACE_MAX_MS });
    expect(dagStaleness(hourly(0, { nextCreateAfter: null, changedAt: ago(15 * MIN) }))).toEqual({
      stale: true,
      reason: 'unplanned',
      since: ago(15 * MIN),
      lateByMs: 15 * MIN,
      graceMs: STALE_GRACE_MAX_MS,
    });
  });
});
