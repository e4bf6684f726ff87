import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sensorTask } from '../../server/tasks/sensor';
import { sqlTask } from '../../server/tasks/sql';
import { TaskFailure, type TResolvedConnection } from '../../server/tasks/task-type';
import { startMysqlServer, type TMysqlServer } from '../support/mysql-server';
import { taskContext, testEgressPolicy } from '../support/task-context';
import { waitFor } from '../support/test-database';

/** The sql task and the sql sensor on a `mysql` connection, in the worker's code path, against a real MariaDB. */
describe('sql task and sensor on mysql connections', () => {
  let server: TMysqlServer;
  let client: Connection;
  let connection: TResolvedConnection;
  const connections = () => [connection];
  const rows = async (sql: string) => (await client.query(sql))[0];

  beforeAll(async () => {
    server = await startMysqlServer();
    client = await server.connect();
    connection = server.connection('shop');
  });
  afterAll(async () => {
    await client?.end();
    await server?.stop();
  });
  beforeEach(async () => {
    await client.query('drop table if exists t, course, events');
  });

  it('runs every statement in one transaction: a failing second statement undoes the first, naming it and the MySQL error', async () => {
    await client.query('create table t (id int primary key) engine=InnoDB');
    const ctx = taskContext('sql', { conn_id: 'shop', sql: ['insert into t values (1)', 'insert into t values (1)'] }, { connections: connections() });
    const failure = await sqlTask.run(ctx).then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(TaskFailure);
    expect((failure as TaskFailure).message).toBe(
      "statement 2 failed, the transaction was rolled back: Duplicate entry '1' for key 'PRIMARY' (MySQL error 1062 ER_DUP_ENTRY, SQLSTATE 23000)",
    );
    expect(await rows('select * from t')).toEqual([]);
    expect(ctx.log.text()).toContain('Executing statement 1 of 2: insert into t values (1)');
    expect(ctx.log.text()).toContain('INSERT: 1 rows affected');
    expect(ctx.log.text()).toContain('Executing statement 2 of 2: insert into t values (1)');
  });

  it('binds positional ? parameters to each statement (a ? inside a literal stays text), and outputs the last rows', async () => {
    await client.query('create table t (id int, name varchar(20))');
    const ctx = taskContext(
      'sql',
      { conn_id: 'shop', sql: ['insert into t values (?, ?)', "select id, name, '?' as q from t where id = ? and name = ?"], parameters: [7, 'se\'ven'] },
      { connections: connections() },
    );
    expect(await sqlTask.run(ctx)).toEqual({ output: [{ id: 7, name: "se'ven", q: '?' }] });
    expect(ctx.log.text()).toContain('SELECT: 1 rows returned');
  });

  it('keeps dates, big integers and decimals exact, and runs a multi-statement string', async () => {
    const ctx = taskContext(
      'sql',
      {
        conn_id: 'shop',
        sql: "create table t (day date, at datetime, big bigint, price decimal(12,2)); insert into t values ('2024-03-01', '2024-03-01 23:30:00', 9007199254740993, 10.10); select * from t",
      },
      { connections: connections() },
    );
    expect(await sqlTask.run(ctx)).toEqual({ output: [{ day: '2024-03-01', at: '2024-03-01 23:30:00', big: '9007199254740993', price: '10.10' }] });
  });

  it('fails with expect_rows when the last statement returns nothing, and rolls back', async () => {
    await client.query('create table t (id int) engine=InnoDB');
    const ctx = taskContext('sql', { conn_id: 'shop', sql: ['insert into t values (1)', 'select * from t where id = 2'], expect_rows: true }, { connections: connections() });
    await expect(sqlTask.run(ctx)).rejects.toThrow(new TaskFailure('expect_rows: the last statement returned no rows (the transaction was rolled back)'));
    expect(await rows('select * from t')).toEqual([]);
  });

  it('summarises output that is too large for an XCom, as on PostgreSQL', async () => {
    const many = taskContext('sql', { conn_id: 'shop', sql: 'select seq from seq_1_to_2000' }, { connections: connections() });
    expect(await sqlTask.run(many)).toEqual({ output: { row_count: 2000, truncated: true } });
    const wide = taskContext('sql', { conn_id: 'shop', sql: 'select repeat(\'x\', 1000) as s from seq_1_to_100' }, { connections: connections() });
    expect(await sqlTask.run(wide)).toEqual({ output: { row_count: 100, truncated: true } });
  });

  it('refuses named parameters, a bad extra.ssl and an unsupported connection type, naming the problem', async () => {
    const named = taskContext('sql', { conn_id: 'shop', sql: 'select 1', parameters: { id: 1 } }, { connections: connections() });
    await expect(sqlTask.run(named)).rejects.toThrow(/parameters must be a list for MySQL/);
    const ssl = taskContext('sql', { conn_id: 'shop', sql: 'select 1' }, { connections: [{ ...connection, extra: { ssl: 'on' } }] });
    await expect(sqlTask.run(ssl)).rejects.toThrow(new TaskFailure(`connection 'shop': extra.ssl must be true or false, not "on"`));
    const redis = taskContext('sql', { conn_id: 'cache', sql: 'select 1' }, { connections: [{ ...connection, connId: 'cache', connType: 'redis' }] });
    await expect(sqlTask.run(redis)).rejects.toThrow(new TaskFailure("connection 'cache' has conn_type 'redis': the sql task supports postgres and mysql"));
  });

  it('reports a wrong password in MySQL’s words, without the password', async () => {
    const wrong = { ...connection, password: 'wrong-Password-1234' };
    const failure = await sqlTask.run(taskContext('sql', { conn_id: 'shop', sql: 'select 1' }, { connections: [wrong] })).then(() => null, (error: unknown) => error);
    expect((failure as TaskFailure).message).toMatch(/^could not connect to 'shop' \(127\.0\.0\.1:\d+\/tributary_test\): Access denied for user 'tributary_user'@'127\.0\.0\.1' \(using password: YES\) \(MySQL error 1045/);
    expect((failure as TaskFailure).message).not.toContain('wrong-Password-1234');
  });

  it('refuses, before connecting, the metadata address and a loopback port the worker does not allow', async () => {
    const metadata = taskContext('sql', { conn_id: 'shop', sql: 'select 1' }, { connections: [{ ...connection, host: '169.254.169.254' }] });
    await expect(sqlTask.run(metadata)).rejects.toThrow(
      new TaskFailure(`connection 'shop': Refused to connect to 169.254.169.254:${server.port} (link-local / cloud metadata address): Tributary never lets a workspace reach it.`),
    );
    const closedPolicy = testEgressPolicy(`127.0.0.1:${server.port + 1}`);
    const loopback = taskContext('sql', { conn_id: 'shop', sql: 'select 1' }, { connections: connections(), egress: closedPolicy });
    await expect(sqlTask.run(loopback)).rejects.toThrow(
      new TaskFailure(`connection 'shop': Refused to connect to 127.0.0.1:${server.port} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${server.port} (or a CIDR).`),
    );
  });

  it('kills the running statement on the server when the task is aborted', async () => {
    const controller = new AbortController();
    const ctx = taskContext('sql', { conn_id: 'shop', sql: 'select benchmark(10000000000, md5(\'x\'))' }, { connections: connections(), signal: controller.signal });
    const running = sqlTask.run(ctx);
    const active = "select id from information_schema.processlist where info like 'select benchmark(%'";
    await waitFor(async () => ((await rows(active)) as unknown[]).length > 0, { what: 'the statement to start' });
    controller.abort(new Error('execution_timeout'));
    await expect(running).rejects.toThrow('execution_timeout');
    await waitFor(async () => ((await rows(active)) as unknown[]).length === 0, { what: 'the killed statement to end' });
  });
  describe('sensor', () => {
    it('succeeds once the query’s first cell is true, and logs each poke', async () => {
      await client.query('create table events (day date)');
      const sql = "select count(*) from events where day = '2024-03-01'";
      const ctx = taskContext('sensor', { conn_id: 'shop', sql, poke_interval: 0.1, timeout: 30 }, { connections: connections() });
      const sensing = sensorTask.run(ctx);
      await waitFor(async () => ctx.log.lines.some((l) => l.line.startsWith('Poke 2:')));
      await client.query("insert into events values ('2024-03-01')");
      expect((await sensing).output).toMatchObject({ pokes: expect.any(Number) });
      expect(ctx.log.text()).toContain('Poke 1: first cell "0" (not true)');
      expect(ctx.log.text()).toMatch(/Poke \d+: first cell "1"\n/);
    });

    it.each([
      ['select 0.00', false],
      ['select false', false],
      ["select ''", false],
      ["select '0'", false],
      ['select null', false],
      ['select 1 from dual where false', false],
      ['select 0.5', true],
      ["select 'ready'", true],
      ['select true', true],
    ])('judges %s as %s, as the PostgreSQL sensor would', async (sql, expected) => {
      const ctx = taskContext('sensor', { conn_id: 'shop', sql, poke_interval: 30, timeout: 600, mode: 'reschedule' }, { connections: connections() });
      const result = await sensorTask.run(ctx);
      expect(result.rescheduleAt === undefined).toBe(expected);
    });

    it('refuses an address the egress policy forbids, as the sql task does', async () => {
      const ctx = taskContext('sensor', { conn_id: 'shop', sql: 'select 1', poke_interval: 1, timeout: 5 }, { connections: [{ ...connection, host: '169.254.169.254' }] });
      await expect(sensorTask.run(ctx)).rejects.toThrow(`connection 'shop': Refused to connect to 169.254.169.254:${server.port} (link-local / cloud metadata address)`);
    });
  });
});
