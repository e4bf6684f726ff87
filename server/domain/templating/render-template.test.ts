import { describe, expect, it } from 'vitest';
import { renderFields, renderTemplate } from './render-template';
import { buildTemplateContext, type TTemplateContextInput } from './template-context';

const input: TTemplateContextInput = {
  dagId: 'etl',
  taskId: 'load',
  runId: 'manual__1',
  logicalDate: new Date('2024-01-01T00:00:00Z'),
  dataInterval: { start: new Date('2024-01-01T00:00:00Z'), end: new Date('2024-01-02T00:00:00Z') },
  prevDataInterval: null,
  nextDataInterval: { start: new Date('2024-01-02T00:00:00Z'), end: new Date('2024-01-03T00:00:00Z') },
  timezone: 'UTC',
  params: { table: 'events', days: 3, tags: ['a', 'b'] },
  variables: { bucket: 's3://data' },
  connections: { wh: { conn_type: 'postgres', host: 'db', port: 5432, login: 'etl', schema: 'dw', extra: null } },
  xcom: { extract: { rows: 42, files: ['a.csv'] }, count: 7, name: 'batch-1', 'fetch-data': 'ok' },
  xcomKeys: { extract: { rows: [1, 2, 3], 'file-name': 'a.csv' } },
};
const utc = buildTemplateContext(input);
const tokyo = buildTemplateContext({
  ...input,
  timezone: 'Asia/Tokyo',
  logicalDate: new Date('2024-01-01T15:00:00Z'),
  dataInterval: { start: new Date('2024-01-01T15:00:00Z'), end: new Date('2024-01-02T15:00:00Z') },
  nextDataInterval: { start: new Date('2024-01-02T15:00:00Z'), end: new Date('2024-01-03T15:00:00Z') },
});

