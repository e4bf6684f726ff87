// Local command helper: pure schedule math from server/domain, for `tasks test`.
import type { TDag } from '../../server/domain/dag/parse-dag-spec';
import type { TDagRunInfo, TDataInterval, TScheduleConfig } from '../../server/domain/schedule/schedule';
import { manualRunInfo, nextDagRunInfo } from '../../server/domain/schedule/timetable';

export type TLocalRun = TDagRunInfo & { prevDataInterval: TDataInterval | null; nextDataInterval: TDataInterval | null };

function scheduleConfig(dag: TDag): TScheduleConfig {
  return { schedule: dag.schedule, timezone: dag.timezone, timetable: dag.timetable, startDate: dag.start_date, endDate: dag.end_date, catchup: dag.catchup };
}

/**
 * The run `tasks test` pretends to be in. For a scheduled DAG, the interval whose logical date
 * is `logicalDate` (the scheduler's run for that date): the timetable's first run when the DAG
 * starts exactly then. For a date that is not a schedule tick, and for manual-only DAGs, a
 * manual run's interval, as Airflow's `tasks test` builds it. The DAG's start_date and end_date
 * do not limit a test: any date may be tried.
 */
export function localRunInfo(dag: TDag, logicalDate: Date): TLocalRun {
  const config = scheduleConfig(dag);
  const fromDate = { ...config, startDate: logicalDate, endDate: null, catchup: true };
  const scheduled = nextDagRunInfo(fromDate, null, logicalDate);
  const info = scheduled !== null && scheduled.logicalDate.getTime() === logicalDate.getTime() ? scheduled : manualRunInfo(config, logicalDate, logicalDate);
  const next = nextDagRunInfo({ ...config, catchup: true, endDate: null }, info.dataInterval, info.dataInterval.end);
  return { ...info, prevDataInterval: previousInterval(config, info.dataInterval), nextDataInterval: next?.dataInterval ?? null };
}

/** The interval just before `interval` on the schedule: the one whose next run is `interval`. */
function previousInterval(config: TScheduleConfig, interval: TDataInterval): TDataInterval | null {
  if (interval.start.getTime() === interval.end.getTime()) return null;
  const length = interval.end.getTime() - interval.start.getTime();
  // Cron intervals vary in length (months, DST, weekdays-only crons): start the search three
  // lengths back and walk forward to the run that ends where this one starts.
  const probe = new Date(interval.start.getTime() - 3 * length);
  const fromProbe = { ...config, startDate: probe, endDate: null, catchup: true };
  let candidate = nextDagRunInfo(fromProbe, null, probe);
  for (let step = 0; candidate !== null && step < 10; step++) {
    if (candidate.dataInterval.end.getTime() === interval.start.getTime()) return candidate.dataInterval;
    if (candidate.dataInterval.end.getTime() > interval.start.getTime()) return null;
    candidate = nextDagRunInfo(fromProbe, candidate.dataInterval, candidate.dataInterval.end);
  }
  return null;
}
