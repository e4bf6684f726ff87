import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    [300, 300],
    [0, 0],
    [1.5, 1.5],
    ['300', 300],
    ['30s', 30],
    ['5m', 300],
    ['1h30m', 5400],
    ['1h 30m', 5400],
    ['2d', 172_800],
    ['1d2h3m4s', 93_784],
    ['1.5h', 5400],
    [' 5m ', 300],
    ['PT5M', 300],
    ['pt5m', 300],
    ['P1DT2H', 93_600],
    ['P1W', 604_800],
    ['PT1H30M15S', 5415],
    ['PT0.5S', 0.5],
  ] as const)('reads %j as %d seconds', (input, seconds) => {
    expect(parseDuration(input)).toEqual({ ok: true, value: seconds });
  });

  it.each([
    ['5 minutes', "'5 minutes' is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M"],
    ['', 'an empty string is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M'],
    ['5x', "'5x' is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M"],
    ['m5', "'m5' is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M"],
    ['30m1h', "'30m1h' is not a duration: write units once, largest first (like 1h30m)"],
    ['5m5m', "'5m5m' is not a duration: write units once, largest first (like 1h30m)"],
    ['-5m', "'-5m' is not a duration: durations cannot be negative"],
    [-1, '-1 is not a duration: durations cannot be negative'],
    [Number.NaN, 'NaN is not a duration: use a finite number of seconds'],
    ['P', "'P' is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M"],
    ['PT', "'PT' is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M"],
    ['P1M', "'P1M' is not a duration: months and years have no fixed length; use days (P30D) or weeks (P4W)"],
    ['P1Y2D', "'P1Y2D' is not a duration: months and years have no fixed length; use days (P30D) or weeks (P4W)"],
    ['PT5X', "'PT5X' is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M"],
  ] as const)('refuses %j', (input, message) => {
    expect(parseDuration(input)).toEqual({ ok: false, error: message });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [300, '5m'],
    [5400, '1h 30m'],
    [93_784, '1d 2h 3m 4s'],
    [172_800, '2d'],
    [1.25, '1.25s'],
    [-90, '-1m 30s'],
  ])('renders %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const seconds of [1, 59, 61, 3599, 3601, 86_399, 90_061]) {
      expect(parseDuration(formatDuration(seconds))).toEqual({ ok: true, value: seconds });
    }
  });
});
