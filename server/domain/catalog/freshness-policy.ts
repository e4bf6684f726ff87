/**
 * A dataset's freshness policy in dbt's form (`warn_after: {count: 12, period: hour}`), stored
 * as seconds. Pure: the page and REST speak dbt's form, the database and the freshness check
 * speak seconds.
 */

export const FRESHNESS_PERIODS = ['minute', 'hour', 'day'] as const;
export type TFreshnessPeriod = (typeof FRESHNESS_PERIODS)[number];
export type TFreshnessAfter = { count: number; period: TFreshnessPeriod };

const SECONDS: Record<TFreshnessPeriod, number> = { minute: 60, hour: 3_600, day: 86_400 };

/** Ten years: a bound that keeps the seconds inside a 32-bit integer column. */
export const MAX_FRESHNESS_SECONDS = 10 * 365 * 86_400;

export function freshnessSeconds(after: TFreshnessAfter): number {
  return after.count * SECONDS[after.period];
}

/** Seconds back in dbt's form, in the largest period that divides them exactly. */
export function freshnessAfter(seconds: number): TFreshnessAfter {
  if (seconds % SECONDS.day === 0) return { count: seconds / SECONDS.day, period: 'day' };
  if (seconds % SECONDS.hour === 0) return { count: seconds / SECONDS.hour, period: 'hour' };
  return { count: Math.ceil(seconds / SECONDS.minute), period: 'minute' };
}

/** Why a warn/error pair cannot stand, or null: a warning must come before the error it announces. */
export function freshnessPairProblem(warnSeconds: number | null, errorSeconds: number | null): string | null {
  if (warnSeconds !== null && errorSeconds !== null && warnSeconds >= errorSeconds) {
    return 'warn_after must be shorter than error_after: a dataset turns late before it turns stale';
  }
  return null;
}
