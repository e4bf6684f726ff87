import { readFileSync } from 'node:fs';
import { hasSqlDetails, loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDagSpec, type TDag, type TDagTask } from '../dag/parse-dag-spec';
import { err, ok } from '../result';
import type { TParseSql } from './sql-parse-tree';
import { compareDeclaredLineage, inferTaskLineage, type TTaskLineage } from './task-lineage';

beforeAll(async () => {
  await loadModule();
});

/** The real parser; positions as server/integrations/sql-parser.ts gives them (the SQL here is ASCII). */
const parse: TParseSql = (sql) => {
  try {
    return ok(parseSync(sql));
  } catch (error) {
    if (!hasSqlDetails(error)) throw error;
    const before = sql.slice(0, error.sqlDetails?.cursorPosition ?? 0);
    return err({ message: error.message, line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') });
  }
};

function dagOf(source: string): TDag {
  const parsed = parseDagSpec(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

function taskOf(dag: TDag, taskId: string): TDagTask {
  const task = dag.tasks.find((candidate) => candidate.task_id === taskId);
  if (task === undefined) throw new Error(`no task ${taskId}`);
  return task;
}

/** One-task DAG around `taskYaml` (indented as a list item's fields). */
function lineageOfTask(taskYaml: string, options: Partial<Parameters<typeof inferTaskLineage>[2]> = {}): TTaskLineage {
  const dag = dagOf(`dag_id: lineage_test\nschedule: "@daily"\nstart_date: 2024-01-01\nparams: { target: mart.daily, min_amount: 0 }\ntasks:\n  - task_id: t\n${taskYaml}`);
  return inferTaskLineage(dag, taskOf(dag, 't'), { parse, ...options });
}

const wh = (table: string) => ({ conn_id: 'warehouse', table });
const knownLineage = (parts: Partial<Omit<Extract<TTaskLineage, { status: 'known' }>, 'status'>>): TTaskLineage => ({
  status: 'known', reads: [], writes: [], dropped: [], altered: [], read_urls: [], skipped: [], ...parts,
});

describe('inferTaskLineage: the examples', () => {
  it.each([
    ['course_stats', 'build_course_stats', knownLineage({ reads: [wh('public.course'), wh('public.course_review')], writes: [wh('public.course_stats')] })],
    ['course_stats', 'check_course_stats', knownLineage({ reads: [wh('public.course_stats')] })],
    ['daily_orders', 'load_orders', knownLineage({ reads: [wh('public.orders')], writes: [wh('public.orders_daily')] })],
    ['daily_orders', 'check_orders', knownLineage({ reads: [wh('public.orders_daily')] })],
    ['hello_world', 'print_hello', { status: 'none' }],
  ])('%s.%s', (dagId, taskId, lineage) => {
    const dag = dagOf(readFileSync(new URL(`../../../examples/${dagId}.yaml`, import.meta.url), 'utf8'));
    const task = taskOf(dag, taskId);
    expect(inferTaskLineage(dag, task, { parse })).toEqual(lineage);
    expect(compareDeclaredLineage(task, inferTaskLineage(dag, task, { parse }))).toEqual([]);
  });
});

describe('inferTaskLineage: sql tasks', () => {
  it('renders templates with a sample context before parsing', () => {
    const sql = `"insert into {{ params.target }} select * from orders_{{ ds_nodash }} where amount > {{ params.min_amount }} and d >= '{{ prev_ds }}'"`;
    expect(lineageOfTask(`    type: sql\n    conn_id: warehouse\n    sql: ${sql}\n`)).toEqual(
      knownLineage({ reads: [wh('public.orders_20240101')], writes: [wh('mart.daily')] }),
    );
  });

  it('runs a list as one session: a scratch table in one statement and dropped in a later one is no dataset', () => {
    const yaml = '    type: sql\n    conn_id: warehouse\n    sql:\n      - create table scratch as select * from raw.events\n      - insert into mart.events select * from scratch\n      - drop table scratch\n';
    expect(lineageOfTask(yaml)).toEqual(knownLineage({ reads: [wh('raw.events')], writes: [wh('mart.events')] }));
  });

  it('reports what the walker skipped', () => {
    expect(lineageOfTask('    type: sql\n    conn_id: warehouse\n    sql: "call refresh(); insert into t select * from s"\n')).toEqual(
      knownLineage({ reads: [wh('public.s')], writes: [wh('public.t')], skipped: ['CallStmt'] }),
    );
  });

  it('keeps mixed-case names as PostgreSQL stores them', () => {
    expect(lineageOfTask('    type: sql\n    conn_id: warehouse\n    sql: \'insert into "Sales"."Orders" select * from Staging.Orders\'\n')).toEqual(
      knownLineage({ reads: [wh('staging.orders')], writes: [wh('Sales.Orders')] }),
    );
  });

  it('uses the default schema given', () => {
    expect(lineageOfTask('    type: sql\n    conn_id: warehouse\n    sql: insert into t select * from s\n', { defaultSchema: 'mart' })).toEqual(
      knownLineage({ reads: [wh('mart.s')], writes: [wh('mart.t')] }),
    );
  });

  it('gives a syntax error as unknown, with the statement and its line', () => {
    const yaml = '    type: sql\n    conn_id: warehouse\n    sql:\n      - select 1\n      - "insert into t\\nselect * form s"\n';
    expect(lineageOfTask(yaml)).toEqual({ status: 'unknown', reason: `Task 't': sql[1]: syntax error at or near "form" at line 2, column 10` });
  });
});

describe('inferTaskLineage: templates that need more than a sample', () => {
  const yaml = '    type: sql\n    conn_id: warehouse\n    sql: "insert into {{ var.schema }}.t select 1"\n';

  it('is unknown when a variable is not given, with the reason', () => {
    expect(lineageOfTask(yaml)).toEqual({
      status: 'unknown',
      reason: "Task 't': its templates do not render with a sample context: sql: unknown variable 'var.schema' at line 1, column 16",
    });
  });

  it('renders with the variables the caller gives', () => {
    expect(lineageOfTask(yaml, { variables: { schema: 'mart' } })).toEqual(knownLineage({ writes: [wh('mart.t')] }));
  });

  it('is unknown when a table comes from an upstream output', () => {
    const lineage = lineageOfTask(`    type: sql\n    conn_id: warehouse\n    sql: "select * from {{ ti.xcom_pull('pick') }}"\n`);
    expect(lineage).toMatchObject({ status: 'unknown', reason: expect.stringContaining("no output from task 'pick'") });
  });
});

describe('inferTaskLineage: load and check tasks', () => {
  it('reads a SQL source on its own connection and writes the target on the target connection', () => {
    const yaml = '    type: load\n    source: { conn_id: crm, sql: "select * from contacts join companies using (company_id)" }\n    target: { conn_id: warehouse, table: raw.Contacts }\n';
    expect(lineageOfTask(yaml)).toEqual(
      knownLineage({ reads: [{ conn_id: 'crm', table: 'public.companies' }, { conn_id: 'crm', table: 'public.contacts' }], writes: [wh('raw.Contacts')] }),
    );
  });

  it('gives a url source as a url read, rendered', () => {
    const yaml = '    type: load\n    source: { url: "https://api.example.com/orders.csv?date={{ ds }}", format: csv }\n    target: { conn_id: warehouse, table: orders }\n';
    expect(lineageOfTask(yaml)).toEqual(knownLineage({ writes: [wh('public.orders')], read_urls: ['https://api.example.com/orders.csv?date=2024-01-01'] }));
  });

  it('names the field of a bad SQL source', () => {
    const yaml = '    type: load\n    source: { conn_id: crm, sql: "select * from" }\n    target: { conn_id: warehouse, table: t }\n';
    expect(lineageOfTask(yaml)).toEqual({ status: 'unknown', reason: "Task 't': source.sql: syntax error at end of input at line 1, column 14" });
  });

  it('reads the checked table and the tables of a sql_true subquery', () => {
    const yaml = '    type: check\n    conn_id: warehouse\n    table: mart.Orders\n    checks:\n      sql_true: amount <= (select max(amount) from limits)\n';
    expect(lineageOfTask(yaml)).toEqual(knownLineage({ reads: [wh('mart.Orders'), wh('public.limits')] }));
  });

  it('has no SQL lineage for other task types', () => {
    expect(lineageOfTask('    type: bash\n    bash_command: psql -c "insert into t select 1"\n')).toEqual({ status: 'none' });
  });
});

describe('compareDeclaredLineage', () => {
  function warningsOf(taskYaml: string) {
    const dag = dagOf(`dag_id: lineage_test\nschedule: null\ntasks:\n  - task_id: t\n${taskYaml}`);
    const task = taskOf(dag, 't');
    return compareDeclaredLineage(task, inferTaskLineage(dag, task, { parse }));
  }
  const sqlTask = (sql: string, declared: string) => `    type: sql\n    conn_id: warehouse\n    sql: "${sql}"\n${declared}`;

  it('is quiet when the declared edges agree, however the table is written', () => {
    expect(warningsOf(sqlTask('insert into mart.t select * from s', '    inputs: [warehouse.s]\n    outputs: [{ conn_id: warehouse, table: mart.t }]\n'))).toEqual([]);
  });

  it('warns of a declared input never read, a declared output never written and an undeclared write', () => {
    expect(warningsOf(sqlTask('insert into mart.t select * from s', '    inputs: [warehouse.public.s, warehouse.public.gone]\n    outputs: [warehouse.mart.other]\n'))).toEqual([
      {
        task_id: 't',
        kind: 'input_not_read',
        dataset: 'warehouse.public.gone',
        message: "Task 't' declares input warehouse.public.gone, but its SQL never reads it: remove it or check the SQL.",
      },
      {
        task_id: 't',
        kind: 'output_not_written',
        dataset: 'warehouse.mart.other',
        message: "Task 't' declares output warehouse.mart.other, but its SQL never writes it: remove it or check the SQL.",
      },
      {
        task_id: 't',
        kind: 'output_not_declared',
        dataset: 'warehouse.mart.t',
        message: "Task 't' writes warehouse.mart.t, which its outputs do not declare: declare it in outputs.",
      },
    ]);
  });

  it('takes a table on another connection as another dataset', () => {
    expect(warningsOf(sqlTask('select * from s', '    inputs: [crm.public.s]\n')).map((warning) => warning.kind)).toEqual(['input_not_read']);
  });

  it('counts the target of an UPDATE as read', () => {
    expect(warningsOf(sqlTask('update t set n = n + 1', '    inputs: [warehouse.t]\n    outputs: [warehouse.t]\n'))).toEqual([]);
  });

  it('says nothing is never read or written when a statement was skipped', () => {
    expect(warningsOf(sqlTask('call load_all(); insert into t select 1', '    inputs: [warehouse.s]\n    outputs: [warehouse.u]\n')).map((warning) => warning.kind)).toEqual([
      'output_not_declared',
    ]);
  });

  it('does not check the inputs of a url source', () => {
    const yaml = '    type: load\n    source: { url: "https://api.example.com/orders.csv", format: csv }\n    target: { conn_id: warehouse, table: orders }\n    inputs: [api.orders]\n    outputs: [warehouse.orders]\n';
    expect(warningsOf(yaml)).toEqual([]);
  });

  it('says nothing when the lineage is unknown', () => {
    expect(warningsOf(sqlTask('select * form s', '    inputs: [warehouse.s]\n'))).toEqual([]);
  });
});
