/**
 * Airflow 2's ScheduleInterval model (stable REST API, v1.yaml): a CronExpression, a TimeDelta or
 * null. Airflow sends every string schedule as a CronExpression, presets and `@once` included,
 * and a dataset-triggered DAG as the CronExpression "Dataset" (its timetable's summary); null
 * only when there is no schedule. Tributary's schedules are never timedeltas, so TimeDelta is
 * not produced here.
 */
export type TScheduleInterval = { __type: 'CronExpression'; value: string } | null;

export function scheduleIntervalJson(schedule: string | null, datasetTriggered: boolean): TScheduleInterval {
  if (datasetTriggered) return { __type: 'CronExpression', value: 'Dataset' };
  if (schedule === null || schedule.trim() === '') return null;
  return { __type: 'CronExpression', value: schedule };
}
