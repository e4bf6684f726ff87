import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { FULL_SPEC_YAML } from './parse-dag-spec.fixture';
import { parseDagSpec, type TDag } from './parse-dag-spec';
import { TASK_CONFIG_SCHEMAS } from './task-configs';

function parsed(source: string, options = {}): TDag {
  const result = parseDagSpec(source, options);
  if (!result.ok) throw new Error(`expected a valid spec, got ${JSON.stringify(result.error, null, 2)}`);
  return result.value;
}

describe('parseDagSpec on a full spec', () => {
  const dag = parsed(FULL_SPEC_YAML, { knownConnections: ['api', 'warehouse'] });
  const task = (id: string) => dag.tasks.find((t) => t.task_id === id);

  it('keeps the DAG fields, with durations in seconds and dates as instants', () => {
    expect({ ...dag, tasks: undefined }).toEqual({
      dag_id: 'warehouse_daily',
      description: 'Loads and checks the warehouse every day.',
      schedule: '0 6 * * *',
      dataset_schedule: null,
      timetable: 'interval',
      timezone: 'Europe/Amsterdam',
      // Midnight in Amsterdam (UTC+1 in winter), not midnight UTC.
      start_date: new Date('2023-12-31T23:00:00Z'),
      end_date: new Date('2024-12-31T23:00:00Z'),
      catchup: true,
      max_active_runs: 2,
      max_active_tasks: 8,
      dagrun_timeout: 7200,
      sla: 10_800,
      is_paused_upon_creation: false,
      params: { region: 'eu' },
      tags: ['warehouse', 'daily'],
      owner: 'data-team',
      doc_md: '# Warehouse',
      default_args: {
        owner: 'analytics',
        retries: 2,
        retry_delay: 300,
        retry_exponential_backoff: true,
        max_retry_delay: 3600,
        execution_timeout: 1800,
        email: ['data@example.com'],
        on_failure: ['data-oncall', 'default'],
        on_retry: ['data-oncall'],
        depends_on_past: false,
        pool: 'warehouse_pool',
      },
      tasks: undefined,
      root_task_ids: ['start'],
      leaf_task_ids: ['cleanup'],
    });
  });

  it('orders tasks topologically, ties in spec order', () => {
    expect(dag.tasks.map((t) => t.task_id)).toEqual([
      'start', 'wait_for_upstream', 'extract', 'load', 'transform', 'check', 'report', 'announce', 'cleanup',
    ]);
  });

  it('joins depends_on and flow into upstream and downstream lists', () => {
    expect(dag.tasks.map((t) => [t.task_id, t.upstream, t.downstream])).toEqual([
      ['start', [], ['wait_for_upstream', 'extract']],
      ['wait_for_upstream', ['start'], ['load']],
      ['extract', ['start'], ['load']],
      ['load', ['wait_for_upstream', 'extract'], ['transform']],
      ['transform', ['load'], ['check']],
      ['check', ['transform'], ['report', 'announce']],
      ['report', ['check'], ['cleanup']],
      ['announce', ['check'], ['cleanup']],
      ['cleanup', ['report', 'announce'], []],
    ]);
  });

  it('applies default_args under each task’s own settings', () => {
    expect(task('extract')).toEqual({
      task_id: 'extract',
      type: 'http',
      trigger_rule: 'all_success',
      retries: 5,
      retry_delay: 300,
      retry_exponential_backoff: true,
      max_retry_delay: 3600,
      execution_timeout: 1800,
      depends_on_past: false,
      pool: 'warehouse_pool',
      pool_slots: 1,
      owner: 'analytics',
      email: ['data@example.com'],
      // The task's own on_failure replaces default_args' (as Airflow's default_args do); on_retry inherits.
      alerts: { on_failure: ['api-team'], on_retry: ['data-oncall'], on_recovery: null, on_success: ['api-team'] },
      inputs: [],
      outputs: [{ conn_id: 'warehouse', table: 'raw.orders' }],
      doc_md: null,
      group: null,
      operator: null,
      upstream: ['start'],
      downstream: ['load'],
      config: {
        conn_id: 'api',
        endpoint: '/orders?date={{ ds }}&region={{ params.region }}',
        method: 'GET',
        headers: { Accept: 'application/json' },
      },
    });
    expect(task('transform')).toMatchObject({ retries: 2, execution_timeout: 600, alerts: { on_failure: ['data-oncall', 'default'], on_success: [] } });
    expect(task('cleanup')).toMatchObject({ owner: 'ops', pool: 'default_pool', config: { env: { KEEP: '1' } } });
    expect(task('announce')).toMatchObject({ trigger_rule: 'all_done' });
  });

  it.each([
    ['start', {}],
    ['wait_for_upstream', { external_dag_id: 'upstream_dag', external_task_id: 'done', poke_interval: 60, timeout: 604_800, mode: 'reschedule', soft_fail: false }],
    ['load', {
      source: { url: 'https://example.com/orders.csv', format: 'csv', header: true },
      target: { conn_id: 'warehouse', table: 'public.orders' },
      mode: 'incremental',
      key: ['order_id'],
    }],
    ['transform', { conn_id: 'warehouse', sql: ["delete from daily where ds = '{{ ds }}'", "insert into daily select * from orders where ds = '{{ ds }}'"], expect_rows: false }],
    ['check', { conn_id: 'warehouse', table: 'daily', checks: { row_count_min: 1, unique: ['id'], not_null: ['id'] } }],
    ['report', { code: 'return { ok: true };' }],
    ['announce', { channel: 'slack:#data', message: 'Loaded {{ ds }}' }],
    ['cleanup', { bash_command: 'rm -rf /tmp/{{ run_id }}', env: { KEEP: '1' } }],
  ])('gives %s its type config, which the worker can parse again unchanged', (id, config) => {
    const found = task(id);
    expect(found?.config).toEqual(config);
    if (found) expect(TASK_CONFIG_SCHEMAS[found.type].parse(found.config)).toEqual(found.config);
  });

  it('reads the same spec written as JSON to the same DAG', () => {
    const json = JSON.stringify(parseYaml(FULL_SPEC_YAML), null, 2);
    expect(parsed(json, { knownConnections: ['api', 'warehouse'] })).toEqual(dag);
  });
});

