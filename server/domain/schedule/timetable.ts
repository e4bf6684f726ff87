import { DomainError } from '../errors';
import { resolveSchedule } from './cron-presets';
import { isTick, tickAfter, tickAtOrAfter, tickAtOrBefore, tickBefore, tickSequence } from './cron-ticks';
import { validateSchedule, type TDagRunInfo, type TDataInterval, type TScheduleConfig } from './schedule';

/**
 * Airflow's timetables over a `TScheduleConfig`. `now` is always an argument: these functions
 * decide *what* the next run is, the scheduler decides *when* to look.
 *
 * Decisions where Airflow leaves room:
 * - start_date null: Airflow 2 schedules nothing with catchup=True and no start_date. Here a
 *   missing start_date means "no lower bound", and there is nothing to catch up from, so the
 *   first run is chosen as with catchup=False (interval: the latest complete interval; trigger:
 *   the next tick at or after now, Airflow 3's default `run_immediately=False`).
 * - catchup=False on the interval timetable follows Airflow 2's default `_skip_to_latest` (without
 *   `catchup_false_no_dagrun_airflow_2_fix`): the latest interval that has *completed* by now.
 */

type TCronSchedule = { cron: string; timezone: string };

const exact = (at: Date): TDagRunInfo => ({ logicalDate: at, dataInterval: { start: at, end: at }, runAfter: at });
const maxDate = (dates: Date[]): Date => new Date(Math.max(...dates.map((date) => date.getTime())));
const isAfter = (a: Date, b: Date | null): boolean => b !== null && a.getTime() > b.getTime();

/** Throws on a config that should never have been stored: validation happens at the boundary. */
function cronOf(config: TScheduleConfig): TCronSchedule | 'once' | null {
  const problem = validateSchedule(config.schedule, config.timezone);
  if (problem !== null) throw new DomainError('invalid_schedule', problem);
  const resolved = resolveSchedule(config.schedule);
  if (resolved.kind === 'cron') return { cron: resolved.cron, timezone: config.timezone };
  return resolved.kind === 'once' ? 'once' : null;
}

/** Airflow's OnceTimetable: a single run at start_date, due at start_date. */
function nextOnceRun(config: TScheduleConfig, last: TDataInterval | null): TDagRunInfo | null {
  if (last !== null || config.startDate === null) return null;
  if (isAfter(config.startDate, config.endDate)) return null;
  return exact(config.startDate);
}

// latestCompleteIntervalStart depends on the cron, the zone and `now` only, and costs two
// backward searches. At a due minute the scheduler asks it, with one `now`, for every DAG on the
// same schedule (thousands of `@daily` DAGs at midnight): each distinct question is answered once.
const latestStarts = new Map<string, Date | null>();
const LATEST_STARTS_LIMIT = 1_000;

/** Start of the latest interval that has completed by `now` (Airflow 2's `_skip_to_latest`). */
function latestCompleteIntervalStart({ cron, timezone }: TCronSchedule, now: Date): Date | null {
  const key = JSON.stringify([cron, timezone, now.getTime()]);
  const known = latestStarts.get(key);
  if (known !== undefined) return known;
  const latestEnd = tickAtOrBefore(cron, timezone, now);
  const start = latestEnd === null ? null : tickBefore(cron, timezone, latestEnd);
  if (latestStarts.size >= LATEST_STARTS_LIMIT) latestStarts.clear();
  latestStarts.set(key, start);
  return start;
}

function nextIntervalStart(
  schedule: TCronSchedule,
  config: TScheduleConfig,
  last: TDataInterval | null,
  now: Date,
): Date | null {
  const { cron, timezone } = schedule;
  const alignedStart = config.startDate === null ? null : tickAtOrAfter(cron, timezone, config.startDate);
  if (config.startDate !== null && alignedStart === null) return null;
  const skipAhead = !config.catchup || (config.startDate === null && last === null);
  const candidates: (Date | null)[] = [alignedStart];
  if (skipAhead) candidates.push(latestCompleteIntervalStart(schedule, now));
  // Aligning the previous end copes with a schedule changed since the last run; the isTick check
  // is only a shortcut for the usual case, where it already is a tick.
  if (last !== null) {
    const onTick = isTick(cron, timezone, last.end);
    candidates.push(onTick ? last.end : (tickAtOrBefore(cron, timezone, last.end) ?? last.end));
  }
  const present = candidates.filter((date): date is Date => date !== null);
  return present.length === 0 ? null : maxDate(present);
}

function nextIntervalRun(
  schedule: TCronSchedule,
  config: TScheduleConfig,
  last: TDataInterval | null,
  now: Date,
): TDagRunInfo | null {
  const start = nextIntervalStart(schedule, config, last, now);
  if (start === null || isAfter(start, config.endDate)) return null;
  const end = tickAfter(schedule.cron, schedule.timezone, start);
  if (end === null) return null;
  return { logicalDate: start, dataInterval: { start, end }, runAfter: end };
}