const render = (text: string, context = utc): string => {
  const result = renderTemplate(text, context);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

describe('renderTemplate: variables', () => {
  it.each([
    ['{{ ds }}', '2024-01-01', '2024-01-02'],
    ['{{ ds_nodash }}', '20240101', '20240102'],
    ['{{ ts }}', '2024-01-01T00:00:00+00:00', '2024-01-02T00:00:00+09:00'],
    ['{{ ts_nodash }}', '20240101T000000', '20240102T000000'],
    ['{{ ts_nodash_with_tz }}', '20240101T000000+0000', '20240102T000000+0900'],
    ['{{ logical_date }}', '2024-01-01T00:00:00+00:00', '2024-01-02T00:00:00+09:00'],
    ['{{ data_interval_start }}', '2024-01-01T00:00:00+00:00', '2024-01-02T00:00:00+09:00'],
    ['{{ data_interval_end }}', '2024-01-02T00:00:00+00:00', '2024-01-03T00:00:00+09:00'],
    ['[{{ prev_ds }}][{{ prev_ds_nodash }}]', '[][]', '[][]'],
    ['{{ prev_ds | default: "none" }}', 'none', 'none'],
    ['{{ next_ds }} {{ next_ds_nodash }}', '2024-01-02 20240102', '2024-01-03 20240103'],
    ['{{ run_id }}', 'manual__1', 'manual__1'],
    ['{{ dag.dag_id }}.{{ task.task_id }}', 'etl.load', 'etl.load'],
    ['{{ ti.dag_id }}/{{ ti.task_id }}/{{ ti.run_id }}', 'etl/load/manual__1', 'etl/load/manual__1'],
    ['{{ params.table }} {{ params.days | plus: 1 }}', 'events 4', 'events 4'],
    ['{{ params.tags }}', '["a","b"]', '["a","b"]'],
    ['{{ var.value.bucket }} {{ var.bucket }}', 's3://data s3://data', 's3://data s3://data'],
    ['{{ conn.wh.host }}:{{ conn.wh.port }} {{ conn.wh.login }} {{ conn.wh.schema }} {{ conn.wh.conn_type }}', 'db:5432 etl dw postgres', 'db:5432 etl dw postgres'],
    ['SELECT * FROM t', 'SELECT * FROM t', 'SELECT * FROM t'],
  ])('%s → %j (UTC) and %j (Asia/Tokyo)', (text, inUtc, inTokyo) => {
    expect(render(text, utc)).toBe(inUtc);
    expect(render(text, tokyo)).toBe(inTokyo);
  });
});

describe('renderTemplate: helpers in both syntaxes', () => {
  it.each([
    ['{{ ds_add(ds, 7) }}', '2024-01-08'],
    ['{{ ds | ds_add: 7 }}', '2024-01-08'],
    ['{{ macros.ds_add(ds, -1) }}', '2023-12-31'],
    ['{{ ds_add(ds, days=-1) }}', '2023-12-31'],
    ['{{ ds_add(ds, params.days) }}', '2024-01-04'],
    ['{{ ds_add(ds_add(ds, 1), 1) }}', '2024-01-03'],
    ['{{ ds_format(ds, "%Y-%m-%d", "%d/%m/%Y") }}', '01/01/2024'],
    ['{{ ds | ds_format: "%Y-%m-%d", "%d/%m/%Y" }}', '01/01/2024'],
    ["{{ macros.ds_format(ds, '%Y-%m-%d', '%A %d %B %Y, day %j') }}", 'Monday 01 January 2024, day 001'],
    ['{{ ds_format(ds_add(ds, 1), "%Y-%m-%d", "%b %y") }}', 'Jan 24'],
    ['{% assign start = ds_add(ds, -7) %}{{ start }}..{{ ds }}', '2023-12-25..2024-01-01'],
    ['{{ ds_add(ds, 1) | replace: "-", "" }}', '20240102'],
  ])('%s → %s', (text, expected) => {
    expect(render(text)).toBe(expected);
  });
});

describe('renderTemplate: xcom_pull', () => {
  it.each([
    ["{{ ti.xcom_pull('extract') }}", '{"rows":42,"files":["a.csv"]}'],
    ["{{ ti.xcom_pull(task_ids='extract') }}", '{"rows":42,"files":["a.csv"]}'],
    ['{{ ti.xcom_pull(task_ids="extract", key="return_value").rows }}', '42'],
    ["{{ ti.xcom_pull('extract')['files'][0] }}", 'a.csv'],
    ["{{ ti.xcom_pull('count') | plus: 1 }}", '8'],
    ["{{ ti.xcom_pull('name') }}", 'batch-1'],
    ["{{ ti.xcom_pull('fetch-data') }}", 'ok'],
    ["{% for f in ti.xcom.extract.files %}{{ f }}{% endfor %}", 'a.csv'],
    ["{{ ti.xcom_pull(task_ids='extract', key='rows') }}", '[1,2,3]'],
    ["{{ ti.xcom_pull('extract', key='rows') | size }}", '3'],
    ['{{ ti.xcom_pull(task_ids="extract", key="file-name") }}', 'a.csv'],
  ])('%s → %s', (text, expected) => {
    expect(render(text)).toBe(expected);
  });
});

describe('renderTemplate: errors', () => {
  it.each([
    ['{{ dss }}', "unknown variable 'dss' at line 1, column 4"],
    ['SELECT 1\nWHERE d = {{ params.missing }}', "unknown variable 'params.missing' at line 2, column 14"],
    ['{{ ds_add(dss, 1) }}', "unknown variable 'dss' at line 1, column 11"],
    ['{{ ds_add(ds, 1) }} {{ oops }}', "unknown variable 'oops' at line 1, column 24"],
    ["{{ ti.xcom_pull('load') }}", "no output from task 'load' for ti.xcom_pull (is it an upstream task that returned a value?) at line 1, column 4"],
    ["{{ ti.xcom_pull('extract', key='sizes') }}", "no value pushed by task 'extract' under key 'sizes' for ti.xcom_pull (is it an upstream task that called ti.xcom_push with that key?) at line 1, column 4"],
    ["{{ ti.xcom_pull('load', key='rows') }}", "no value pushed by task 'load' for ti.xcom_pull (is it an upstream task that called ti.xcom_push with that key?) at line 1, column 4"],
    ['{{ ds | nope }}', "unknown filter 'nope' at line 1, column 1"],
    ['{{ ds ', 'output "{{ ds " not closed at line 1, column 1'],
    ['a\n{% if %}{% endif %}', 'invalid value expression: "" at line 2, column 6'],
    ['{% for x in params.tags %}', 'tag {% for x in params.tags %} not closed at line 1, column 1'],
    ['{% include "secrets" %}', "the 'include' tag is not available: templates cannot read other files at line 1, column 1"],
    ['{% render "x" %}', "the 'render' tag is not available: templates cannot read other files at line 1, column 1"],
    ['{% frobnicate %}', "unknown tag 'frobnicate' at line 1, column 1"],
    ['{{ ds_add(ds, 1.5) }}', 'ds_add: the number of days must be a whole number, got 1.5 at line 1, column 1'],
    ['{{ "2024/01/01" | ds_add: 1 }}', 'ds_add: "2024/01/01" is not a YYYY-MM-DD date at line 1, column 1'],
    ['{{ ds_format(ds, "%d/%m/%Y", "%Y") }}', "ds_format: '2024-01-01' does not match the format '%d/%m/%Y' at line 1, column 1"],
    ['{{ "x" | append: ds_add(ds, 1) }}', 'ds_add(...) can only start a {{ ... }} or an {% assign %} value; elsewhere use the filter form (like ds | ds_add: 1) at line 1, column 18'],
    ['{{ params.constructor }}', "unknown variable 'params.constructor' at line 1, column 4"],
    ['{% for i in (1..100000000) %}x{% endfor %}', 'memory alloc limit exceeded at line 1, column 1'],
  ])('%j fails with %j', (text, message) => {
    expect(renderTemplate(text, utc)).toEqual({ ok: false, error: message });
  });
});

describe('renderFields', () => {
  it('renders every string inside objects and arrays and keeps other values', () => {
    const spec = { sql: 'SELECT {{ ds }}', env: { TABLE: '{{ params.table }}' }, args: ['--n', 3, '{{ ds_nodash }}'], on: true, none: null };
    expect(renderFields(spec, utc)).toEqual({
      ok: true,
      value: { sql: 'SELECT 2024-01-01', env: { TABLE: 'events' }, args: ['--n', 3, '20240101'], on: true, none: null },
    });
  });

  it('keeps the top-level fields named verbatim as they are, rendering the rest', () => {
    const source = 'def f(x):\n    return f"{{x}}" + "{{ ds }}" + "{% raw %}"\n';
    const config = { python_callable: source, op_kwargs: { day: '{{ ds }}', nested: { python_callable: '{{ ds_nodash }}' } } };
    expect(renderFields(config, utc, ['python_callable', 'code'])).toEqual({
      ok: true,
      value: { python_callable: source, op_kwargs: { day: '2024-01-01', nested: { python_callable: '20240101' } } },
    });
  });

  it.each([
    ['{{ dss }}', ''],
    [{ env: { TARGET: '{{ dss }}' } }, 'env.TARGET'],
    [{ args: ['ok', '{{ dss }}'] }, 'args[1]'],
    [{ 'odd key': [{ x: '{{ dss }}' }] }, '["odd key"][0].x'],
  ])('names the path of the failing field in %j', (value, path) => {
    expect(renderFields(value, utc)).toEqual({ ok: false, error: { path, message: "unknown variable 'dss' at line 1, column 4" } });
  });
});
