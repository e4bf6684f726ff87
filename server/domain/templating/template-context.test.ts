import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { buildTemplateContext, TEMPLATE_VARIABLES, type TTemplateContextInput } from './template-context';

const base = (overrides: Partial<TTemplateContextInput> = {}): TTemplateContextInput => ({
  dagId: 'etl',
  taskId: 'load',
  runId: 'scheduled__2024-01-01T00:00:00+00:00',
  logicalDate: new Date('2024-01-01T00:00:00Z'),
  dataInterval: { start: new Date('2024-01-01T00:00:00Z'), end: new Date('2024-01-02T00:00:00Z') },
  prevDataInterval: { start: new Date('2023-12-31T00:00:00Z'), end: new Date('2024-01-01T00:00:00Z') },
  nextDataInterval: { start: new Date('2024-01-02T00:00:00Z'), end: new Date('2024-01-03T00:00:00Z') },
  timezone: 'UTC',
  params: { limit: 10 },
  variables: { bucket: 's3://data', value: 'literally value', config: '{"retries": 3}' },
  connections: {
    warehouse: { conn_type: 'postgres', host: 'db.internal', port: 5432, login: 'etl', schema: 'analytics', extra: '{"sslmode": "require"}' },
  },
  xcom: { extract: { rows: 42 } },
  ...overrides,
});

// Midnight in Tokyo (UTC+9) on 2 January is 15:00 UTC on 1 January.
const tokyo = base({
  timezone: 'Asia/Tokyo',
  logicalDate: new Date('2024-01-01T15:00:00Z'),
  dataInterval: { start: new Date('2024-01-01T15:00:00Z'), end: new Date('2024-01-02T15:00:00Z') },
  prevDataInterval: { start: new Date('2023-12-31T15:00:00Z'), end: new Date('2024-01-01T15:00:00Z') },
  nextDataInterval: { start: new Date('2024-01-02T15:00:00Z'), end: new Date('2024-01-03T15:00:00Z') },
});

describe('buildTemplateContext', () => {
  it.each([
    ['ds', '2024-01-01', '2024-01-02'],
    ['ds_nodash', '20240101', '20240102'],
    ['ts', '2024-01-01T00:00:00+00:00', '2024-01-02T00:00:00+09:00'],
    ['ts_nodash', '20240101T000000', '20240102T000000'],
    ['ts_nodash_with_tz', '20240101T000000+0000', '20240102T000000+0900'],
    ['logical_date', '2024-01-01T00:00:00+00:00', '2024-01-02T00:00:00+09:00'],
    ['data_interval_start', '2024-01-01T00:00:00+00:00', '2024-01-02T00:00:00+09:00'],
    ['data_interval_end', '2024-01-02T00:00:00+00:00', '2024-01-03T00:00:00+09:00'],
    ['prev_ds', '2023-12-31', '2024-01-01'],
    ['prev_ds_nodash', '20231231', '20240101'],
    ['next_ds', '2024-01-02', '2024-01-03'],
    ['next_ds_nodash', '20240102', '20240103'],
    ['run_id', 'scheduled__2024-01-01T00:00:00+00:00', 'scheduled__2024-01-01T00:00:00+00:00'],
  ] as const)('%s is %j in UTC and %j in Asia/Tokyo', (name, utc, inTokyo) => {
    expect(buildTemplateContext(base())[name]).toBe(utc);
    expect(buildTemplateContext(tokyo)[name]).toBe(inTokyo);
  });

  it('follows daylight saving time for the offset', () => {
    const summer = buildTemplateContext(base({ timezone: 'Europe/Paris', logicalDate: new Date('2024-07-01T22:00:00Z') }));
    expect(summer.ts).toBe('2024-07-02T00:00:00+02:00');
    expect(summer.ds).toBe('2024-07-02');
  });

  it('shows a fraction of a second like Python isoformat', () => {
    expect(buildTemplateContext(base({ logicalDate: new Date('2024-01-01T00:00:00.250Z') })).ts).toBe('2024-01-01T00:00:00.250000+00:00');
  });

  it('has null prev_ds and next_ds when the neighbouring intervals are unknown', () => {
    const context = buildTemplateContext(base({ prevDataInterval: null, nextDataInterval: undefined }));
    expect([context.prev_ds, context.prev_ds_nodash, context.next_ds, context.next_ds_nodash]).toEqual([null, null, null, null]);
  });

  it('describes the DAG, task, instance and params', () => {
    const context = buildTemplateContext(base());
    expect(context.dag).toEqual({ dag_id: 'etl' });
    expect(context.task).toEqual({ task_id: 'load' });
    expect(context.ti).toEqual({ dag_id: 'etl', task_id: 'load', run_id: 'scheduled__2024-01-01T00:00:00+00:00', xcom: { extract: { rows: 42 } }, xcom_keys: {} });
    expect(context.params).toEqual({ limit: 10 });
  });

  it('offers variables as var.NAME, var.value.NAME and var.json.NAME', () => {
    const context = buildTemplateContext(base());
    expect(context.var['bucket']).toBe('s3://data');
    expect(context.var.value['bucket']).toBe('s3://data');
    expect(context.var.value['value']).toBe('literally value');
    expect(context.var.json).toEqual({ config: { retries: 3 } });
  });

  it('offers connections without any password', () => {
    const withPassword = { conn_type: 'http', host: 'h', port: null, login: 'u', schema: null, extra: null, password: 'secret' };
    const context = buildTemplateContext(base({ connections: { api: withPassword } }));
    expect(context.conn['api']).toEqual({ conn_type: 'http', host: 'h', port: null, login: 'u', schema: null, extra: null, extra_dejson: {} });
    expect(JSON.stringify(context)).not.toContain('secret');
    expect(buildTemplateContext(base()).conn['warehouse']?.extra_dejson).toEqual({ sslmode: 'require' });
  });

  it('has exactly the advertised top-level names', () => {
    expect(Object.keys(buildTemplateContext(base())).sort()).toEqual([...TEMPLATE_VARIABLES].sort());
  });

  it('throws a DomainError for an unknown time zone', () => {
    expect(() => buildTemplateContext(base({ timezone: 'Mars/Olympus' }))).toThrow(DomainError);
  });
});
