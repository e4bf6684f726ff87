import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBackfill, type TExistingRunState } from './backfill-plan';

// Same crons and zones as timetable.property.test.ts: DST edges and an off-the-hour offset.
const CRONS = ['@hourly', '@daily', '@weekly', '@monthly', '30 2 * * *', '30 1 * * *', '*/20 * * * *', '5 4 * * 1-5', '0 */3 * * *'];
const ZONES = ['UTC', 'Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata'];
const DAY = 86_400_000;
const instant = fc.date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true });
const state = fc.constantFrom<TExistingRunState>('queued', 'running', 'success', 'failed');

const requestArb = fc
  .record({
    schedule: fc.constantFrom(...CRONS),
    timezone: fc.constantFrom(...ZONES),
    timetable: fc.constantFrom('interval' as const, 'trigger' as const),
    fromDate: instant,
    span: fc.integer({ min: 0, max: 4 * DAY }),
    reprocessBehavior: fc.constantFrom('none' as const, 'failed' as const, 'completed' as const),
    runBackwards: fc.boolean(),
    existing: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 * DAY }), state), { maxLength: 5 }),
  })
  .map((r) => ({
    config: { schedule: r.schedule, timezone: r.timezone, timetable: r.timetable, startDate: null, endDate: null, catchup: true },
    fromDate: r.fromDate,
    toDate: new Date(r.fromDate.getTime() + r.span),
    reprocessBehavior: r.reprocessBehavior,
    runBackwards: r.runBackwards,
    existingRuns: r.existing.map(([offset, s]) => ({ logicalDate: new Date(r.fromDate.getTime() + offset), state: s })),
  }));

describe('planBackfill properties', () => {
  it('plans are unique, inside the range, and sorted in the requested direction', () => {
    fc.assert(
      fc.property(requestArb, (request) => {
        const result = planBackfill(request);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const times = result.value.map((item) => item.logicalDate.getTime());
        const direction = request.runBackwards ? -1 : 1;
        for (let i = 1; i < times.length; i++) {
          expect(direction * ((times[i] ?? 0) - (times[i - 1] ?? 0))).toBeGreaterThan(0);
        }
        for (const time of times) {
          expect(time).toBeGreaterThanOrEqual(request.fromDate.getTime());
          expect(time).toBeLessThanOrEqual(request.toDate.getTime());
        }
      }),
      { numRuns: 100 },
    );
  });
});
