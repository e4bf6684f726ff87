import { DomainError } from '../errors';
import { err, ok, type Result } from '../result';
import { resolveSchedule } from './cron-presets';
import { tickAfter, ticksBetween } from './cron-ticks';
import { validateSchedule, type TDataInterval, type TScheduleConfig } from './schedule';

/**
 * Which runs a backfill over [fromDate, toDate] creates, re-runs or leaves alone.
 *
 * Decisions where Airflow leaves room:
 * - The range is on logical dates, inclusive at both ends, and it is all that bounds the plan
 *   besides end_date: start_date and catchup are ignored, because backfilling history from before
 *   a DAG's start_date is a common reason to backfill. end_date is honoured, as the scheduler
 *   never creates a run whose logical date is after it.
 * - `@once` DAGs cannot be backfilled (their one run is re-run by clearing it or triggering
 *   manually), and neither can manual-only DAGs.
 * - A plan is capped at `maxRuns` (default 10,000) so a minutely cron over years is refused with
 *   a message rather than building millions of rows.
 */

export type TReprocessBehavior = 'none' | 'failed' | 'completed';
export type TExistingRunState = 'queued' | 'running' | 'success' | 'failed';
export type TBackfillAction = 'create' | 'reprocess' | 'skip';

export type TBackfillRequest = {
  config: TScheduleConfig;
  fromDate: Date;
  toDate: Date;
  reprocessBehavior: TReprocessBehavior;
  runBackwards: boolean;
  existingRuns: { logicalDate: Date; state: TExistingRunState }[];
  maxRuns?: number;
};

export type TBackfillPlanItem = {
  logicalDate: Date;
  dataInterval: TDataInterval;
  action: TBackfillAction;
  reason: string;
};

export const DEFAULT_MAX_BACKFILL_RUNS = 10_000;

/** Queued and running runs win over finished ones if several share a logical date. */
const STATE_PRIORITY: Record<TExistingRunState, number> = { running: 3, queued: 2, failed: 1, success: 0 };

function decide(
  existing: TExistingRunState | undefined,
  behavior: TReprocessBehavior,
): { action: TBackfillAction; reason: string } {
  if (existing === undefined) return { action: 'create', reason: 'no run for this date yet' };
  if (existing === 'queued' || existing === 'running') {
    return { action: 'skip', reason: `a run for this date is ${existing}` };
  }
  if (behavior === 'none') {
    return { action: 'skip', reason: `a run for this date already exists (${existing}) and reprocessing is off` };
  }
  if (existing === 'success' && behavior === 'failed') {
    return { action: 'skip', reason: 'the run for this date succeeded; only failed runs are reprocessed' };
  }
  return { action: 'reprocess', reason: `re-running the ${existing === 'success' ? 'successful' : 'failed'} run` };
}

function backfillCron(config: TScheduleConfig): Result<string, DomainError> {
  const problem = validateSchedule(config.schedule, config.timezone);
  if (problem !== null) return err(new DomainError('invalid_schedule', problem));
  const resolved = resolveSchedule(config.schedule);
  if (resolved.kind === 'cron') return ok(resolved.cron);
  if (resolved.kind === 'once') {
    const message = "backfill needs a recurring schedule: an '@once' DAG runs a single time";
    return err(new DomainError('invalid_schedule', message));
  }
  const message = 'backfill needs a schedule: this DAG only runs when triggered manually';
  return err(new DomainError('invalid_schedule', message));
}

function latestStates(existingRuns: TBackfillRequest['existingRuns']): Map<number, TExistingRunState> {
  const states = new Map<number, TExistingRunState>();
  for (const run of existingRuns) {
    const key = run.logicalDate.getTime();
    const current = states.get(key);
    if (current === undefined || STATE_PRIORITY[run.state] > STATE_PRIORITY[current]) states.set(key, run.state);
  }
  return states;
}

function dataIntervalFor(config: TScheduleConfig, cron: string, logicalDate: Date): TDataInterval | null {
  if (config.timetable === 'trigger') return { start: logicalDate, end: logicalDate };
  const end = tickAfter(cron, config.timezone, logicalDate);
  return end === null ? null : { start: logicalDate, end };
}

export function planBackfill(request: TBackfillRequest): Result<TBackfillPlanItem[], DomainError> {
  const { config, fromDate, toDate } = request;
  if (fromDate.getTime() > toDate.getTime()) {
    const range = `from ${fromDate.toISOString()} is after to ${toDate.toISOString()}`;
    return err(new DomainError('invalid_interval', `Backfill range is reversed: ${range}`));
  }
  const resolved = backfillCron(config);
  if (!resolved.ok) return resolved;
  const cron = resolved.value;
  const maxRuns = request.maxRuns ?? DEFAULT_MAX_BACKFILL_RUNS;
  const last = config.endDate !== null && config.endDate.getTime() < toDate.getTime() ? config.endDate : toDate;
  // One extra tick tells "exactly maxRuns" apart from "more than maxRuns".
  const ticks = ticksBetween(cron, config.timezone, fromDate, last, maxRuns + 1);
  if (ticks.length > maxRuns) {
    const message = `Backfill would cover more than ${maxRuns} runs: narrow the date range`;
    return err(new DomainError('invalid_interval', message));
  }
  const states = latestStates(request.existingRuns);
  const plan: TBackfillPlanItem[] = [];
  for (const logicalDate of ticks) {
    const dataInterval = dataIntervalFor(config, cron, logicalDate);
    if (dataInterval === null) continue;
    plan.push({ logicalDate, dataInterval, ...decide(states.get(logicalDate.getTime()), request.reprocessBehavior) });
  }
  return ok(request.runBackwards ? plan.reverse() : plan);
}
