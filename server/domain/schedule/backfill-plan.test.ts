import { describe, expect, it } from 'vitest';
import { planBackfill, type TBackfillRequest, type TExistingRunState } from './backfill-plan';
import type { TScheduleConfig } from './schedule';

const d = (iso: string) => new Date(iso);
const config = (overrides: Partial<TScheduleConfig> = {}): TScheduleConfig => ({
  schedule: '@daily',
  timezone: 'UTC',
  timetable: 'interval',
  startDate: d('2024-06-01T00:00:00Z'),
  endDate: null,
  catchup: false,
  ...overrides,
});
const request = (overrides: Partial<TBackfillRequest> = {}): TBackfillRequest => ({
  config: config(),
  fromDate: d('2024-01-01T00:00:00Z'),
  toDate: d('2024-01-03T00:00:00Z'),
  reprocessBehavior: 'none',
  runBackwards: false,
  existingRuns: [],
  ...overrides,
});
const day = (date: Date) => date.toISOString().slice(0, 10);
const runOn = (date: string, state: TExistingRunState) => ({ logicalDate: d(`${date}T00:00:00Z`), state });

/** `date:action` per planned run, the shape the assertions below read best in. */
function plan(overrides: Partial<TBackfillRequest>): string[] {
  const result = planBackfill(request(overrides));
  if (!result.ok) throw result.error;
  return result.value.map((item) => `${day(item.logicalDate)}:${item.action}`);
}

describe('planBackfill', () => {
  it.each([
    { name: 'creates every day in the inclusive range, ignoring start_date and catchup', overrides: {},
      expected: ['2024-01-01:create', '2024-01-02:create', '2024-01-03:create'] },
    { name: 'runs backwards on request', overrides: { runBackwards: true },
      expected: ['2024-01-03:create', '2024-01-02:create', '2024-01-01:create'] },
    { name: 'a range between ticks only covers the ticks inside it',
      overrides: { fromDate: d('2024-01-01T06:00:00Z'), toDate: d('2024-01-02T23:00:00Z') }, expected: ['2024-01-02:create'] },
    { name: 'end_date cuts the range', overrides: { config: config({ endDate: d('2024-01-02T00:00:00Z') }) },
      expected: ['2024-01-01:create', '2024-01-02:create'] },
    { name: 'from = to on a tick is one run', overrides: { toDate: d('2024-01-01T00:00:00Z') }, expected: ['2024-01-01:create'] },
    { name: 'none: existing runs are skipped',
      overrides: { existingRuns: [runOn('2024-01-01', 'success'), runOn('2024-01-02', 'failed')] },
      expected: ['2024-01-01:skip', '2024-01-02:skip', '2024-01-03:create'] },
    { name: 'failed: only failed runs are reprocessed',
      overrides: { reprocessBehavior: 'failed' as const, existingRuns: [runOn('2024-01-01', 'success'), runOn('2024-01-02', 'failed')] },
      expected: ['2024-01-01:skip', '2024-01-02:reprocess', '2024-01-03:create'] },
    { name: 'completed: failed and successful runs are reprocessed',
      overrides: { reprocessBehavior: 'completed' as const, existingRuns: [runOn('2024-01-01', 'success'), runOn('2024-01-02', 'failed')] },
      expected: ['2024-01-01:reprocess', '2024-01-02:reprocess', '2024-01-03:create'] },
    { name: 'active runs are always skipped',
      overrides: { reprocessBehavior: 'completed' as const, existingRuns: [runOn('2024-01-01', 'queued'), runOn('2024-01-02', 'running')] },
      expected: ['2024-01-01:skip', '2024-01-02:skip', '2024-01-03:create'] },
    { name: 'an active run wins over a finished one on the same date',
      overrides: { reprocessBehavior: 'completed' as const, existingRuns: [runOn('2024-01-01', 'running'), runOn('2024-01-01', 'failed')] },
      expected: ['2024-01-01:skip', '2024-01-02:create', '2024-01-03:create'] },
  ])('$name', ({ overrides, expected }) => {
    expect(plan(overrides)).toEqual(expected);
  });

  it.each([
    { state: 'running' as const, behavior: 'completed' as const, reason: 'a run for this date is running' },
    { state: 'queued' as const, behavior: 'none' as const, reason: 'a run for this date is queued' },
    { state: 'success' as const, behavior: 'none' as const, reason: 'a run for this date already exists (success) and reprocessing is off' },
    { state: 'success' as const, behavior: 'failed' as const, reason: 'the run for this date succeeded; only failed runs are reprocessed' },
    { state: 'failed' as const, behavior: 'failed' as const, reason: 're-running the failed run' },
    { state: 'success' as const, behavior: 'completed' as const, reason: 're-running the successful run' },
  ])('explains $state under $behavior', ({ state, behavior, reason }) => {
    const result = planBackfill(
      request({ toDate: d('2024-01-01T00:00:00Z'), reprocessBehavior: behavior, existingRuns: [runOn('2024-01-01', state)] }),
    );
    expect(result.ok && result.value[0]?.reason).toBe(reason);
  });

  it.each([
    { timetable: 'interval' as const, end: '2024-01-02T00:00:00.000Z' },
    { timetable: 'trigger' as const, end: '2024-01-01T00:00:00.000Z' },
  ])('gives each run its $timetable data interval', ({ timetable, end }) => {
    const result = planBackfill(request({ config: config({ timetable }), toDate: d('2024-01-01T00:00:00Z') }));
    expect(result.ok && result.value[0]?.dataInterval.end.toISOString()).toBe(end);
  });

  it.each([
    { name: 'reversed range', overrides: { fromDate: d('2024-02-01T00:00:00Z') }, code: 'invalid_interval',
      message: 'Backfill range is reversed: from 2024-02-01T00:00:00.000Z is after to 2024-01-03T00:00:00.000Z' },
    { name: 'manual-only DAG', overrides: { config: config({ schedule: null }) }, code: 'invalid_schedule',
      message: 'backfill needs a schedule: this DAG only runs when triggered manually' },
    { name: '@once DAG', overrides: { config: config({ schedule: '@once' }) }, code: 'invalid_schedule',
      message: "backfill needs a recurring schedule: an '@once' DAG runs a single time" },
    { name: 'invalid cron', overrides: { config: config({ schedule: '61 * * * *' }) }, code: 'invalid_schedule',
      message: "Invalid cron '61 * * * *': minute field: value 61 out of range 0-59" },
    { name: 'too many runs', overrides: { maxRuns: 2 }, code: 'invalid_interval',
      message: 'Backfill would cover more than 2 runs: narrow the date range' },
  ])('refuses a $name', ({ overrides, code, message }) => {
    const result = planBackfill(request(overrides));
    expect(result.ok).toBe(false);
    if (!result.ok) expect({ code: result.error.code, message: result.error.message }).toEqual({ code, message });
  });

  it('allows exactly maxRuns runs', () => {
    expect(plan({ maxRuns: 3 })).toHaveLength(3);
  });
});
