import { describe, expect, it } from 'vitest';
import { isTick, tickAfter, tickAtOrAfter, tickAtOrBefore, tickBefore, ticksBetween } from './cron-ticks';

const d = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

describe('tick lookups', () => {
  it.each([
    // UTC basics: strict vs inclusive at an exact tick.
    { fn: tickAfter, cron: '0 0 * * *', tz: 'UTC', at: '2024-01-01T00:00:00Z', expected: '2024-01-02T00:00:00.000Z' },
    { fn: tickAtOrAfter, cron: '0 0 * * *', tz: 'UTC', at: '2024-01-01T00:00:00Z', expected: '2024-01-01T00:00:00.000Z' },
    { fn: tickAtOrAfter, cron: '0 0 * * *', tz: 'UTC', at: '2024-01-01T00:00:01Z', expected: '2024-01-02T00:00:00.000Z' },
    { fn: tickAtOrBefore, cron: '0 0 * * *', tz: 'UTC', at: '2024-01-01T00:00:00Z', expected: '2024-01-01T00:00:00.000Z' },
    { fn: tickAtOrBefore, cron: '0 0 * * *', tz: 'UTC', at: '2024-01-01T23:59:59Z', expected: '2024-01-01T00:00:00.000Z' },
    { fn: tickBefore, cron: '0 0 * * *', tz: 'UTC', at: '2024-01-01T00:00:00Z', expected: '2023-12-31T00:00:00.000Z' },
    // Midnight in Amsterdam is 23:00Z in winter, 22:00Z in summer.
    { fn: tickAfter, cron: '0 0 * * *', tz: 'Europe/Amsterdam', at: '2024-03-30T12:00:00Z', expected: '2024-03-30T23:00:00.000Z' },
    { fn: tickAfter, cron: '0 0 * * *', tz: 'Europe/Amsterdam', at: '2024-03-31T12:00:00Z', expected: '2024-03-31T22:00:00.000Z' },
    // Spring forward: 02:30 does not exist on 2024-03-31; cron-parser fires at 03:30 CEST (01:30Z).
    { fn: tickAfter, cron: '30 2 * * *', tz: 'Europe/Amsterdam', at: '2024-03-30T12:00:00Z', expected: '2024-03-31T01:30:00.000Z' },
    // ...and walking backwards agrees, although cron-parser's own prev() skips that day.
    { fn: tickAtOrBefore, cron: '30 2 * * *', tz: 'Europe/Amsterdam', at: '2024-03-31T12:00:00Z', expected: '2024-03-31T01:30:00.000Z' },
    { fn: tickBefore, cron: '30 2 * * *', tz: 'Europe/Amsterdam', at: '2024-04-01T00:30:00Z', expected: '2024-03-31T01:30:00.000Z' },
    // Fall back: 01:30 happens twice in New York on 2024-11-03; only the first (EDT, 05:30Z) is used.
    { fn: tickAfter, cron: '30 1 * * *', tz: 'America/New_York', at: '2024-11-02T12:00:00Z', expected: '2024-11-03T05:30:00.000Z' },
    { fn: tickAfter, cron: '30 1 * * *', tz: 'America/New_York', at: '2024-11-03T05:30:00Z', expected: '2024-11-04T06:30:00.000Z' },
    { fn: tickBefore, cron: '30 1 * * *', tz: 'America/New_York', at: '2024-11-04T06:30:00Z', expected: '2024-11-03T05:30:00.000Z' },
    // Hourly crons keep every real hour through the fold: 02:00 CEST and 02:00 CET are both ticks.
    { fn: tickAfter, cron: '0 * * * *', tz: 'Europe/Amsterdam', at: '2024-10-27T00:00:00Z', expected: '2024-10-27T01:00:00.000Z' },
    { fn: tickAfter, cron: '0 * * * *', tz: 'Europe/Amsterdam', at: '2024-10-27T01:00:00Z', expected: '2024-10-27T02:00:00.000Z' },
    // Lord Howe falls back 30 minutes at 15:00Z; cron-parser's next() throws from 13:00Z and 14:00Z
    // and the recovery path must still find 14:00Z (01:00 LHDT) and then 15:30Z (02:00 LHST).
    { fn: tickAfter, cron: '0 * * * *', tz: 'Australia/Lord_Howe', at: '2024-04-06T13:00:00Z', expected: '2024-04-06T14:00:00.000Z' },
    { fn: tickAfter, cron: '0 * * * *', tz: 'Australia/Lord_Howe', at: '2024-04-06T14:00:00Z', expected: '2024-04-06T15:30:00.000Z' },
    // Lord Howe springs forward 30 minutes at 15:30Z; cron-parser's prev() throws from there.
    { fn: tickAtOrBefore, cron: '0 * * * *', tz: 'Australia/Lord_Howe', at: '2024-10-05T15:30:00Z', expected: '2024-10-05T14:30:00.000Z' },
    { fn: tickBefore, cron: '0 * * * *', tz: 'Australia/Lord_Howe', at: '2024-10-05T16:00:00Z', expected: '2024-10-05T14:30:00.000Z' },
    // A daily cron there needs a restart a whole day later; the skipped-over tick is recovered.
    { fn: tickAfter, cron: '15 3 * * *', tz: 'Australia/Lord_Howe', at: '2024-04-05T16:15:00Z', expected: '2024-04-06T16:45:00.000Z' },
  ])('$fn.name($cron, $tz, $at)', ({ fn, cron, tz, at, expected }) => {
    expect(iso(fn(cron, tz, d(at)))).toBe(expected);
  });

  it('returns null when the cron cannot fire', () => {
    expect(tickAfter('0 0 30 2 *', 'UTC', d('2024-01-01T00:00:00Z'))).toBeNull();
    expect(tickAtOrBefore('0 0 30 2 *', 'UTC', d('2024-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('isTick', () => {
  it.each([
    { cron: '0 0 * * *', tz: 'UTC', at: '2024-01-01T00:00:00Z', expected: true },
    { cron: '0 0 * * *', tz: 'UTC', at: '2024-01-01T00:00:00.001Z', expected: false },
    { cron: '0 0 * * *', tz: 'Europe/Amsterdam', at: '2024-01-01T00:00:00Z', expected: false },
    { cron: '0 0 * * *', tz: 'Europe/Amsterdam', at: '2023-12-31T23:00:00Z', expected: true },
  ])('$cron $tz $at', ({ cron, tz, at, expected }) => {
    expect(isTick(cron, tz, d(at))).toBe(expected);
  });
});

describe('ticksBetween', () => {
  it.each([
    { from: '2024-01-01T00:00:00Z', to: '2024-01-03T00:00:00Z', limit: 10, count: 3 },
    { from: '2024-01-01T00:00:01Z', to: '2024-01-03T00:00:00Z', limit: 10, count: 2 },
    { from: '2024-01-01T00:00:00Z', to: '2024-01-31T00:00:00Z', limit: 5, count: 5 },
    { from: '2024-01-01T01:00:00Z', to: '2024-01-01T23:00:00Z', limit: 10, count: 0 },
  ])('daily from $from to $to, limit $limit', ({ from, to, limit, count }) => {
    const ticks = ticksBetween('0 0 * * *', 'UTC', d(from), d(to), limit);
    expect(ticks).toHaveLength(count);
    for (const tick of ticks) expect(isTick('0 0 * * *', 'UTC', tick)).toBe(true);
  });
});
