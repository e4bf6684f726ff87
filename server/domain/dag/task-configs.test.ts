import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TASK_CONFIG_SCHEMAS, TASK_TYPES, type TTaskType, unknownTaskTypeMessage } from './task-configs';

function issuesOf(type: TTaskType, config: unknown): Array<[string, string]> {
  const result = TASK_CONFIG_SCHEMAS[type].safeParse(config);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

describe('task config schemas', () => {
  it('has one schema per task type', () => {
    expect(Object.keys(TASK_CONFIG_SCHEMAS)).toEqual([...TASK_TYPES]);
  });

  it.each<{ type: TTaskType; config: unknown; output: unknown }>([
    { type: 'empty', config: {}, output: {} },
    { type: 'bash', config: { bash_command: 'date', env: { N: 1, ON: true } }, output: { bash_command: 'date', env: { N: '1', ON: 'true' } } },
    { type: 'http', config: { url: 'https://api.test/x' }, output: { url: 'https://api.test/x', method: 'GET', headers: {} } },
    {
      type: 'http',
      config: { conn_id: 'api', endpoint: '/v1/items', method: 'post', data: { a: 1 }, response_check: 'response.status === 200' },
      output: { conn_id: 'api', endpoint: '/v1/items', method: 'POST', headers: {}, data: { a: 1 }, response_check: 'response.status === 200' },
    },
    { type: 'sql', config: { conn_id: 'w', sql: 'select 1', parameters: [1] }, output: { conn_id: 'w', sql: 'select 1', parameters: [1], expect_rows: false } },
    {
      type: 'load',
      config: { source: { conn_id: 'src', sql: 'select *' }, target: { conn_id: 'w', table: 't' }, mode: 'incremental', partition_column: 'ds' },
      output: { source: { conn_id: 'src', sql: 'select *' }, target: { conn_id: 'w', table: 't' }, mode: 'incremental', partition_column: 'ds' },
    },
    {
      type: 'load',
      config: { source: { url: 'https://x.test/a.json', format: 'json', header: false }, target: { conn_id: 'w', table: 't' }, key: ['a', 'b'] },
      output: { source: { url: 'https://x.test/a.json', format: 'json', header: false }, target: { conn_id: 'w', table: 't' }, mode: 'full_refresh', key: ['a', 'b'] },
    },
    {
      type: 'check',
      config: { conn_id: 'w', table: 't', checks: { row_count_min: 1, row_count_max: 10, sql_true: 'x > 0' } },
      output: { conn_id: 'w', table: 't', checks: { row_count_min: 1, row_count_max: 10, sql_true: 'x > 0' } },
    },
    { type: 'notify', config: { channel: 'slack:#data', message: 'done' }, output: { channel: 'slack:#data', message: 'done' } },
    { type: 'sensor', config: { conn_id: 'w', sql: 'select 1', poke_interval: '5m' }, output: { conn_id: 'w', sql: 'select 1', poke_interval: 300, timeout: 604_800, mode: 'poke', soft_fail: false } },
    { type: 'sensor', config: { external_dag_id: 'other', timeout: 'PT1H', mode: 'reschedule' }, output: { external_dag_id: 'other', poke_interval: 60, timeout: 3600, mode: 'reschedule', soft_fail: false } },
    { type: 'script', config: { code: 'return 1;' }, output: { code: 'return 1;' } },
  ])('$type accepts $config with defaults, and its output parses to itself', ({ type, config, output }) => {
    const schema: z.ZodType = TASK_CONFIG_SCHEMAS[type];
    const parsed = schema.parse(config);
    expect(parsed).toEqual(output);
    expect(schema.parse(parsed)).toEqual(output);
  });

  it.each<{ type: TTaskType; config: unknown; issues: Array<[string, string]> }>([
    { type: 'bash', config: { bash_command: '' }, issues: [['bash_command', 'must not be empty']] },
    { type: 'http', config: {}, issues: [['', 'an http task needs url, or conn_id with endpoint']] },
    { type: 'http', config: { conn_id: 'api' }, issues: [['endpoint', 'conn_id needs an endpoint (the path to call)']] },
    { type: 'http', config: { conn_id: 'api', endpoint: '/', url: 'https://x.test' }, issues: [['url', 'give either url, or conn_id with endpoint, not both']] },
    { type: 'http', config: { url: 'ftp://x.test' }, issues: [['url', 'url must start with http:// or https://']] },
    {
      type: 'http',
      config: { url: 'https://x.test', method: 'FETCH' },
      issues: [['method', 'unknown method \'FETCH\' (expected one of: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)']],
    },
    { type: 'sql', config: { conn_id: 'w', sql: [] }, issues: [['sql', 'list at least one statement']] },
    {
      type: 'load',
      config: { source: { conn_id: 'w', sql: 'x' }, target: { conn_id: 'w', table: 't' }, mode: 'incremental' },
      issues: [['mode', 'incremental loads need partition_column (replace that partition) or key (upsert on it)']],
    },
    {
      type: 'check',
      config: { conn_id: 'w', table: 't', checks: { row_count_min: 5, row_count_max: 1 } },
      issues: [['checks.row_count_max', 'row_count_max 1 is below row_count_min 5']],
    },
    { type: 'sensor', config: {}, issues: [['', 'a sensor needs conn_id with sql, conn_id with bucket_key (s3), or external_dag_id']] },
    { type: 'sensor', config: { bucket_key: 'a/*.csv' }, issues: [['conn_id', 'an s3 sensor needs conn_id (an s3 connection) with bucket_key']] },
    { type: 'sensor', config: { conn_id: 'w', sql: 'x', bucket_key: 'k' }, issues: [['bucket_key', 'give one of conn_id with sql, conn_id with bucket_key, or external_dag_id']] },
    { type: 'sensor', config: { conn_id: 'w', sql: 'x', wildcard_match: true }, issues: [['wildcard_match', 'wildcard_match needs bucket_key']] },
    { type: 'sensor', config: { sql: 'select 1' }, issues: [['conn_id', 'a sql sensor needs both conn_id and sql']] },
    {
      type: 'sensor',
      config: { conn_id: 'w', sql: 'x', external_dag_id: 'd' },
      issues: [['external_dag_id', 'give either conn_id with sql, or external_dag_id, not both']],
    },
    {
      type: 'sensor',
      config: { conn_id: 'w', sql: 'x', external_task_id: 't' },
      issues: [['external_task_id', 'external_task_id needs external_dag_id']],
    },
    {
      type: 'sensor',
      config: { external_dag_id: 'd', poke_interval: 'often' },
      issues: [['poke_interval', "'often' is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M"]],
    },
  ])('$type refuses $config', ({ type, config, issues }) => {
    expect(issuesOf(type, config)).toEqual(issues);
  });

  it.each([
    [undefined, 'missing field \'type\' (expected one of: empty, bash, http, sql, load, check, notify, sensor, script, python, trigger_dag)'],
    ['bahs', "unknown task type 'bahs' (did you mean 'bash'?; expected one of: empty, bash, http, sql, load, check, notify, sensor, script, python, trigger_dag)"],
    ['perl', "unknown task type 'perl' (expected one of: empty, bash, http, sql, load, check, notify, sensor, script, python, trigger_dag)"],
    [3, 'task type must be one of: empty, bash, http, sql, load, check, notify, sensor, script, python, trigger_dag'],
  ])('names an unknown type %j', (type, message) => {
    expect(unknownTaskTypeMessage(type)).toBe(message);
  });
});
