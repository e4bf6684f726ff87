import { describe, expect, it } from 'vitest';
import { parseDagSpec, type TDag } from '../dag/parse-dag-spec';
import { sampleTemplateContext } from './sample-template-context';

function dagOf(header: string): TDag {
  const parsed = parseDagSpec(`dag_id: sample\n${header}\nparams: { region: eu }\ntasks:\n  - task_id: t\n    type: empty\n`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

describe('sampleTemplateContext', () => {
  it.each([
    ['a daily DAG', 'schedule: "@daily"\nstart_date: 2020-01-01', { ds: '2024-01-01', prev_ds: '2023-12-31', next_ds: '2024-01-02', data_interval_start: '2024-01-01T00:00:00+00:00', data_interval_end: '2024-01-02T00:00:00+00:00' }],
    ['a monthly DAG', 'schedule: "@monthly"\nstart_date: 2020-01-01', { ds: '2024-01-01', next_ds: '2024-02-01', data_interval_end: '2024-02-01T00:00:00+00:00' }],
    ['a manual-only DAG', 'schedule: null', { ds: '2024-01-01', prev_ds: '2023-12-31', next_ds: '2024-01-02', data_interval_start: '2024-01-01T00:00:00+00:00' }],
    ['a DAG in another time zone', 'schedule: null\ntimezone: America/New_York', { ds: '2023-12-31', ts: '2023-12-31T19:00:00-05:00' }],
  ])('is the run of the fixed sample date for %s', (_name, header, values) => {
    const dag = dagOf(header);
    expect(sampleTemplateContext(dag, dag.tasks[0]!)).toMatchObject({ ...values, params: { region: 'eu' }, dag: { dag_id: 'sample' }, task: { task_id: 't' } });
  });

  it('has the variables and connections given, and no upstream outputs', () => {
    const dag = dagOf('schedule: null');
    const connection = { conn_type: 'postgres', host: 'db', port: 5432, login: null, schema: 'analytics', extra: null };
    const context = sampleTemplateContext(dag, dag.tasks[0]!, { variables: { schema: 'mart' }, connections: { warehouse: connection } });
    expect(context.var.schema).toBe('mart');
    expect(context.conn.warehouse?.schema).toBe('analytics');
    expect(context.ti.xcom).toEqual({});
  });
});
