import { describe, expect, it } from 'vitest';
import { resolveSchedule } from './cron-presets';

describe('resolveSchedule', () => {
  it.each([
    { schedule: null, expected: { kind: 'manual' } },
    { schedule: '@once', expected: { kind: 'once' } },
    { schedule: '@hourly', expected: { kind: 'cron', cron: '0 * * * *' } },
    { schedule: '@daily', expected: { kind: 'cron', cron: '0 0 * * *' } },
    { schedule: '@weekly', expected: { kind: 'cron', cron: '0 0 * * 0' } },
    { schedule: '@monthly', expected: { kind: 'cron', cron: '0 0 1 * *' } },
    { schedule: '@yearly', expected: { kind: 'cron', cron: '0 0 1 1 *' } },
    { schedule: '@minutely', expected: { kind: 'unknown_preset', preset: '@minutely' } },
    // Whitespace is normalised so the same cron always splits into the same fields.
    { schedule: '  5   4 * *\t1-5 ', expected: { kind: 'cron', cron: '5 4 * * 1-5' } },
  ])('$schedule', ({ schedule, expected }) => {
    expect(resolveSchedule(schedule)).toEqual(expected);
  });
});
