import type { TDag } from '../dag/parse-dag-spec';
import type { TScheduleConfig } from './schedule';

/** The part of a DAG's spec its timetable reads (schedule, timezone, dates, catchup). */
export function scheduleConfigOf(spec: TDag): TScheduleConfig {
  return {
    schedule: spec.schedule,
    timezone: spec.timezone,
    timetable: spec.timetable,
    startDate: spec.start_date,
    endDate: spec.end_date,
    catchup: spec.catchup,
  };
}
