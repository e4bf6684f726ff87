import { describe, expect, it } from 'vitest';
import { formatDuration, formatTime, secondsBetween } from './format-time';

describe('time formats of the web app', () => {
  it('shows timestamps in UTC to the second', () => {
    expect(formatTime('2025-01-02T03:04:05.678Z')).toBe('2025-01-02 03:04:05 UTC');
    expect(formatTime(null)).toBe('—');
    expect(formatTime('2026-12-05T14:03:07.120+00:00')).toBe('2026-12-05 14:03:07 UTC');
    expect(formatTime('2026-12-05T14:03:07Z', 'UTC', 'minute')).toBe('2026-12-05 14:03 UTC');
  });

  it.each([
    ['Europe/Berlin', '2026-12-05T14:03:07Z', '2026-12-05 15:03:07 CET'],
    ['Europe/Berlin', '2026-07-05T14:03:07Z', '2026-07-05 16:03:07 CEST'],
    ['Europe/London', '2026-07-05T14:03:07Z', '2026-07-05 15:03:07 BST'],
    ['America/New_York', '2026-12-05T14:03:07Z', '2026-12-05 09:03:07 EST'],
    ['Asia/Tokyo', '2026-12-05T23:03:07Z', '2026-12-06 08:03:07 GMT+9'],
    ['Asia/Kolkata', '2026-12-05T14:03:07Z', '2026-12-05 19:33:07 GMT+5:30'],
    ['Europe/Berlin', '2026-12-05T23:30:00Z', '2026-12-06 00:30:00 CET'],
  ])('shows a time in the local zone %s with its abbreviation', (zone, iso, expected) => {
    expect(formatTime(iso, zone)).toBe(expected);
  });

  it('shows a local time to the minute when asked', () => {
    expect(formatTime('2026-12-05T14:03:07Z', 'Europe/Berlin', 'minute')).toBe('2026-12-05 15:03 CET');
  });

  it('shows durations in the largest units that keep them readable', () => {
    expect(formatDuration(4.25)).toBe('4.3 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(7620)).toBe('2 h 07 min');
    expect(formatDuration(null)).toBe('—');
  });

  it('measures from start to end, unknown while running', () => {
    expect(secondsBetween('2025-01-01T00:00:00Z', '2025-01-01T00:01:30Z')).toBe(90);
    expect(secondsBetween('2025-01-01T00:00:00Z', null)).toBeNull();
  });
});
