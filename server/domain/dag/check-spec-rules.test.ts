import { describe, expect, it } from 'vitest';
import { checkSpecRules } from './check-spec-rules';

const bash = (task_id: string, bash_command: string) => ({ task_id, type: 'bash', bash_command });

describe('checkSpecRules', () => {
  it.each([
    { name: 'a manual DAG', spec: { schedule: null, tasks: [bash('a', 'date')] } },
    { name: 'a scheduled DAG with dates in order', spec: { schedule: '@daily', start_date: '2024-01-01', end_date: '2024-01-01' } },
    { name: 'templates naming known params', spec: { params: { day: 1 }, tasks: [bash('a', 'echo {{ ds }} {{ params.day }}')] } },
    { name: 'ids and docs, which are never rendered', spec: { tasks: [{ task_id: 'a', type: 'empty', doc_md: '{{ nope }}' }] } },
    { name: 'an invalid time zone (the schema reports it)', spec: { schedule: '@daily', start_date: '2024-01-01', timezone: 'Nowhere' } },
  ])('passes $name', ({ spec }) => {
    expect(checkSpecRules(spec, {})).toEqual([]);
  });

  it.each([
    { name: 'a bad cron', spec: { schedule: '61 * * * *', start_date: '2024-01-01' }, paths: [['schedule']] },
    { name: 'no start_date', spec: { schedule: '@hourly' }, paths: [['start_date']] },
    { name: 'end before start, across a time zone', spec: { schedule: null, timezone: 'Asia/Tokyo', start_date: '2024-01-02', end_date: '2024-01-01T14:00:00Z' }, paths: [['end_date']] },
    {
      name: 'unknown template variables in nested strings',
      spec: { tasks: [{ task_id: 'a', type: 'sql', conn_id: 'w', sql: ['select 1', 'select {{ nope }}'] }, bash('b', '{{ params.x }}')] },
      paths: [['tasks', 0, 'sql', 1], ['tasks', 1, 'bash_command']],
    },
  ])('reports $name', ({ spec, paths }) => {
    expect(checkSpecRules(spec, {}).map((problem) => problem.path)).toEqual(paths);
  });

  it("checks each id of a python task's conn_ids like a conn_id", () => {
    const spec = { tasks: [{ task_id: 'a', type: 'python', conn_ids: ['warehouse', 'warehose'], code: 'return_value = 1' }] };
    expect(checkSpecRules(spec, { knownConnections: ['warehouse'] })).toEqual([
      { path: ['tasks', 0, 'conn_ids', 1], message: "unknown connection 'warehose' (did you mean 'warehouse'?)" },
    ]);
  });

  it("leaves a python task's source alone and checks its op_args and op_kwargs", () => {
    const python_callable = 'def f(x):\n    return f"{{x}}".format(x=1) + "{{ nope }}{% if %}"\n';
    const spec = {
      tasks: [
        { task_id: 'a', type: 'python', python_callable, op_args: ['{{ ds }}'], op_kwargs: { day: '{{ nope }}' } },
        { task_id: 'b', type: 'python', code: 'return_value = "{{ nope }}"' },
      ],
    };
    expect(checkSpecRules(spec, {}).map((problem) => problem.path)).toEqual([['tasks', 0, 'op_kwargs', 'day']]);
  });

  it('checks conn_id anywhere in a task and in datasets, leaving templated ones alone', () => {
    const spec = {
      tasks: [
        { task_id: 'a', type: 'load', source: { conn_id: 'src' }, target: { conn_id: 'dst', table: 't' }, inputs: ['src.t', { conn_id: 'x', table: 't' }] },
        { task_id: 'b', type: 'sql', conn_id: '{{ var.conn }}', outputs: ['dst.t'] },
      ],
    };
    expect(checkSpecRules(spec, { knownConnections: ['dst'] })).toEqual([
      { path: ['tasks', 0, 'source', 'conn_id'], message: "unknown connection 'src'" },
      { path: ['tasks', 0, 'inputs', 1, 'conn_id'], message: "unknown connection 'x'" },
      { path: ['tasks', 0, 'inputs', 0], message: "unknown connection 'src'" },
    ]);
  });
});
