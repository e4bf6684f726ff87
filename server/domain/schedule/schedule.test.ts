import { describe, expect, it } from 'vitest';
import { validateSchedule, validateTimezone } from './schedule';

describe('validateTimezone', () => {
  it.each([
    { timezone: 'UTC', expected: null },
    { timezone: 'Europe/Amsterdam', expected: null },
    { timezone: 'America/Argentina/Buenos_Aires', expected: null },
    { timezone: 'Mars/Base', expected: "Unknown time zone 'Mars/Base': use an IANA name such as 'UTC' or 'Europe/Amsterdam'" },
    { timezone: '+05:00', expected: "Unknown time zone '+05:00': use an IANA name such as 'UTC' or 'Europe/Amsterdam'" },
    { timezone: '', expected: "Unknown time zone '': use an IANA name such as 'UTC' or 'Europe/Amsterdam'" },
  ])('$timezone', ({ timezone, expected }) => {
    expect(validateTimezone(timezone)).toBe(expected);
  });
});

describe('validateSchedule', () => {
  it.each([
    { schedule: null, expected: null },
    { schedule: '@once', expected: null },
    { schedule: '@daily', expected: null },
    { schedule: '5 4 * * 1-5', expected: null },
    { schedule: '0 0 * * MON', expected: null },
    { schedule: '*/15 9-17 * * *', expected: null },
    { schedule: '61 * * * *', expected: "Invalid cron '61 * * * *': minute field: value 61 out of range 0-59" },
    { schedule: '0 24 * * *', expected: "Invalid cron '0 24 * * *': hour field: value 24 out of range 0-23" },
    { schedule: '0 0 32 * *', expected: "Invalid cron '0 0 32 * *': day-of-month field: value 32 out of range 1-31" },
    { schedule: '0 0 * 13 *', expected: "Invalid cron '0 0 * 13 *': month field: value 13 out of range 1-12" },
    { schedule: '1-70 * * * *', expected: "Invalid cron '1-70 * * * *': minute field: range 1-70 out of range 0-59" },
    { schedule: 'x * * * *', expected: "Invalid cron 'x * * * *': minute field: invalid characters in 'x'" },
    { schedule: '*/0 * * * *', expected: "Invalid cron '*/0 * * * *': minute field: step 0 must be at least 1" },
    { schedule: 'H * * * *', expected: "Invalid cron 'H * * * *': minute field: 'H': hashed values (H) are not supported" },
    {
      schedule: '0 0 30 2 *',
      expected: "Invalid cron '0 0 30 2 *': that day of the month never occurs in the chosen months",
    },
    {
      schedule: '0 0 * * * *',
      expected: "Invalid cron '0 0 * * * *': expected 5 fields (minute hour day-of-month month day-of-week), got 6",
    },
    {
      schedule: '0 0 *',
      expected: "Invalid cron '0 0 *': expected 5 fields (minute hour day-of-month month day-of-week), got 3",
    },
    { schedule: '', expected: "Invalid cron '': the schedule is empty: use null for manual runs only" },
    {
      schedule: '@minutely',
      expected:
        "Unknown schedule preset '@minutely': use one of @once, @hourly, @daily, @weekly, @monthly, @yearly, a 5-field cron, or null for manual runs only",
    },
  ])('$schedule', ({ schedule, expected }) => {
    expect(validateSchedule(schedule, 'UTC')).toBe(expected);
  });

  it('rejects a valid cron in an unknown time zone', () => {
    expect(validateSchedule('@daily', 'Mars/Base')).toMatch(/^Unknown time zone 'Mars\/Base'/);
  });
});
