import { CronExpressionParser } from 'cron-parser';

/**
 * Cron arithmetic in a time zone, delegated to cron-parser. Every function here returns ticks
 * from one canonical sequence: the one cron-parser's `next()` walks. That matters around DST,
 * where cron-parser's `prev()` and `next()` disagree:
 * - spring forward (a wall time that does not exist, e.g. 02:30 in Europe/Amsterdam on the last
 *   Sunday of March): `next()` fires an hour later on the wall clock, at 03:30 CEST (01:30Z),
 *   while `prev()` skips that day entirely;
 * - fall back (a wall time that occurs twice, e.g. 01:30 in America/New_York on the first Sunday
 *   of November): `next()` fires once, at the first occurrence, while `prev()` yields both.
 * Anything computed backwards is therefore re-derived by walking `next()` forwards, so intervals
 * built from these ticks stay contiguous and strictly increasing.
 */

/** `prev()` steps taken before walking forwards; two covers the single skipped/doubled DST tick. */
const BACKWARD_STEPS = 2;
const DAY = 86_400_000;
/**
 * How far a search restarts when cron-parser gives up near a 30-minute DST switch (see below). Two
 * days clears the switch for hourly and daily crons; the longer ones are for sparse crons.
 */
const RESTART_DAYS = [2, 4, 32, 400, 1500];

function parse(cron: string, timezone: string, from: Date) {
  return CronExpressionParser.parse(cron, { currentDate: from, tz: timezone });
}

/** The first tick strictly after `at`, or null when the cron never fires again. */
export function tickAfter(cron: string, timezone: string, at: Date): Date | null {
  return tickSequence(cron, timezone, at)();
}

/** `at` if it is a tick, else the first tick after it (Airflow's `_align_to_next`). */
export function tickAtOrAfter(cron: string, timezone: string, at: Date): Date | null {
  return tickAfter(cron, timezone, new Date(at.getTime() - 1));
}

/** The latest tick at or before `at` (Airflow's `_align_to_prev`), or null if there is none. */
export function tickAtOrBefore(cron: string, timezone: string, at: Date): Date | null {
  const anchor = backwardAnchor(cron, timezone, at);
  if (anchor !== null) return latestFrom(cron, timezone, anchor, at);
  // cron-parser's prev() gave up (see `nextAcrossParserGap`): walk forwards from earlier starts.
  for (const days of RESTART_DAYS) {
    const latest = latestFrom(cron, timezone, new Date(at.getTime() - days * DAY), at);
    if (latest !== null) return latest;
  }
  return null;
}

/** A tick a couple of `prev()` steps before `at`, or null when cron-parser cannot step back. */
function backwardAnchor(cron: string, timezone: string, at: Date): Date | null {
  try {
    const expression = parse(cron, timezone, new Date(at.getTime() + 1));
    let anchor = expression.prev().toDate();
    for (let step = 1; step < BACKWARD_STEPS; step++) anchor = expression.prev().toDate();
    return anchor;
  } catch {
    return null;
  }
}

/** The last tick of the forward walk from `from` (inclusive) that is at or before `at`. */
function latestFrom(cron: string, timezone: string, from: Date, at: Date): Date | null {
  const forwards = tickSequence(cron, timezone, new Date(from.getTime() - 1));
  let latest: Date | null = null;
  for (let tick = forwards(); tick !== null && tick.getTime() <= at.getTime(); tick = forwards()) latest = tick;
  return latest;
}

/**
 * Successive ticks strictly after `after`, one per call, null once the cron stops firing. One
 * cron-parser iterator serves the whole walk: parsing costs as much as several steps.
 */
export function tickSequence(cron: string, timezone: string, after: Date): () => Date | null {
  let cursor: Date | null = after;
  let expression: ReturnType<typeof parse> | null = null;
  return () => {
    if (cursor === null) return null;
    try {
      expression ??= parse(cron, timezone, cursor);
      cursor = expression.next().toDate();
    } catch {
      expression = null;
      cursor = nextAcrossParserGap(cron, timezone, cursor);
    }
    return cursor;
  };
}

/**
 * cron-parser 5 sometimes hits its loop limit (after ~1 s of searching) next to a 30-minute DST
 * switch: `next()` before Australia/Lord_Howe's April fall-back, `prev()` after its October spring
 * forward (found by the property tests; e.g. `15 3 * * *` from 2024-04-05T16:15Z). Returning null
 * there would end the DAG's schedule for good, so the search is redone from a horizon past the
 * switch, walking back with `prev()` to the first tick after `at`, or forwards from the horizon
 * when there is none in between. A cron that truly never fires again still yields null.
 */
function nextAcrossParserGap(cron: string, timezone: string, at: Date): Date | null {
  for (const days of RESTART_DAYS) {
    const horizon = new Date(at.getTime() + days * DAY);
    try {
      const backwards = parse(cron, timezone, horizon);
      let earliest: Date | null = null;
      for (let tick = backwards.prev().toDate(); tick > at; tick = backwards.prev().toDate()) earliest = tick;
      return earliest ?? parse(cron, timezone, horizon).next().toDate();
    } catch {
      // Still inside the stretch cron-parser cannot search from: look further ahead.
    }
  }
  return null;
}

/** The latest tick strictly before `at`. */
export function tickBefore(cron: string, timezone: string, at: Date): Date | null {
  return tickAtOrBefore(cron, timezone, new Date(at.getTime() - 1));
}

/** Whether `at` is itself a tick of the canonical sequence. */
export function isTick(cron: string, timezone: string, at: Date): boolean {
  return tickAtOrAfter(cron, timezone, at)?.getTime() === at.getTime();
}

/** Ticks in [from, to] in order, at most `limit` of them. */
export function ticksBetween(cron: string, timezone: string, from: Date, to: Date, limit: number): Date[] {
  const ticks: Date[] = [];
  const forwards = tickSequence(cron, timezone, new Date(from.getTime() - 1));
  while (ticks.length < limit) {
    const tick = forwards();
    if (tick === null || tick.getTime() > to.getTime()) break;
    ticks.push(tick);
  }
  return ticks;
}
