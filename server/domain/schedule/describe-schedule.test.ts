import { describe, expect, it } from 'vitest';
import { describeSchedule } from './describe-schedule';

describe('describeSchedule', () => {
  it.each([
    { schedule: null, timezone: 'UTC', expected: 'manual only' },
    { schedule: '@once', timezone: 'UTC', expected: 'once' },
    { schedule: '@hourly', timezone: 'UTC', expected: 'every hour at minute 0' },
    { schedule: '@daily', timezone: 'UTC', expected: 'every day at 00:00 UTC' },
    { schedule: '0 2 * * *', timezone: 'UTC', expected: 'every day at 02:00 UTC' },
    { schedule: '30 6 * * 1', timezone: 'Europe/Amsterdam', expected: 'every Monday at 06:30 Europe/Amsterdam' },
    { schedule: '30 6 * * mon', timezone: 'UTC', expected: 'every Monday at 06:30 UTC' },
    { schedule: '@weekly', timezone: 'UTC', expected: 'every Sunday at 00:00 UTC' },
    { schedule: '0 0 * * 7', timezone: 'UTC', expected: 'every Sunday at 00:00 UTC' },
    { schedule: '@monthly', timezone: 'UTC', expected: 'every month on day 1 at 00:00 UTC' },
    { schedule: '@yearly', timezone: 'UTC', expected: 'every year on January 1 at 00:00 UTC' },
    { schedule: '* * * * *', timezone: 'UTC', expected: 'every minute' },
    { schedule: '*/15 * * * *', timezone: 'UTC', expected: 'every 15 minutes' },
    { schedule: '5 4 * * 1-5', timezone: 'UTC', expected: 'cron 5 4 * * 1-5 (UTC)' },
    { schedule: '0 9-17 * * *', timezone: 'Asia/Tokyo', expected: 'cron 0 9-17 * * * (Asia/Tokyo)' },
  ])('$schedule in $timezone', ({ schedule, timezone, expected }) => {
    expect(describeSchedule(schedule, timezone)).toBe(expected);
  });
});