/** Airflow 3's CronTriggerTimetable with its default zero-length interval. */
function nextTriggerRun(
  { cron, timezone }: TCronSchedule,
  config: TScheduleConfig,
  last: TDataInterval | null,
  now: Date,
): TDagRunInfo | null {
  const candidates: (Date | null)[] = [];
  if (last !== null) candidates.push(tickAfter(cron, timezone, last.end));
  if (config.startDate !== null) candidates.push(tickAtOrAfter(cron, timezone, config.startDate));
  if (last === null && config.startDate === null) candidates.push(tickAtOrAfter(cron, timezone, now));
  if (!config.catchup) candidates.push(tickAtOrBefore(cron, timezone, now));
  const present = candidates.filter((date): date is Date => date !== null);
  if (present.length === 0) return null;
  const tick = maxDate(present);
  return isAfter(tick, config.endDate) ? null : exact(tick);
}

function nextRun(
  schedule: TCronSchedule | 'once' | null,
  config: TScheduleConfig,
  last: TDataInterval | null,
  now: Date,
): TDagRunInfo | null {
  if (schedule === null) return null;
  if (schedule === 'once') return nextOnceRun(config, last);
  if (config.timetable === 'trigger') return nextTriggerRun(schedule, config, last, now);
  return nextIntervalRun(schedule, config, last, now);
}

/**
 * The next automated run after `lastAutomatedRun` (or the first one), whether or not it is due
 * yet: compare `runAfter` with now. Null when no automated run will ever come.
 */
export function nextDagRunInfo(
  config: TScheduleConfig,
  lastAutomatedRun: TDataInterval | null,
  now: Date,
): TDagRunInfo | null {
  return nextRun(cronOf(config), config, lastAutomatedRun, now);
}

/**
 * Every automated run due by `now` after `lastAutomatedRun`, oldest first, at most `limit`.
 * Equivalent to calling `nextDagRunInfo` with each run in turn (a property test holds it to
 * that), but after the first run every later one simply follows the cron, so one cron-parser
 * iterator walks them instead of re-deriving every bound per run.
 */
export function dueDagRuns(
  config: TScheduleConfig,
  lastAutomatedRun: TDataInterval | null,
  now: Date,
  limit: number,
): TDagRunInfo[] {
  const schedule = cronOf(config);
  const first = nextRun(schedule, config, lastAutomatedRun, now);
  const isDue = (info: TDagRunInfo) => info.runAfter.getTime() <= now.getTime();
  if (first === null || !isDue(first) || limit < 1) return [];
  if (schedule === null || schedule === 'once') return [first];
  const due = [first];
  const following = tickSequence(schedule.cron, schedule.timezone, first.dataInterval.end);
  let previous = first;
  while (due.length < limit) {
    const info = followingRun(config, previous, following);
    if (info === null || !isDue(info)) break;
    due.push(info);
    previous = info;
  }
  return due;
}

function followingRun(
  config: TScheduleConfig,
  previous: TDagRunInfo,
  following: () => Date | null,
): TDagRunInfo | null {
  const tick = following();
  if (tick === null) return null;
  if (config.timetable === 'trigger') return isAfter(tick, config.endDate) ? null : exact(tick);
  const start = previous.dataInterval.end;
  if (isAfter(start, config.endDate)) return null;
  return { logicalDate: start, dataInterval: { start, end: tick }, runAfter: tick };
}

/**
 * The data interval of a manual trigger, inferred from the logical date when one is given (as
 * Airflow's trigger does: a run for a past date processes that date's interval, not today's),
 * otherwise from `runAfter`. Interval timetable: Airflow's `infer_manual_data_interval`, the
 * latest complete interval before that instant. Trigger timetable, `@once` and manual-only DAGs:
 * the instant itself. A cron that has never fired before it also gets the instant, as there is
 * no complete interval to point at.
 */
export function manualRunInfo(config: TScheduleConfig, runAfter: Date, logicalDate?: Date): TDagRunInfo {
  const schedule = cronOf(config);
  const at = logicalDate ?? runAfter;
  return { logicalDate: at, dataInterval: inferManualDataInterval(schedule, config, at), runAfter };
}

function inferManualDataInterval(
  schedule: TCronSchedule | 'once' | null,
  config: TScheduleConfig,
  runAfter: Date,
): TDataInterval {
  const instant = { start: runAfter, end: runAfter };
  if (schedule === null || schedule === 'once' || config.timetable === 'trigger') return instant;
  const end = tickAtOrBefore(schedule.cron, schedule.timezone, runAfter);
  const start = end === null ? null : tickBefore(schedule.cron, schedule.timezone, end);
  return end === null || start === null ? instant : { start, end };
}
