import { describe, expect, it } from 'vitest';
import { parseDagSpec, type TSpecProblem } from './parse-dag-spec';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** Line 1-4 of most cases: a valid one-task DAG to break one thing in. */
const HEAD = ['dag_id: demo', 'tasks:', '  - task_id: a', '    type: empty'];

function problemsOf(source: string, options = {}): TSpecProblem[] {
  const result = parseDagSpec(source, options);
  return result.ok ? [] : result.error;
}

const problem = (path: string, line: number | null, column: number | null, message: string): TSpecProblem => ({
  path,
  line,
  column,
  message,
});

describe('parseDagSpec problems', () => {
  it.each([
    {
      name: 'YAML syntax, with a hint for an unquoted preset',
      source: lines('dag_id: demo', 'schedule: @daily'),
      expected: [problem('', 2, 11, 'Plain value cannot start with reserved character @ (put the value in quotes, like "@daily")')],
    },
    {
      name: 'a duplicate key',
      source: lines(...HEAD, 'dag_id: again'),
      expected: [problem('', 5, 1, 'Map keys must be unique')],
    },
    {
      name: 'an empty document',
      source: '# nothing yet\n',
      expected: [problem('', 1, 1, 'the spec is empty: start with dag_id and tasks')],
    },
    {
      name: 'a document that is not a mapping',
      source: lines('- a', '- b'),
      expected: [problem('', 1, 1, 'a DAG spec must be a mapping of fields: start with dag_id and tasks')],
    },
    {
      name: 'an unknown DAG field, with a suggestion',
      source: lines(...HEAD, 'catchpu: true'),
      expected: [problem('catchpu', 5, 1, "unknown field 'catchpu' (did you mean 'catchup'?)")],
    },
    {
      name: "Airflow 2's schedule_interval",
      source: lines(...HEAD, 'schedule_interval: null'),
      expected: [problem('schedule_interval', 5, 1, "unknown field 'schedule_interval' (did you mean 'schedule'?)")],
    },
    {
      name: 'an unknown task field, with a suggestion',
      source: lines(...HEAD, '    retires: 3'),
      expected: [problem('tasks[0].retires', 5, 5, "unknown field 'retires' (did you mean 'retries'?)")],
    },
    {
      name: 'a field of another task type',
      source: lines(...HEAD, '    bash_command: date'),
      expected: [problem('tasks[0].bash_command', 5, 5, "unknown field 'bash_command'")],
    },
    {
      name: 'an unknown field in default_args',
      source: lines(...HEAD, 'default_args:', '  retry_dely: 5m'),
      expected: [problem('default_args.retry_dely', 6, 3, "unknown field 'retry_dely' (did you mean 'retry_delay'?)")],
    },
    {
      name: 'a missing required field, at the task that lacks it',
      source: lines('dag_id: demo', 'tasks:', '  - task_id: a', '    type: bash'),
      expected: [problem('tasks[0].bash_command', 3, 5, "missing required field 'bash_command'")],
    },
    {
      name: 'a wrong type',
      source: lines(...HEAD, '    retries: many'),
      expected: [problem('tasks[0].retries', 5, 14, "expected a number, got the string 'many'")],
    },
    {
      name: 'a bad duration',
      source: lines(...HEAD, '    retry_delay: 5 minutes'),
      expected: [
        problem('tasks[0].retry_delay', 5, 18, "'5 minutes' is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M"),
      ],
    },
    {
      name: 'a bad dag_id',
      source: lines('dag_id: my dag', 'tasks:', '  - task_id: a', '    type: empty'),
      expected: [problem('dag_id', 1, 9, "dag_id may contain only letters, digits, '_', '.' and '-'")],
    },
    {
      name: 'an unknown task type, with a suggestion',
      source: lines('dag_id: demo', 'tasks:', '  - task_id: a', '    type: bahs'),
      expected: [
        problem(
          'tasks[0].type',
          4,
          11,
          "unknown task type 'bahs' (did you mean 'bash'?; expected one of: empty, bash, http, sql, load, check, notify, sensor, script, python, trigger_dag)",
        ),
      ],
    },
    {
      name: 'a missing task type',
      source: lines('dag_id: demo', 'tasks:', '  - task_id: a'),
      expected: [
        problem('tasks[0].type', 3, 5, "missing field 'type' (expected one of: empty, bash, http, sql, load, check, notify, sensor, script, python, trigger_dag)"),
      ],
    },
    {
      name: 'an empty tasks list',
      source: lines('dag_id: demo', 'tasks: []'),
      expected: [problem('tasks', 2, 8, 'a DAG needs at least one task')],
    },
    {
      name: 'no tasks at all',
      source: lines('dag_id: demo'),
      expected: [problem('tasks', 1, 1, "missing required field 'tasks'")],
    },
    {
      name: 'a duplicate task id',
      source: lines(...HEAD, '  - task_id: a', '    type: empty'),
      expected: [problem('tasks[1].task_id', 5, 14, "duplicate task_id 'a' (first defined at tasks[0])")],
    },
    {
      name: 'an unknown upstream in a depends_on list',
      source: lines(...HEAD, '  - task_id: b', '    type: empty', '    depends_on: [a, z]'),
      expected: [problem('tasks[1].depends_on[1]', 7, 21, "unknown upstream task 'z'")],
    },
    {
      name: 'an unknown upstream in a depends_on string, with a suggestion',
      source: lines('dag_id: demo', 'tasks:', '  - task_id: extract', '    type: empty', '  - task_id: b', '    type: empty', '    depends_on: extarct'),
      expected: [problem('tasks[1].depends_on', 7, 17, "unknown upstream task 'extarct' (did you mean 'extract'?)")],
    },
    {
      name: 'an unknown task in a flow line, at its column',
      source: lines(...HEAD, 'flow:', '  - a >> extract'),
      expected: [problem('flow[0]', 6, 10, "unknown task 'extract' in flow")],
    },
    {
      name: 'a flow syntax error, at its column (inside quotes too)',
      source: lines(...HEAD, 'flow:', '  - "a >> >> a"'),
      expected: [
        problem('flow[0]', 6, 11, `flow: expected a task id or '[' but found '>>' at column 6: write flow lines like "a >> [b, c] >> d"`),
      ],
    },
    {
      name: 'a cycle through depends_on, at the edge that closes it',
      source: lines(
        'dag_id: demo',
        'tasks:',
        '  - {task_id: a, type: empty, depends_on: c}',
        '  - {task_id: b, type: empty, depends_on: a}',
        '  - {task_id: c, type: empty, depends_on: b}',
      ),
      expected: [problem('tasks[0].depends_on', 3, 43, 'cycle: a >> b >> c >> a')],
    },
    {
      name: 'a cycle across flow lines',
      source: lines(...HEAD, '  - {task_id: b, type: empty}', 'flow:', '  - a >> b', '  - b >> a'),
      expected: [problem('flow[1]', 8, 7, 'cycle: a >> b >> a')],
    },
    {
      name: 'a bad cron',
      source: lines(...HEAD, 'schedule: "0 25 * * *"', 'start_date: 2024-01-01'),
      expected: [problem('schedule', 5, 11, expect.stringContaining("Invalid cron '0 25 * * *'") as unknown as string)],
    },
    {
      name: 'a bad time zone',
      source: lines(...HEAD, 'timezone: Mars/Olympus'),
      expected: [problem('timezone', 5, 11, "Unknown time zone 'Mars/Olympus': use an IANA name such as 'UTC' or 'Europe/Amsterdam'")],
    },
    {
      name: 'a scheduled DAG without start_date, at its schedule',
      source: lines(...HEAD, 'schedule: "@daily"'),
      expected: [problem('start_date', 5, 11, 'a scheduled DAG needs a start_date: the first data interval starts there')],
    },
    {
      name: 'end_date before start_date',
      source: lines(...HEAD, 'start_date: 2024-06-01', 'end_date: 2024-01-01'),
      expected: [problem('end_date', 6, 11, 'end_date 2024-01-01 is before start_date 2024-06-01')],
    },
    {
      name: 'a date that is not one',
      source: lines(...HEAD, 'start_date: 2024-13-45'),
      expected: [
        problem('start_date', 5, 13, "'2024-13-45' is not a date: use 2024-01-01 or an ISO datetime like 2024-01-01T06:00:00Z"),
      ],
    },
    {
      name: 'a load source that is neither form',
      source: lines(
        'dag_id: demo',
        'tasks:',
        '  - task_id: a',
        '    type: load',
        '    source: {url: "https://x.test/a.csv", format: xml}',
        '    target: {conn_id: w, table: t}',
      ),
      expected: [problem('tasks[0].source.format', 5, 51, "unknown format 'xml' (expected one of: csv, json, parquet)")],
    },
    {
      name: 'an incremental load without partition_column or key',
      source: lines(
        'dag_id: demo',
        'tasks:',
        '  - task_id: a',
        '    type: load',
        '    source: {conn_id: w, sql: select 1}',
        '    target: {conn_id: w, table: t}',
        '    mode: incremental',
      ),
      expected: [
        problem('tasks[0].mode', 7, 11, 'incremental loads need partition_column (replace that partition) or key (upsert on it)'),
      ],
    },
  ])('reports $name', ({ source, expected }) => {
    expect(problemsOf(source)).toEqual(expected);
  });

  it('reports an unknown template variable where it is written', () => {
    const source = lines(...HEAD, '  - task_id: b', '    type: bash', '    bash_command: echo {{ params.regoin }}', 'params:', '  region: eu');
    expect(problemsOf(source)).toEqual([
      { path: 'tasks[1].bash_command', line: 7, column: 19, message: expect.stringContaining('regoin') as unknown as string },
    ]);
  });

  it('reports unknown connections only when the known ones are given', () => {
    const source = lines(
      ...HEAD,
      '  - task_id: b',
      '    type: sql',
      '    conn_id: warehous',
      '    sql: select 1',
      '    inputs: [crm.public.users, warehouse.public.users]',
    );
    expect(problemsOf(source)).toEqual([]);
    expect(problemsOf(source, { knownConnections: ['warehouse'] })).toEqual([
      problem('tasks[1].conn_id', 7, 14, "unknown connection 'warehous' (did you mean 'warehouse'?)"),
      problem('tasks[1].inputs[0]', 9, 14, "unknown connection 'crm'"),
    ]);
  });

  it("reports an unknown connection in a python task's conn_ids at its entry", () => {
    const source = lines(
      ...HEAD,
      '  - task_id: b',
      '    type: python',
      '    conn_ids:',
      '      - warehouse',
      '      - billling',
      '    code: return_value = 1',
    );
    expect(problemsOf(source, { knownConnections: ['warehouse', 'billing'] })).toEqual([
      problem('tasks[1].conn_ids[1]', 9, 9, "unknown connection 'billling' (did you mean 'billing'?)"),
    ]);
  });

  it('reports unknown pools, in a task or in default_args, only when the known ones are given', () => {
    const source = lines(
      'dag_id: demo',
      'default_args: { pool: etl_pol }',
      'tasks:',
      '  - { task_id: a, type: empty, pool: default_pool }',
      '  - { task_id: b, type: empty, pool: big_jobs }',
    );
    expect(problemsOf(source)).toEqual([]);
    expect(problemsOf(source, { knownPools: ['default_pool', 'etl_pool'] })).toEqual([
      problem('default_args.pool', 2, 23, "unknown pool 'etl_pol' (did you mean 'etl_pool'?) (pools are set up per workspace)"),
      problem('tasks[1].pool', 5, 38, "unknown pool 'big_jobs' (pools are set up per workspace)"),
    ]);
  });

  it('places problems in JSON as well', () => {
    const source = '{\n  "dag_id": "demo",\n  "tasks": [\n    {"task_id": "a", "type": "empty", "retires": 1}\n  ]\n}\n';
    expect(problemsOf(source)).toEqual([problem('tasks[0].retires', 4, 39, "unknown field 'retires' (did you mean 'retries'?)")]);
  });

  it('reports several problems at once, in source order', () => {
    const source = lines(
      'dag_id: demo',
      'schedule: "@dialy"',
      'timezone: Nowhere/City',
      'catchpu: true',
      'tasks:',
      '  - task_id: a',
      '    type: bash',
      '    bash_command: echo {{ nope }}',
      '    retries: -1',
      '  - task_id: a',
      '    type: bahs',
      '  - task_id: c',
      '    type: empty',
      '    depends_on: [zz]',
      'flow:',
      '  - c >> c',
    );
    expect(problemsOf(source).map((p) => [p.path, p.line])).toEqual([
      ['schedule', 2],
      ['start_date', 2],
      ['timezone', 3],
      ['catchpu', 4],
      ['tasks[0].bash_command', 8],
      ['tasks[0].retries', 9],
      ['tasks[1].task_id', 10],
      ['tasks[1].type', 11],
      ['tasks[2].depends_on[0]', 14],
      ['flow[0]', 16],
    ]);
  });
});
