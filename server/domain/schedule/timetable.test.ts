import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import type { TDagRunInfo, TDataInterval, TScheduleConfig } from './schedule';
import { dueDagRuns, manualRunInfo, nextDagRunInfo } from './timetable';

const d = (iso: string) => new Date(iso);
const config = (overrides: Partial<TScheduleConfig>): TScheduleConfig => ({
  schedule: '@daily',
  timezone: 'UTC',
  timetable: 'interval',
  startDate: d('2024-01-01T00:00:00Z'),
  endDate: null,
  catchup: true,
  ...overrides,
});
const interval = (start: string, end: string): TDataInterval => ({ start: d(start), end: d(end) });
/** Compact form so each table row reads as logical date | interval | due at. */
const show = (info: TDagRunInfo | null) =>
  info === null
    ? null
    : [info.logicalDate, info.dataInterval.start, info.dataInterval.end, info.runAfter].map((x) => x.toISOString()).join(' | ');

describe('nextDagRunInfo', () => {
  it.each([
    {
      name: "Airflow's documented example: @daily from 2024-01-01, first run covers that day, due at its end",
      config: config({}), last: null, now: '2024-01-01T00:00:00Z',
      expected: '2024-01-01T00:00:00.000Z | 2024-01-01T00:00:00.000Z | 2024-01-02T00:00:00.000Z | 2024-01-02T00:00:00.000Z',
    },
    {
      name: 'interval: the next run starts where the last one ended',
      config: config({}), last: interval('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'), now: '2024-03-01T00:00:00Z',
      expected: '2024-01-02T00:00:00.000Z | 2024-01-02T00:00:00.000Z | 2024-01-03T00:00:00.000Z | 2024-01-03T00:00:00.000Z',
    },
    {
      name: 'interval: a start_date between ticks starts at the next tick',
      config: config({ startDate: d('2024-01-01T10:00:00Z') }), last: null, now: '2024-01-01T10:00:00Z',
      expected: '2024-01-02T00:00:00.000Z | 2024-01-02T00:00:00.000Z | 2024-01-03T00:00:00.000Z | 2024-01-03T00:00:00.000Z',
    },
    {
      name: 'catchup=false: skips to the latest complete interval',
      config: config({ catchup: false }), last: null, now: '2024-03-10T15:00:00Z',
      expected: '2024-03-09T00:00:00.000Z | 2024-03-09T00:00:00.000Z | 2024-03-10T00:00:00.000Z | 2024-03-10T00:00:00.000Z',
    },
    {
      name: 'catchup=false: now exactly on a tick takes the interval ending now',
      config: config({ catchup: false }), last: null, now: '2024-03-10T00:00:00Z',
      expected: '2024-03-09T00:00:00.000Z | 2024-03-09T00:00:00.000Z | 2024-03-10T00:00:00.000Z | 2024-03-10T00:00:00.000Z',
    },
    {
      name: 'catchup=false: skips over missed runs after the last one',
      config: config({ catchup: false }), last: interval('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'), now: '2024-03-10T15:00:00Z',
      expected: '2024-03-09T00:00:00.000Z | 2024-03-09T00:00:00.000Z | 2024-03-10T00:00:00.000Z | 2024-03-10T00:00:00.000Z',
    },
    {
      name: 'catchup=false: never earlier than start_date',
      config: config({ catchup: false, startDate: d('2024-06-01T00:00:00Z') }), last: null, now: '2024-03-10T15:00:00Z',
      expected: '2024-06-01T00:00:00.000Z | 2024-06-01T00:00:00.000Z | 2024-06-02T00:00:00.000Z | 2024-06-02T00:00:00.000Z',
    },
    {
      name: 'catchup=false with the latest interval already run: the next one, not yet due',
      config: config({ catchup: false }), last: interval('2024-03-09T00:00:00Z', '2024-03-10T00:00:00Z'), now: '2024-03-10T15:00:00Z',
      expected: '2024-03-10T00:00:00.000Z | 2024-03-10T00:00:00.000Z | 2024-03-11T00:00:00.000Z | 2024-03-11T00:00:00.000Z',
    },
    {
      name: 'no start_date: behaves as catchup=false',
      config: config({ startDate: null }), last: null, now: '2024-03-10T15:00:00Z',
      expected: '2024-03-09T00:00:00.000Z | 2024-03-09T00:00:00.000Z | 2024-03-10T00:00:00.000Z | 2024-03-10T00:00:00.000Z',
    },
    {
      name: 'no start_date with catchup: later runs still catch up from the last one',
      config: config({ startDate: null }), last: interval('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'), now: '2024-03-10T15:00:00Z',
      expected: '2024-01-02T00:00:00.000Z | 2024-01-02T00:00:00.000Z | 2024-01-03T00:00:00.000Z | 2024-01-03T00:00:00.000Z',
    },
    {
      name: 'end_date: the last run may start on end_date',
      config: config({ endDate: d('2024-01-05T00:00:00Z') }), last: interval('2024-01-04T00:00:00Z', '2024-01-05T00:00:00Z'), now: '2024-03-01T00:00:00Z',
      expected: '2024-01-05T00:00:00.000Z | 2024-01-05T00:00:00.000Z | 2024-01-06T00:00:00.000Z | 2024-01-06T00:00:00.000Z',
    },
    {
      name: 'end_date: no run whose logical date is after end_date',
      config: config({ endDate: d('2024-01-05T00:00:00Z') }), last: interval('2024-01-05T00:00:00Z', '2024-01-06T00:00:00Z'), now: '2024-03-01T00:00:00Z',
      expected: null,
    },
    {
      name: 'hourly',
      config: config({ schedule: '@hourly' }), last: interval('2024-01-01T05:00:00Z', '2024-01-01T06:00:00Z'), now: '2024-01-01T06:30:00Z',
      expected: '2024-01-01T06:00:00.000Z | 2024-01-01T06:00:00.000Z | 2024-01-01T07:00:00.000Z | 2024-01-01T07:00:00.000Z',
    },
    {
      name: 'a last run ending off-tick (schedule changed) is aligned back to a tick',
      config: config({ schedule: '@hourly' }), last: interval('2024-01-01T00:00:00Z', '2024-01-01T06:30:00Z'), now: '2024-01-02T00:00:00Z',
      expected: '2024-01-01T06:00:00.000Z | 2024-01-01T06:00:00.000Z | 2024-01-01T07:00:00.000Z | 2024-01-01T07:00:00.000Z',
    },
    {
      name: '@once: one run at start_date, due at start_date',
      config: config({ schedule: '@once', startDate: d('2024-01-01T10:00:00Z') }), last: null, now: '2023-01-01T00:00:00Z',
      expected: '2024-01-01T10:00:00.000Z | 2024-01-01T10:00:00.000Z | 2024-01-01T10:00:00.000Z | 2024-01-01T10:00:00.000Z',
    },
    {
      name: '@once: nothing after it ran',
      config: config({ schedule: '@once' }), last: interval('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), now: '2024-03-01T00:00:00Z',
      expected: null,
    },
    {
      name: '@once: nothing without a start_date',
      config: config({ schedule: '@once', startDate: null }), last: null, now: '2024-03-01T00:00:00Z',
      expected: null,
    },
    {
      name: 'manual-only DAGs are never scheduled',
      config: config({ schedule: null }), last: null, now: '2024-03-01T00:00:00Z',
      expected: null,
    },
    {
      name: 'trigger: the run is the tick itself, due at the tick',
      config: config({ timetable: 'trigger' }), last: null, now: '2024-01-01T00:00:00Z',
      expected: '2024-01-01T00:00:00.000Z | 2024-01-01T00:00:00.000Z | 2024-01-01T00:00:00.000Z | 2024-01-01T00:00:00.000Z',
    },
    {
      name: 'trigger: after the last tick',
      config: config({ timetable: 'trigger' }), last: interval('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), now: '2024-03-01T00:00:00Z',
      expected: '2024-01-02T00:00:00.000Z | 2024-01-02T00:00:00.000Z | 2024-01-02T00:00:00.000Z | 2024-01-02T00:00:00.000Z',
    },
    {
      name: 'trigger, catchup=false: the latest tick <= now',
      config: config({ timetable: 'trigger', catchup: false }), last: interval('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), now: '2024-03-10T15:00:00Z',
      expected: '2024-03-10T00:00:00.000Z | 2024-03-10T00:00:00.000Z | 2024-03-10T00:00:00.000Z | 2024-03-10T00:00:00.000Z',
    },
    {
      name: 'trigger without start_date or runs: waits for the next tick',
      config: config({ timetable: 'trigger', startDate: null }), last: null, now: '2024-03-10T15:00:00Z',
      expected: '2024-03-11T00:00:00.000Z | 2024-03-11T00:00:00.000Z | 2024-03-11T00:00:00.000Z | 2024-03-11T00:00:00.000Z',
    },
    {
      name: 'trigger: end_date',
      config: config({ timetable: 'trigger', endDate: d('2024-01-01T12:00:00Z') }), last: interval('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'), now: '2024-03-01T00:00:00Z',
      expected: null,
    },
  ])('$name', ({ config, last, now, expected }) => {
    expect(show(nextDagRunInfo(config, last, d(now)))).toBe(expected);
  });

  it('throws a DomainError on a schedule that should have been rejected at the boundary', () => {
    expect(() => nextDagRunInfo(config({ schedule: '61 * * * *' }), null, d('2024-01-01T00:00:00Z'))).toThrow(DomainError);
  });
});

describe('dueDagRuns', () => {
  it.each([
    { name: 'catchup=true creates every missed day', config: config({}), now: '2024-01-04T12:00:00Z', limit: 10,
      expected: ['2024-01-01', '2024-01-02', '2024-01-03'] },
    { name: 'limit bounds the batch', config: config({}), now: '2024-01-04T12:00:00Z', limit: 2, expected: ['2024-01-01', '2024-01-02'] },
    { name: 'catchup=false creates only the latest', config: config({ catchup: false }), now: '2024-01-04T12:00:00Z', limit: 10,
      expected: ['2024-01-03'] },
    { name: 'end_date stops the list', config: config({ endDate: d('2024-01-02T00:00:00Z') }), now: '2024-01-10T00:00:00Z', limit: 10,
      expected: ['2024-01-01', '2024-01-02'] },
    { name: 'nothing is due before the first interval ends', config: config({}), now: '2024-01-01T23:59:59Z', limit: 10, expected: [] },
    { name: 'trigger runs are due at their tick', config: config({ timetable: 'trigger' }), now: '2024-01-03T00:00:00Z', limit: 10,
      expected: ['2024-01-01', '2024-01-02', '2024-01-03'] },
    { name: '@once is due once', config: config({ schedule: '@once' }), now: '2024-01-10T00:00:00Z', limit: 10, expected: ['2024-01-01'] },
  ])('$name', ({ config, now, limit, expected }) => {
    const runs = dueDagRuns(config, null, d(now), limit);
    expect(runs.map((run) => run.logicalDate.toISOString().slice(0, 10))).toEqual(expected);
  });
});

describe('DST', () => {
  const hours = (i: TDataInterval) => (i.end.getTime() - i.start.getTime()) / 3_600_000;
  it.each([
    { name: 'midnight in Amsterdam: 23h on the spring-forward day', schedule: '0 0 * * *', tz: 'Europe/Amsterdam',
      start: '2024-03-29T23:00:00Z', days: 4, expected: [24, 23, 24, 24] },
    { name: 'midnight in Amsterdam: 25h on the fall-back day', schedule: '0 0 * * *', tz: 'Europe/Amsterdam',
      start: '2024-10-25T22:00:00Z', days: 4, expected: [24, 25, 24, 24] },
    // 02:30 does not exist on 2024-03-31: cron-parser fires at 03:30 CEST (01:30Z) instead.
    { name: '02:30 in Amsterdam across spring forward', schedule: '30 2 * * *', tz: 'Europe/Amsterdam',
      start: '2024-03-29T01:30:00Z', days: 4, expected: [24, 24, 23, 24] },
    { name: 'midnight in New York across spring forward', schedule: '0 0 * * *', tz: 'America/New_York',
      start: '2024-03-09T05:00:00Z', days: 3, expected: [24, 23, 24] },
    { name: 'midnight in New York across fall back', schedule: '0 0 * * *', tz: 'America/New_York',
      start: '2024-11-02T04:00:00Z', days: 3, expected: [24, 25, 24] },
    // 01:30 happens twice on 2024-11-03: one run, at the first (EDT) occurrence.
    { name: '01:30 in New York across fall back', schedule: '30 1 * * *', tz: 'America/New_York',
      start: '2024-11-02T05:30:00Z', days: 3, expected: [24, 25, 24] },
    { name: 'hourly in Amsterdam keeps every real hour through fall back', schedule: '0 * * * *', tz: 'Europe/Amsterdam',
      start: '2024-10-26T23:00:00Z', days: 5, expected: [1, 1, 1, 1, 1] },
  ])('$name', ({ schedule, tz, start, days, expected }) => {
    const c = config({ schedule, timezone: tz, startDate: d(start) });
    const runs = dueDagRuns(c, null, d('2025-01-01T00:00:00Z'), days);
    expect(runs.map((run) => hours(run.dataInterval))).toEqual(expected);
    runs.slice(1).forEach((run, i) => expect(run.dataInterval.start).toEqual(runs[i]?.dataInterval.end));
  });
});

describe('manualRunInfo', () => {
  it.each([
    { name: 'interval: the latest complete interval before the trigger', config: config({}), runAfter: '2024-01-25T01:00:00Z',
      expected: '2024-01-25T01:00:00.000Z | 2024-01-24T00:00:00.000Z | 2024-01-25T00:00:00.000Z | 2024-01-25T01:00:00.000Z' },
    { name: 'interval: triggered exactly on a tick', config: config({}), runAfter: '2024-01-25T00:00:00Z',
      expected: '2024-01-25T00:00:00.000Z | 2024-01-24T00:00:00.000Z | 2024-01-25T00:00:00.000Z | 2024-01-25T00:00:00.000Z' },
    { name: 'interval in Amsterdam over the 23h day', config: config({ timezone: 'Europe/Amsterdam' }), runAfter: '2024-04-01T08:00:00Z',
      expected: '2024-04-01T08:00:00.000Z | 2024-03-30T23:00:00.000Z | 2024-03-31T22:00:00.000Z | 2024-04-01T08:00:00.000Z' },
    { name: 'trigger: the instant', config: config({ timetable: 'trigger' }), runAfter: '2024-01-25T01:00:00Z',
      expected: '2024-01-25T01:00:00.000Z | 2024-01-25T01:00:00.000Z | 2024-01-25T01:00:00.000Z | 2024-01-25T01:00:00.000Z' },
    { name: 'manual-only: the instant', config: config({ schedule: null }), runAfter: '2024-01-25T01:00:00Z',
      expected: '2024-01-25T01:00:00.000Z | 2024-01-25T01:00:00.000Z | 2024-01-25T01:00:00.000Z | 2024-01-25T01:00:00.000Z' },
    { name: '@once: the instant', config: config({ schedule: '@once' }), runAfter: '2024-01-25T01:00:00Z',
      expected: '2024-01-25T01:00:00.000Z | 2024-01-25T01:00:00.000Z | 2024-01-25T01:00:00.000Z | 2024-01-25T01:00:00.000Z' },
  ])('$name', ({ config, runAfter, expected }) => {
    expect(show(manualRunInfo(config, d(runAfter)))).toBe(expected);
  });

  it('infers the interval from a given logical date, runnable now', () => {
    const info = manualRunInfo(config({}), d('2024-01-25T01:00:00Z'), d('2024-01-20T06:00:00Z'));
    expect(show(info)).toBe(
      '2024-01-20T06:00:00.000Z | 2024-01-19T00:00:00.000Z | 2024-01-20T00:00:00.000Z | 2024-01-25T01:00:00.000Z',
    );
    const instant = manualRunInfo(config({ schedule: null }), d('2024-01-25T01:00:00Z'), d('2024-01-20T06:00:00Z'));
    expect(show(instant)).toBe(
      '2024-01-20T06:00:00.000Z | 2024-01-20T06:00:00.000Z | 2024-01-20T06:00:00.000Z | 2024-01-25T01:00:00.000Z',
    );
  });
});
