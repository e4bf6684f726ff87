import { describe, expect, it } from 'vitest';
import { scheduleIntervalJson } from './schedule-interval';

describe('scheduleIntervalJson (Airflow 2.10 ScheduleInterval)', () => {
  it.each([
    ['a preset', '@daily', false, { __type: 'CronExpression', value: '@daily' }],
    ['a cron', '0 2 * * *', false, { __type: 'CronExpression', value: '0 2 * * *' }],
    ['@once, which Airflow also sends as a CronExpression', '@once', false, { __type: 'CronExpression', value: '@once' }],
    ['a DAG scheduled on datasets', null, true, { __type: 'CronExpression', value: 'Dataset' }],
    ['manual only', null, false, null],
  ])('%s', (_name, schedule, datasetTriggered, expected) => {
    expect(scheduleIntervalJson(schedule, datasetTriggered)).toEqual(expected);
  });
});
