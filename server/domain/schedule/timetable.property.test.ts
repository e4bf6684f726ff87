import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tickAfter, tickAtOrBefore } from './cron-ticks';
import type { TDagRunInfo, TDataInterval, TScheduleConfig } from './schedule';
import { dueDagRuns, nextDagRunInfo } from './timetable';

/**
 * Invariants the scheduler relies on, over crons and zones chosen to hit DST edges: Lord Howe
 * shifts by 30 minutes, Kolkata is off the hour, 01:30/02:30 fall in the skipped or doubled hour.
 */
const CRONS = ['@hourly', '@daily', '@weekly', '@monthly', '30 2 * * *', '30 1 * * *', '*/20 * * * *', '5 4 * * 1-5', '0 */3 * * *'];
const ZONES = ['UTC', 'Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata'];
/**
 * Lord Howe's 30-minute switches make cron-parser search for ~1 s before giving up (see
 * cron-ticks.ts), so it only joins the cheap tick-level property, with a longer timeout.
 */
const TICK_ZONES = [...ZONES, 'Australia/Lord_Howe'];
const SLOW_TEST_TIMEOUT = 30_000;
const DAY = 86_400_000;
const RUNS = { numRuns: 150 };

const anyInstant = fc.date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true });
/** 2024's DST switches in the zones above; instants within two days of one hit the edge cases. */
const DST_SWITCHES = ['2024-03-10T07:00:00Z', '2024-03-31T01:00:00Z', '2024-04-06T15:00:00Z', '2024-10-05T15:30:00Z',
  '2024-10-27T01:00:00Z', '2024-11-03T06:00:00Z'].map((iso) => new Date(iso).getTime());
const nearDstSwitch = fc
  .tuple(fc.constantFrom(...DST_SWITCHES), fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }))
  .map(([at, offset]) => new Date(at + offset));
const instant = fc.oneof(anyInstant, nearDstSwitch);

const configArb = fc.record({
  schedule: fc.constantFrom(...CRONS),
  timezone: fc.constantFrom(...ZONES),
  timetable: fc.constantFrom('interval' as const, 'trigger' as const),
  startDate: instant,
  endDate: fc.option(fc.integer({ min: 0, max: 20 * DAY }), { nil: null }),
  catchup: fc.boolean(),
});

/** A config plus a `now` up to 40 days after start_date (and end_date relative to start). */
const scenario = fc.tuple(configArb, fc.integer({ min: 0, max: 40 * DAY })).map(([raw, offset]) => {
  const config: TScheduleConfig = {
    ...raw,
    endDate: raw.endDate === null ? null : new Date(raw.startDate.getTime() + raw.endDate),
  };
  return { config, now: new Date(raw.startDate.getTime() + offset) };
});

const ms = (date: Date) => date.getTime();

describe('timetable properties', () => {
  it('interval runs tile time: each starts where the previous ended, with no overlap or gap', () => {
    fc.assert(
      fc.property(scenario, ({ config, now }) => {
        const runs = dueDagRuns({ ...config, timetable: 'interval', catchup: true }, null, now, 60);
        for (const run of runs) expect(ms(run.dataInterval.start)).toBeLessThan(ms(run.dataInterval.end));
        for (let i = 1; i < runs.length; i++) {
          expect(runs[i]?.dataInterval.start).toEqual(runs[i - 1]?.dataInterval.end);
        }
      }),
      RUNS,
    );
  });

  it('due runs are sorted, unique, due, and inside [start_date, end_date]', () => {
    fc.assert(
      fc.property(scenario, ({ config, now }) => {
        const runs = dueDagRuns(config, null, now, 60);
        const logical = runs.map((run) => ms(run.logicalDate));
        for (let i = 1; i < logical.length; i++) expect(logical[i]).toBeGreaterThan(logical[i - 1] ?? Infinity);
        for (const run of runs) {
          expect(ms(run.runAfter)).toBeLessThanOrEqual(ms(now));
          expect(ms(run.logicalDate)).toBeGreaterThanOrEqual(ms(config.startDate ?? new Date(0)));
          if (config.endDate !== null) expect(ms(run.logicalDate)).toBeLessThanOrEqual(ms(config.endDate));
        }
      }),
      RUNS,
    );
  });

  it('due runs are exactly what stepping nextDagRunInfo run by run gives', () => {
    fc.assert(
      fc.property(scenario, ({ config, now }) => {
        const limit = 12;
        const stepped: TDagRunInfo[] = [];
        let last: TDataInterval | null = null;
        for (let info = nextDagRunInfo(config, last, now); info !== null && stepped.length < limit; ) {
          if (ms(info.runAfter) > ms(now)) break;
          stepped.push(info);
          last = info.dataInterval;
          info = nextDagRunInfo(config, last, now);
        }
        expect(dueDagRuns(config, null, now, limit)).toEqual(stepped);
      }),
      { numRuns: 60 },
    );
  });

  it('after a batch that was not cut short by the limit, the next run is later and not yet due', () => {
    fc.assert(
      fc.property(scenario, ({ config, now }) => {
        const limit = 40;
        const runs = dueDagRuns(config, null, now, limit);
        const last = runs.at(-1);
        const next = nextDagRunInfo(config, last?.dataInterval ?? null, now);
        if (next !== null && runs.length < limit) expect(ms(next.runAfter)).toBeGreaterThan(ms(now));
        if (next !== null && last !== undefined) expect(ms(next.logicalDate)).toBeGreaterThan(ms(last.logicalDate));
      }),
      RUNS,
    );
  });
});

describe('cron tick properties', () => {
  it('the latest tick at or before t is <= t, and the tick after it is > t', () => {
    const cron = fc.constantFrom('0 * * * *', '0 0 * * *', '30 2 * * *', '30 1 * * *', '*/20 * * * *', '5 4 * * 1-5');
    fc.assert(
      fc.property(cron, fc.constantFrom(...TICK_ZONES), instant, (expression, timezone, at) => {
        const latest = tickAtOrBefore(expression, timezone, at);
        expect(latest).not.toBeNull();
        if (latest === null) return;
        expect(ms(latest)).toBeLessThanOrEqual(ms(at));
        expect(ms(tickAfter(expression, timezone, latest) ?? new Date(0))).toBeGreaterThan(ms(at));
      }),
      { numRuns: 200 },
    );
  }, SLOW_TEST_TIMEOUT);
});
