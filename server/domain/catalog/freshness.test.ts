import { describe, expect, it } from 'vitest';
import { formatDuration } from '../duration';
import { freshnessMessage, freshnessState, freshnessThresholds, scheduleIntervalSeconds } from './freshness';

const now = new Date('2026-12-05T12:30:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('freshness', () => {
  it.each([
    ['@hourly', 3_600],
    ['@daily', 86_400],
    ['*/15 * * * *', 900],
    [null, null],
    ['@once', null],
  ])('reads the producer schedule %s as an interval of %s seconds', (schedule, seconds) => {
    expect(scheduleIntervalSeconds(schedule, 'UTC', now)).toBe(seconds);
  });

  it('defaults to 1.5 intervals before late and 3 before stale, the policy winning where set', () => {
    expect(freshnessThresholds({ warnAfterSeconds: null, errorAfterSeconds: null }, { schedule: '@hourly', timezone: 'UTC' }, now))
      .toEqual({ warnAfterSeconds: 5_400, errorAfterSeconds: 10_800, expectedEverySeconds: 3_600 });
    expect(freshnessThresholds({ warnAfterSeconds: 60, errorAfterSeconds: null }, { schedule: '@hourly', timezone: 'UTC' }, now))
      .toEqual({ warnAfterSeconds: 60, errorAfterSeconds: 10_800, expectedEverySeconds: 60 });
    expect(freshnessThresholds({ warnAfterSeconds: null, errorAfterSeconds: null }, { schedule: null, timezone: 'UTC' }, now))
      .toEqual({ warnAfterSeconds: null, errorAfterSeconds: null, expectedEverySeconds: null });
  });

  it.each([
    [10, 'fresh'],
    [61, 'late'],
    [121, 'stale'],
  ] as const)('a dataset last updated %s s ago under 60 s / 120 s is %s', (age, state) => {
    expect(freshnessState({ warnAfterSeconds: 60, errorAfterSeconds: 120, expectedEverySeconds: 60 }, ago(age), now)).toBe(state);
  });

  it('has no state without any threshold, and goes straight to stale with only error_after', () => {
    expect(freshnessState({ warnAfterSeconds: null, errorAfterSeconds: null, expectedEverySeconds: null }, ago(1e6), now)).toBeNull();
    expect(freshnessState({ warnAfterSeconds: null, errorAfterSeconds: 100, expectedEverySeconds: null }, ago(101), now)).toBe('stale');
  });

  it('says in the alert when the data was last updated and how often it is expected', () => {
    const hourly = { warnAfterSeconds: 5_400, errorAfterSeconds: 10_800, expectedEverySeconds: 3_600 };
    expect(freshnessMessage('wh.public.orders', 'late', ago(6_000), hourly)).toBe(`dataset wh.public.orders is late: last updated ${ago(6_000).toISOString()}, expected every ${formatDuration(3_600)}`);
    expect(freshnessMessage('wh.public.orders', 'stale', null, { ...hourly, expectedEverySeconds: null })).toBe('dataset wh.public.orders is stale: never updated');
  });
});
