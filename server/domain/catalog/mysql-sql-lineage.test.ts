import { hasSqlDetails, loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDagSpec } from '../dag/parse-dag-spec';
import { err, ok } from '../result';
import { mysqlSqlForPostgresParser } from './mysql-sql-text';
import type { TParseSql } from './sql-parse-tree';
import { inferTaskLineage, type TTaskLineage } from './task-lineage';

beforeAll(async () => {
  await loadModule();
});

const parse: TParseSql = (sql) => {
  try {
    return ok(parseSync(sql));
  } catch (error) {
    if (!hasSqlDetails(error)) throw error;
    return err({ message: error.message, line: 1, column: 1 });
  }
};

/** One task on connection `app` (mysql) that reads `wh` (postgres) where a load needs two. */
function lineageOf(taskYaml: string, connectionType: (connId: string) => string | undefined = (connId) => (connId === 'app' ? 'mysql' : 'postgres')): TTaskLineage {
  const parsed = parseDagSpec(`dag_id: mysql_lineage\ntasks:\n  - task_id: t\n${taskYaml}`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return inferTaskLineage(parsed.value, parsed.value.tasks[0]!, { parse, connectionType });
}

const sqlTask = (sql: string) => `    type: sql\n    conn_id: app\n    sql: ${JSON.stringify(sql)}\n`;
const app = (table: string) => ({ conn_id: 'app', table });
const known = (parts: Partial<Omit<Extract<TTaskLineage, { status: 'known' }>, 'status'>>): TTaskLineage => ({
  status: 'known', reads: [], writes: [], dropped: [], altered: [], read_urls: [], skipped: [], ...parts,
});

describe('lineage of SQL on mysql connections', () => {
  it('reads a two-part name as database.table', () => {
    expect(lineageOf(sqlTask('insert into app.course_summary select course_id, count(*) from staging.x group by course_id'))).toEqual(
      known({ reads: [app('staging.x')], writes: [app('app.course_summary')] }),
    );
  });

  it('reads backtick names exactly, and keeps the case MySQL keeps for unquoted table names', () => {
    expect(lineageOf(sqlTask('insert into `app`.`CourseSummary` select * from `order` join Staging.Reviews using (`id`)'))).toEqual(
      known({ reads: [app('Staging.Reviews'), app('public.order')], writes: [app('app.CourseSummary')] }),
    );
  });

  it('follows REPLACE INTO and INSERT IGNORE as writes, with ? placeholders, # comments and MySQL strings', () => {
    const sql = "REPLACE INTO course_summary (id, title) VALUES (?, 'it\\'s'); # refresh\nINSERT IGNORE INTO log_t SELECT \"a\", 1 FROM dual_src -- done";
    expect(lineageOf(sqlTask(sql))).toEqual(known({ reads: [app('public.dual_src')], writes: [app('public.course_summary'), app('public.log_t')] }));
  });

  it('lists INSERT … ON DUPLICATE KEY UPDATE as not followed, and every statement after it', () => {
    const sql = 'insert into a select * from s1; insert into b select * from s2 on duplicate key update n = n + 1; insert into c select * from s3';
    const lineage = lineageOf(sqlTask(sql));
    expect(lineage).toMatchObject({ status: 'known', reads: [app('public.s1')], writes: [app('public.a')] });
    expect(lineage.status === 'known' && lineage.skipped).toEqual([
      expect.stringMatching(/^sql statement 2: not followed: PostgreSQL's parser, which reads MySQL's SQL for lineage, does not know it \(syntax error at or near "duplicate"\)$/),
      'sql statement 3: not followed: it comes after one that is not',
    ]);
  });

  it('follows create table … as select, and USE as the database of later unqualified names', () => {
    expect(lineageOf(sqlTask('use reports; create table course_copy as select * from app.course_summary'))).toEqual(
      known({ reads: [app('app.course_summary')], writes: [app('reports.course_copy')] }),
    );
  });

  it('refuses what cannot be rewritten soundly: executable comments, variables, a name in two cases, SELECT … INTO', () => {
    const skipped = (sql: string) => {
      const lineage = lineageOf(sqlTask(sql));
      return lineage.status === 'known' ? { skipped: lineage.skipped, writes: lineage.writes } : lineage;
    };
    expect(skipped('insert into t /*!50000 select * from hidden */ select 1')).toEqual({ skipped: ['sql statement 1: not followed: it holds an executable comment /*! … */ (MySQL runs its content)'], writes: [] });
    expect(skipped('insert into t select @n := 1')).toEqual({ skipped: ['sql statement 1: not followed: it holds a user or system variable (@name)'], writes: [] });
    expect(skipped('insert into Orders select * from orders')).toEqual({ skipped: ["'orders' is written in more than one case, which MySQL tells apart: not followed"], writes: [] });
    expect(skipped('select a into b from t')).toEqual({ skipped: ['sql statement 1: not followed: SELECT … INTO'], writes: [] });
  });

  it("leaves MySQL's own databases out, and reads a check's sql_true and a load's source the same way", () => {
    expect(lineageOf(sqlTask('insert into t select table_name from information_schema.tables join mysql.user on 1 = 1'))).toEqual(known({ writes: [app('public.t')] }));
    const check = '    type: check\n    conn_id: app\n    table: app.course_summary\n    checks: { sql_true: "students <= (select max(n) from `limits`)" }\n';
    expect(lineageOf(check)).toEqual(known({ reads: [app('app.course_summary'), app('public.limits')] }));
    const load = '    type: load\n    source: { conn_id: app, sql: "select * from `Enrolments` where id > ?" }\n    target: { conn_id: wh, table: enrolments }\n';
    expect(lineageOf(load)).toEqual(known({ reads: [app('public.Enrolments')], writes: [{ conn_id: 'wh', table: 'public.enrolments' }] }));
  });

  it('reads SQL as PostgreSQL when the connection is not mysql or does not exist', () => {
    expect(lineageOf(sqlTask('insert into `t` select 1'), () => undefined)).toMatchObject({ status: 'unknown' });
  });
});

describe('mysqlSqlForPostgresParser', () => {
  const texts = (sql: string) => mysqlSqlForPostgresParser(sql).statements.map((statement) => (statement.ok ? statement.text : `refused: ${statement.reason}`));

  it('splits at semicolons outside quotes and comments, and rewrites quoting, placeholders and comments', () => {
    expect(texts("select 'a;b', `c;d`, \"e\"\"f\" from t where x = ? and y = ?; /* ; */ ; select 5--1 from u")).toEqual([
      `select 'a;b', "c;d", 'e"f' from t where x = $1 and y = $2`,
      'select 5- -1 from u',
    ]);
    expect(texts("select 'a\\'b\\\\', `we``ird`, $col, 1abc from t")).toEqual([`select 'a''b\\', "we\`ird", "$col", "1abc" from t`]);
  });
});
