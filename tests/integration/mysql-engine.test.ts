import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { attemptLog, createWorkspace, runToEnd } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { startMysqlServer, type TMysqlServer } from '../support/mysql-server';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

/**
 * sql tasks on a `mysql` connection run by the real scheduler and worker processes: the rows
 * reach the task's output, the connection's password is masked wherever the task could print
 * it, and a refused address fails the task with the egress rule.
 */
describe('sql tasks on mysql connections, on a real worker', () => {
  let database: TTestDatabase;
  let mysql: TMysqlServer;
  let engine: TestEngine;
  let outcome: Awaited<ReturnType<typeof runToEnd>>;
  let errors: Map<string, string>;

  beforeAll(async () => {
    mysql = await startMysqlServer();
    database = await createTestDatabase('mysql_engine');
    const workspaceId = (await createWorkspace(database.db, 'mysql')).id;
    engine = new TestEngine(database.url, { TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${mysql.port}` });
    const ctx = systemContext(database.db, workspaceId, 'test');
    const box = new SecretBox(engine.secretKey);
    const fields = { connType: 'mysql', host: mysql.host, port: mysql.port, login: mysql.user, password: mysql.password, schema: mysql.database };
    await createConnection(ctx, box, { connId: 'shop', ...fields });
    await createConnection(ctx, box, { connId: 'shop_metadata', ...fields, host: '169.254.169.254' });
    await createConnection(ctx, box, { connId: 'shop_closed_port', ...fields, port: mysql.port + 1 });
    engine.startScheduler();
    engine.startWorker();
    outcome = await runToEnd(database.db, workspaceId, dagSpec(mysql.password), { timeoutMs: 90_000 });
    const attempts = await database.db.taskAttempt.findMany({ where: { taskInstanceId: { in: outcome.instances.map((ti) => ti.id) } } });
    const taskOf = new Map(outcome.instances.map((ti) => [ti.id, ti.taskId]));
    errors = new Map(attempts.map((attempt) => [taskOf.get(attempt.taskInstanceId) ?? '', attempt.errorMessage ?? '']));
  });
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
    await mysql?.stop();
  });

  const state = (taskId: string) => `${outcome.states[taskId]}: ${errors.get(taskId) ?? ''}`;
  const instance = (taskId: string) => outcome.instances.find((ti) => ti.taskId === taskId)!;

  it('runs the statements and passes the selected rows downstream as the output', async () => {
    expect(state('summarise'), engine.output().slice(-3000)).toBe('success: ');
    // count(*) is a BIGINT: a string, as PostgreSQL's bigint is in its sql task, so no value is ever rounded.
    expect(instance('summarise').output).toEqual([{ course_id: 1, students: '2' }, { course_id: 2, students: '1' }]);
    const log = await attemptLog(database.db, instance('summarise').id, 1);
    expect(log).toContain('Executing statement 3 of 3: select course_id, count(*) as students');
    expect(log).toContain('SELECT: 2 rows returned');
    const [rows] = await (await mysql.connect()).query('select count(*) as n from enrolment');
    expect(rows).toEqual([{ n: 3 }]);
  });

  it("masks the connection's password in the task log, even when the server's error repeats it", async () => {
    expect(state('leak')).toMatch(/^failed: statement 1 failed, the transaction was rolled back: Table 'tributary_test\.\*\*\*' doesn't exist \(MySQL error 1146/);
    const log = await attemptLog(database.db, instance('leak').id, 1);
    expect(log).toContain("Table 'tributary_test.***' doesn't exist");
    expect(log).not.toContain(mysql.password);
    expect(errors.get('leak')).not.toContain(mysql.password);
  });

  it('refuses the cloud metadata address and a loopback port the worker does not allow, naming the egress rule', () => {
    expect(state('refused')).toBe(
      `failed: connection 'shop_metadata': Refused to connect to 169.254.169.254:${mysql.port} (link-local / cloud metadata address): Tributary never lets a workspace reach it.`,
    );
    expect(state('closed_port')).toBe(
      `failed: connection 'shop_closed_port': Refused to connect to 127.0.0.1:${mysql.port + 1} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${mysql.port + 1} (or a CIDR).`,
    );
  });
});

function dagSpec(password: string): string {
  return `dag_id: mysql_sql
tasks:
  - task_id: summarise
    type: sql
    conn_id: shop
    sql:
      - create table if not exists enrolment (course_id int, student_id int)
      - insert into enrolment values (?, ?), (?, ?), (?, ?)
      - select course_id, count(*) as students from enrolment group by course_id order by course_id
    parameters: [1, 10, 1, 11, 2, 10]
  - { task_id: leak, type: sql, conn_id: shop, sql: "select * from \`${password}\`", retries: 0 }
  - { task_id: refused, type: sql, conn_id: shop_metadata, sql: "select 1", retries: 0 }
  - { task_id: closed_port, type: sql, conn_id: shop_closed_port, sql: "select 1", retries: 0 }
`;
}