describe('parseDagSpec defaults', () => {
  const dag = parsed('dag_id: minimal\ntasks:\n  - task_id: only\n    type: empty\n');

  it('fills every optional DAG field as Airflow 3 would', () => {
    expect({ ...dag, tasks: undefined }).toEqual({
      dag_id: 'minimal',
      description: null,
      schedule: null,
      dataset_schedule: null,
      timetable: 'interval',
      timezone: 'UTC',
      start_date: null,
      end_date: null,
      catchup: false,
      max_active_runs: 16,
      max_active_tasks: 16,
      dagrun_timeout: null,
      sla: null,
      is_paused_upon_creation: true,
      params: {},
      tags: [],
      owner: null,
      doc_md: null,
      default_args: {
        retries: 0,
        retry_delay: 300,
        retry_exponential_backoff: false,
        email: [],
        depends_on_past: false,
        pool: 'default_pool',
      },
      tasks: undefined,
      root_task_ids: ['only'],
      leaf_task_ids: ['only'],
    });
  });

  it('fills every optional task field', () => {
    expect(dag.tasks).toEqual([
      {
        task_id: 'only',
        type: 'empty',
        trigger_rule: 'all_success',
        retries: 0,
        retry_delay: 300,
        retry_exponential_backoff: false,
        max_retry_delay: null,
        execution_timeout: null,
        depends_on_past: false,
        pool: 'default_pool',
        pool_slots: 1,
        owner: null,
        email: [],
        // Failures reach the workspace's default channels; nothing else is sent unless asked.
        alerts: { on_failure: ['default'], on_retry: [], on_recovery: null, on_success: [] },
        inputs: [],
        outputs: [],
        doc_md: null,
        group: null,
        operator: null,
        upstream: [],
        downstream: [],
        config: {},
      },
    ]);
  });

  it.each([
    ['2024-03-10', 'America/New_York', '2024-03-10T05:00:00.000Z'],
    ['2024-07-01', 'America/New_York', '2024-07-01T04:00:00.000Z'],
    ['2024-01-01T06:00:00+02:00', 'Asia/Tokyo', '2024-01-01T04:00:00.000Z'],
    ['2024-01-01T06:00', 'Asia/Tokyo', '2023-12-31T21:00:00.000Z'],
  ])('reads start_date %s in %s as %s', (start, timezone, instant) => {
    const source = `dag_id: d\nschedule: "@daily"\ntimezone: ${timezone}\nstart_date: ${start}\ntasks: [{task_id: a, type: empty}]\n`;
    expect(parsed(source).start_date?.toISOString()).toBe(instant);
  });

  it('accepts flow as a single line and depends_on as a string', () => {
    const source = 'dag_id: d\nflow: a >> b\ntasks:\n  - {task_id: a, type: empty}\n  - {task_id: b, type: empty}\n  - {task_id: c, type: empty, depends_on: b}\n';
    expect(parsed(source).tasks.map((t) => [t.task_id, t.upstream])).toEqual([['a', []], ['b', ['a']], ['c', ['b']]]);
  });

  it('shares settings through YAML anchors and merge keys', () => {
    const source = 'dag_id: d\ntasks:\n  - &base {task_id: a, type: bash, bash_command: date, retries: 4}\n  - <<: *base\n    task_id: b\n';
    expect(parsed(source).tasks.map((t) => [t.task_id, t.retries])).toEqual([['a', 4], ['b', 4]]);
  });
});

describe('the example DAGs', () => {
  const folder = join(import.meta.dirname, '../../../examples');
  const files = existsSync(folder) ? readdirSync(folder).filter((name) => /\.(ya?ml|json)$/.test(name)) : [];

  it.runIf(existsSync(folder))('exist once the folder does', () => {
    expect(files.length).toBeGreaterThanOrEqual(1);
  });

  it.each(files)('%s is a valid spec', (name) => {
    const result = parseDagSpec(readFileSync(join(folder, name), 'utf8'));
    expect(result.ok ? [] : result.error).toEqual([]);
  });
});
