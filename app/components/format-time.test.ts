import { describe, expect, it } from 'vitest';
import { formatDuration, formatTime, secondsBetween } from './format-time';

describe('time formats of the web app', () => {
  it('shows timestamps in UTC to the second', () => {
    expect(formatTime('2025-01-02T03:04:05.678Z')).toBe('2025-01-02 03:04:05 UTC');
    expect(formatTime(null)).toBe('—');
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
