import { describe, expect, it } from 'vitest';
import { parseDagSpec } from '../../server/domain/dag/parse-dag-spec';
import { formatProblem } from '../cli-error';
import { parseConnectionValue } from './local-connections';
import { localRunInfo } from './local-run-interval';

function dag(schedule: string, extra = '') {
  const parsed = parseDagSpec(`dag_id: d\nschedule: "${schedule}"\nstart_date: 2024-01-01\n${extra}tasks:\n  - { task_id: t, type: empty }\n`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}
const iso = (date: Date | undefined) => date?.toISOString();

describe('localRunInfo: the run `tasks test` pretends to be in', () => {
  it.each([
    // [schedule, logical date, interval start, interval end, prev start, next start]
    ['@daily', '2024-03-05T00:00:00Z', '2024-03-05T00:00:00.000Z', '2024-03-06T00:00:00.000Z', '2024-03-04T00:00:00.000Z', '2024-03-06T00:00:00.000Z'],
    ['@hourly', '2024-03-05T10:00:00Z', '2024-03-05T10:00:00.000Z', '2024-03-05T11:00:00.000Z', '2024-03-05T09:00:00.000Z', '2024-03-05T11:00:00.000Z'],
    ['@monthly', '2024-03-01T00:00:00Z', '2024-03-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z'],
    // Weekdays only: Monday's previous interval started on Friday.
    ['0 9 * * 1-5', '2024-03-04T09:00:00Z', '2024-03-04T09:00:00.000Z', '2024-03-05T09:00:00.000Z', '2024-03-01T09:00:00.000Z', '2024-03-05T09:00:00.000Z'],
  ])('%s at %s: the scheduled interval starting there', (schedule, at, start, end, prev, next) => {
    const run = localRunInfo(dag(schedule), new Date(at));
    expect([iso(run.logicalDate), iso(run.dataInterval.start), iso(run.dataInterval.end)]).toEqual([new Date(at).toISOString(), start, end]);
    expect([iso(run.prevDataInterval?.start), iso(run.nextDataInterval?.start)]).toEqual([prev, next]);
  });

  it('gives a date off the schedule the manual interval, with the logical date as given', () => {
    const run = localRunInfo(dag('@daily'), new Date('2024-03-05T06:30:00Z'));
    expect(iso(run.logicalDate)).toBe('2024-03-05T06:30:00.000Z');
    expect([iso(run.dataInterval.start), iso(run.dataInterval.end)]).toEqual(['2024-03-04T00:00:00.000Z', '2024-03-05T00:00:00.000Z']);
  });
});

describe('parseConnectionValue: TRIBUTARY_CONN_* like AIRFLOW_CONN_*', () => {
  it.each([
    ['postgresql://ann:p%40ss@db.local:5433/warehouse?sslmode=require', { connType: 'postgres', host: 'db.local', port: 5433, login: 'ann', password: 'p@ss', schema: 'warehouse', extra: { sslmode: 'require' } }],
    ['https://api.example.com/v1', { connType: 'http', host: 'https://api.example.com/v1', port: null, login: null, schema: 'https' }],
    ['{"conn_type": "slack_webhook", "password": "https://hooks.slack.com/x"}', { connType: 'slack_webhook', host: null, password: 'https://hooks.slack.com/x' }],
  ])('%s', (value, expected) => {
    expect(parseConnectionValue('c', value)).toMatchObject(expected);
  });

  it('names the variable of a value that is not a URI', () => {
    expect(() => parseConnectionValue('warehouse', 'not a uri')).toThrow(/TRIBUTARY_CONN_WAREHOUSE/);
  });
});

describe('formatProblem', () => {
  it.each([
    [{ path: 'schedule', line: 2, column: 11, message: 'bad cron' }, 'a.yaml:2:11: schedule: bad cron'],
    [{ path: '', line: 3, column: 1, message: 'syntax' }, 'a.yaml:3:1: syntax'],
    [{ path: 'tasks', line: null, column: null, message: 'x' }, 'a.yaml: tasks: x'],
  ])('%j', (problem, expected) => {
    expect(formatProblem('a.yaml', problem)).toBe(expected);
  });
});
