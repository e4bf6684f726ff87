import { formatDuration } from '../duration';
import { resolveSchedule } from '../schedule/cron-presets';
import { tickAfter, tickAtOrBefore } from '../schedule/cron-ticks';

export const FRESHNESS_STATES = ['fresh', 'late', 'stale'] as const;
export type TFreshnessState = (typeof FRESHNESS_STATES)[number];

/** dbt's warn_after / error_after in seconds; null = no such threshold. */
export type TFreshnessThresholds = { warnAfterSeconds: number | null; errorAfterSeconds: number | null; expectedEverySeconds: number | null };

/** Without a policy of its own, a dataset is late after 1.5 of its producer's intervals and stale after 3. */
export const DEFAULT_WARN_INTERVALS = 1.5;
export const DEFAULT_ERROR_INTERVALS = 3;

/**
 * The producing DAG's schedule interval around `now`, in seconds: from the last tick at or
 * before `now` to the next one, so an irregular cron (weekdays only) expects the gap it is in.
 * Null for a manual, `@once` or dataset schedule: nothing says when such data should change.
 */
export function scheduleIntervalSeconds(schedule: string | null, timezone: string, now: Date): number | null {
  const resolved = resolveSchedule(schedule);
  if (resolved.kind !== 'cron') return null;
  try {
    const last = tickAtOrBefore(resolved.cron, timezone, now);
    const next = last ? tickAfter(resolved.cron, timezone, last) : null;
    return last && next ? (next.getTime() - last.getTime()) / 1000 : null;
  } catch {
    return null;
  }
}

/** The dataset's own policy where set, each missing threshold from the producer's schedule. */
export function freshnessThresholds(
  policy: { warnAfterSeconds: number | null; errorAfterSeconds: number | null },
  producer: { schedule: string | null; timezone: string } | null,
  now: Date,
): TFreshnessThresholds {
  const interval = producer ? scheduleIntervalSeconds(producer.schedule, producer.timezone, now) : null;
  return {
    warnAfterSeconds: policy.warnAfterSeconds ?? (interval === null ? null : interval * DEFAULT_WARN_INTERVALS),
    errorAfterSeconds: policy.errorAfterSeconds ?? (interval === null ? null : interval * DEFAULT_ERROR_INTERVALS),
    expectedEverySeconds: policy.warnAfterSeconds ?? interval,
  };
}

/**
 * fresh | late (past warn_after) | stale (past error_after) since the last update; a dataset
 * never updated counts from when it was registered. Null when no threshold applies.
 */
export function freshnessState(thresholds: TFreshnessThresholds, lastUpdatedAt: Date, now: Date): TFreshnessState | null {
  const { warnAfterSeconds, errorAfterSeconds } = thresholds;
  if (warnAfterSeconds === null && errorAfterSeconds === null) return null;
  const age = (now.getTime() - lastUpdatedAt.getTime()) / 1000;
  if (errorAfterSeconds !== null && age > errorAfterSeconds) return 'stale';
  if (warnAfterSeconds !== null && age > warnAfterSeconds) return 'late';
  return 'fresh';
}

/** "dataset warehouse.public.orders is late: last updated 2026-12-05T10:00:00.000Z, expected every 1h", as the alert says it. */
export function freshnessMessage(shortForm: string, state: 'late' | 'stale', lastUpdatedAt: Date | null, thresholds: TFreshnessThresholds): string {
  const last = lastUpdatedAt === null ? 'never updated' : `last updated ${lastUpdatedAt.toISOString()}`;
  const every = thresholds.expectedEverySeconds === null ? '' : `, expected every ${formatDuration(Math.round(thresholds.expectedEverySeconds))}`;
  return `dataset ${shortForm} is ${state}: ${last}${every}`;
}
