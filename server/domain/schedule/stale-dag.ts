/**
 * When an active, scheduled DAG counts as "stale" on the workspace home: the scheduler should
 * have created its next run by now and has not.
 *
 * The rule: a DAG is stale once the run it waits for has been due for longer than its grace,
 * where the grace is one schedule interval (the length of that run's data interval), but never
 * less than STALE_GRACE_MIN_MS (a scheduler restarting after a crash pauses a little; a tick of a
 * busy minute takes a few seconds) and never more than STALE_GRACE_MAX_MS (a daily DAG ten
 * minutes late is already stuck: waiting a whole interval would hide it for a day).
 *
 * A DAG whose next run the scheduler has not planned yet (just deployed or unpaused: the field
 * is empty) is stale when it has stayed unplanned for STALE_GRACE_MAX_MS since that change.
 * A DAG that will never run again (`@once` after its run, past its end_date) is never stale.
 */
export const STALE_GRACE_MIN_MS = 2 * 60_000;
export const STALE_GRACE_MAX_MS = 10 * 60_000;

/** The scheduler's "no automated run will ever come" (create-due-runs' NEVER): from this year on. */
const NEVER_YEAR = 9999;

export type TStaleInput = {
  isPaused: boolean;
  /** The DAG's schedule; null for manual-only DAGs, which are never late. */
  schedule: string | null;
  /** When the next scheduled run becomes due (next_dagrun_create_after); null when not planned yet. */
  nextCreateAfter: Date | null;
  nextIntervalStart: Date | null;
  nextIntervalEnd: Date | null;
  /** When the DAG row last changed (a deploy or an unpause clears the plan). */
  changedAt: Date;
  now: Date;
};

export type TStaleness =
  | { stale: false }
  | { stale: true; reason: 'late'; dueAt: Date; lateByMs: number; graceMs: number }
  | { stale: true; reason: 'unplanned'; since: Date; lateByMs: number; graceMs: number };

/** The grace for a run whose data interval is [start, end): one interval, clamped. */
export function staleGraceMs(intervalStart: Date | null, intervalEnd: Date | null): number {
  if (!intervalStart || !intervalEnd) return STALE_GRACE_MAX_MS;
  const interval = intervalEnd.getTime() - intervalStart.getTime();
  // A zero-length interval (`@once`, a manual-like timetable) has no period to go by.
  if (!(interval > 0)) return STALE_GRACE_MAX_MS;
  return Math.min(STALE_GRACE_MAX_MS, Math.max(STALE_GRACE_MIN_MS, interval));
}

export function dagStaleness(input: TStaleInput): TStaleness {
  if (input.isPaused || input.schedule === null) return { stale: false };
  if (input.nextCreateAfter === null) {
    const lateByMs = input.now.getTime() - input.changedAt.getTime();
    return lateByMs > STALE_GRACE_MAX_MS ? { stale: true, reason: 'unplanned', since: input.changedAt, lateByMs, graceMs: STALE_GRACE_MAX_MS } : { stale: false };
  }
  if (input.nextCreateAfter.getUTCFullYear() >= NEVER_YEAR) return { stale: false };
  const graceMs = staleGraceMs(input.nextIntervalStart, input.nextIntervalEnd);
  const lateByMs = input.now.getTime() - input.nextCreateAfter.getTime();
  return lateByMs > graceMs ? { stale: true, reason: 'late', dueAt: input.nextCreateAfter, lateByMs, graceMs } : { stale: false };
}
