import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { checkTask } from '../../server/tasks/check';
import { TaskFailure } from '../../server/tasks/task-type';
import { attemptLog, createWorkspace, runToEnd } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { startMysqlServer, type TMysqlServer } from '../support/mysql-server';
import { taskContext, testEgressPolicy } from '../support/task-context';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

/** check tasks on a `mysql` connection against a real MariaDB: the task's code path, then the engine's (results stored, secrets masked). */
describe('check tasks on mysql connections', () => {
  let server: TMysqlServer;
  let client: Connection;
  const check = (table: string, checks: Record<string, unknown>, egress?: string) =>
    taskContext('check', { conn_id: 'app', table, checks }, { connections: [server.connection('app')], ...(egress ? { egress: testEgressPolicy(egress) } : {}) });
  const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as TaskFailure);

  beforeAll(async () => {
    server = await startMysqlServer('app');
    client = await server.connect();
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await server?.stop();
  });
  beforeEach(async () => {
    await client.query('drop table if exists course_summary, `order`');
    await client.query('create table course_summary (course_id int, title varchar(50), students int)');
    await client.query(`insert into course_summary values (1, 'SQL', 10), (2, null, 0), (2, 'Airflow', 3), (null, null, 5), (null, 'x', 1)`);
  });

  it('passes every check that holds, with the same results and log lines as on PostgreSQL', async () => {
    const ctx = check('course_summary', { row_count_min: 5, row_count_max: 5, not_null: ['students'], sql_true: 'students >= 0' });
    expect(await checkTask.run(ctx)).toEqual({
      output: [
        { check: 'row_count_min', passed: true, observed: 5, expected: '>= 5' },
        { check: 'row_count_max', passed: true, observed: 5, expected: '<= 5' },
        { check: 'not_null(students)', passed: true, observed: 0, expected: '0' },
        { check: 'sql_true(students >= 0)', passed: true, observed: 0, expected: '0' },
      ],
    });
    expect(ctx.log.text()).toContain("Checking course_summary on connection 'app'");
    expect(ctx.log.text()).toContain('PASS row_count_min: 5 rows >= 5');
    expect(ctx.log.text()).toContain('All 4 checks passed');
  });

  it('fails with every failing check named, nulls ignored by unique and counted by not_null and sql_true, in database.table form', async () => {
    const failure = await failureOf(checkTask.run(check('app.course_summary', { row_count_min: 6, unique: ['course_id'], not_null: ['course_id', 'title'], sql_true: "title <> 'x'" })));
    expect(failure).toBeInstanceOf(TaskFailure);
    expect(failure!.message).toBe(
      '5 of 5 checks failed on app.course_summary: FAIL row_count_min: 5 rows >= 6; FAIL unique(course_id): 1 duplicate rows; ' +
        'FAIL not_null(course_id): 2 null rows; FAIL not_null(title): 2 null rows; FAIL sql_true(title <> \'x\'): 3 rows where it is not true',
    );
    expect(failure!.output).toEqual([
      { check: 'row_count_min', passed: false, observed: 5, expected: '>= 6' },
      { check: 'unique(course_id)', passed: false, observed: 1, expected: '0' },
      { check: 'not_null(course_id)', passed: false, observed: 2, expected: '0' },
      { check: 'not_null(title)', passed: false, observed: 2, expected: '0' },
      { check: "sql_true(title <> 'x')", passed: false, observed: 3, expected: '0' },
    ]);
  });

  it('quotes tables and columns for MySQL: reserved words and a multi-column unique', async () => {
    await client.query('create table `order` (`key` int, `group` varchar(10))');
    await client.query(`insert into \`order\` values (1, 'a'), (1, 'b'), (1, 'a'), (2, null)`);
    const failure = await failureOf(checkTask.run(check('order', { unique: ['key', 'group'], not_null: ['group'] })));
    expect(failure?.output).toEqual([
      { check: 'unique(key, group)', passed: false, observed: 1, expected: '0' },
      { check: 'not_null(group)', passed: false, observed: 1, expected: '0' },
    ]);
  });

  it("refuses a table name MySQL's rules do not allow, and names sql_true's MySQL error", async () => {
    await expect(checkTask.run(check('a.b.c', { row_count_min: 1 }))).rejects.toThrow(
      "table 'a.b.c' is not a MySQL table name: write table or database.table (letters, digits, _ and $, at most 64 each)",
    );
    await expect(checkTask.run(check('course_summary', { sql_true: 'no_such_column > 0' }))).rejects.toThrow(
      /^sql_true\(no_such_column > 0\) could not be evaluated: Unknown column 'no_such_column' in '[^']+' \(MySQL error 1054 ER_BAD_FIELD_ERROR, SQLSTATE 42S22\)$/,
    );
  });

  it('reaches the server only where the egress rules allow', async () => {
    await expect(checkTask.run(check('course_summary', { row_count_min: 1 }, '10.0.0.0/8'))).rejects.toThrow(
      `connection 'app': Refused to connect to 127.0.0.1:${server.port} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${server.port} (or a CIDR).`,
    );
  });

  describe('on a real worker', () => {
    let database: TTestDatabase;
    let engine: TestEngine;
    let workspaceId: string;

    beforeAll(async () => {
      database = await createTestDatabase('mysql_check');
      workspaceId = (await createWorkspace(database.db, 'checks')).id;
      engine = new TestEngine(database.url, { TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${server.port}` });
      const ctx = systemContext(database.db, workspaceId, 'test');
      const fields = { connType: 'mysql', host: server.host, port: server.port, login: server.user, password: server.password, schema: server.database };
      await createConnection(ctx, new SecretBox(engine.secretKey), { connId: 'app', ...fields });
      await createConnection(ctx, new SecretBox(engine.secretKey), { connId: 'app_metadata', ...fields, host: '169.254.169.254' });
      engine.startScheduler();
      engine.startWorker();
    }, 60_000);
    afterAll(async () => {
      await engine?.stop();
      await database?.drop();
    });

    it("stores a passing and a failing check's results on the MySQL table's dataset, masks the password and refuses a metadata address", async () => {
      const spec = (dagId: string, table: string, checks: string) =>
        `dag_id: ${dagId}\ntasks:\n  - { task_id: check, type: check, retries: 0, conn_id: app, table: ${table}, checks: ${checks} }\n`;
      const ok = await runToEnd(database.db, workspaceId, spec('summary_ok', 'course_summary', '{ row_count_min: 1, not_null: [students] }'), { timeoutMs: 90_000 });
      expect(ok.run.state, engine.output().slice(-3000)).toBe('success');
      const bad = await runToEnd(database.db, workspaceId, spec('summary_bad', 'app.course_summary', '{ unique: [course_id] }'));
      expect(bad.run.state).toBe('failed');
      const leak = await runToEnd(database.db, workspaceId, spec('summary_leak', 'course_summary', `{ sql_true: "\`${server.password}\` > 0" }`));
      expect(leak.run.state).toBe('failed');
      const refused = await runToEnd(database.db, workspaceId, spec('summary_refused', 'course_summary', '{ row_count_min: 1 }').replace('conn_id: app', 'conn_id: app_metadata'));
      expect(refused.run.state).toBe('failed');

      const dataset = await database.db.dataset.findFirstOrThrow({ where: { workspaceId, key: `mysql://127.0.0.1:${server.port}/app.course_summary` } });
      const stored = await database.db.checkResult.findMany({ where: { datasetId: dataset.id }, include: { dag: { select: { dagId: true } } }, orderBy: [{ createdAt: 'asc' }, { checkName: 'asc' }] });
      expect(stored.map((row) => [row.dag.dagId, row.checkName, row.passed, row.observed, row.expected])).toEqual([
        ['summary_ok', 'not_null(students)', true, 0, '0'],
        ['summary_ok', 'row_count_min', true, 5, '>= 1'],
        ['summary_bad', 'unique(course_id)', false, 1, '0'],
      ]);

      const attempt = async (outcome: typeof leak) => {
        const instance = outcome.instances[0]!;
        const row = await database.db.taskAttempt.findFirstOrThrow({ where: { taskInstanceId: instance.id } });
        return { error: row.errorMessage ?? '', log: await attemptLog(database.db, instance.id, 1) };
      };
      const leaked = await attempt(leak);
      expect(leaked.error).toContain("could not be evaluated: Unknown column '***'");
      expect(leaked.log).toContain("Unknown column '***'");
      expect(`${leaked.error}\n${leaked.log}`).not.toContain(server.password);
      expect((await attempt(refused)).error).toBe(
        `connection 'app_metadata': Refused to connect to 169.254.169.254:${server.port} (link-local / cloud metadata address): Tributary never lets a workspace reach it.`,
      );
    });
  });
});
