import { describe, expect, it } from 'vitest';
import { freshnessAfter, freshnessPairProblem, freshnessSeconds } from './freshness-policy';

describe("freshness policy in dbt's form", () => {
  it.each([
    [{ count: 30, period: 'minute' as const }, 1_800],
    [{ count: 12, period: 'hour' as const }, 43_200],
    [{ count: 2, period: 'day' as const }, 172_800],
  ])('stores %o as %d seconds', (after, seconds) => {
    expect(freshnessSeconds(after)).toBe(seconds);
  });

  it.each([
    [172_800, { count: 2, period: 'day' }],
    [43_200, { count: 12, period: 'hour' }],
    [5_400, { count: 90, period: 'minute' }],
    [90, { count: 2, period: 'minute' }],
  ])('reads %d seconds back as %o', (seconds, after) => {
    expect(freshnessAfter(seconds)).toEqual(after);
  });

  it('refuses a warning that does not come before the error', () => {
    expect(freshnessPairProblem(3_600, 3_600)).toMatch(/warn_after must be shorter than error_after/);
    expect(freshnessPairProblem(3_600, 7_200)).toBeNull();
    expect(freshnessPairProblem(null, 60)).toBeNull();
  });
});
