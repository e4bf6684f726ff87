import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkTask } from '../../server/tasks/check';
import { sensorTask } from '../../server/tasks/sensor';
import { sqlTask } from '../../server/tasks/sql';
import { TaskFailure, type TResolvedConnection } from '../../server/tasks/task-type';
import { connectionFromUrl, taskContext } from '../support/task-context';
import { waitFor } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

describe('task types sql, check and sensor', () => {
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let connection: TResolvedConnection;
  const connections = () => [connection];

  beforeAll(async () => {
    warehouse = await createWarehouseDatabase('wh');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    connection = connectionFromUrl('wh', warehouse.url);
  });
  afterAll(async () => {
    await client.end();
    await warehouse.drop();
  });
  beforeEach(async () => {
    await client.query('drop schema public cascade; create schema public');
  });

  describe('sql', () => {
    it('runs every statement in one transaction: a failing second statement undoes the first', async () => {
      await client.query('create table t (id int)');
      const ctx = taskContext('sql', { conn_id: 'wh', sql: ['insert into t values (1)', "insert into t values ('not a number')"] }, { connections: connections() });
      await expect(sqlTask.run(ctx)).rejects.toThrow(/statement 2 failed.*invalid input syntax for type integer/);
      expect((await client.query('select * from t')).rows).toEqual([]);
      expect(ctx.log.text()).toContain('Executing statement 1 of 2: insert into t values (1)');
      expect(ctx.log.text()).toContain('INSERT: 1 rows affected');
    });

    it('passes positional parameters to each statement and outputs the last statement’s rows', async () => {
      await client.query('create table t (id int, name text)');
      const ctx = taskContext(
        'sql',
        { conn_id: 'wh', sql: ['insert into t values ($1, $2)', 'select id, name from t where id = $1 and name = $2'], parameters: [7, 'seven'] },
        { connections: connections() },
      );
      expect(await sqlTask.run(ctx)).toEqual({ output: [{ id: 7, name: 'seven' }] });
    });

    it('keeps dates as PostgreSQL text, and runs a multi-statement string', async () => {
      const ctx = taskContext('sql', { conn_id: 'wh', sql: "create table d (day date); insert into d values ('2024-03-01'); select day from d" }, { connections: connections() });
      expect(await sqlTask.run(ctx)).toEqual({ output: [{ day: '2024-03-01' }] });
    });

    it('fails with expect_rows when the last statement returns nothing, and rolls back', async () => {
      await client.query('create table t (id int)');
      const ctx = taskContext('sql', { conn_id: 'wh', sql: ['insert into t values (1)', 'select * from t where id = 2'], expect_rows: true }, { connections: connections() });
      await expect(sqlTask.run(ctx)).rejects.toThrow(/expect_rows: the last statement returned no rows/);
      expect((await client.query('select * from t')).rows).toEqual([]);
    });

    it('summarises output that is too large for an XCom', async () => {
      const ctx = taskContext('sql', { conn_id: 'wh', sql: 'select g from generate_series(1, 2000) g' }, { connections: connections() });
      expect(await sqlTask.run(ctx)).toEqual({ output: { row_count: 2000, truncated: true } });
    });

    it('refuses named parameters and connections of other engines, naming the problem', async () => {
      const named = taskContext('sql', { conn_id: 'wh', sql: 'select 1', parameters: { id: 1 } }, { connections: connections() });
      await expect(sqlTask.run(named)).rejects.toThrow(/must be a list/);
      // mysql connections have their own runner (tests/integration/mysql-sql.test.ts).
      const redis = taskContext('sql', { conn_id: 'cache', sql: 'select 1' }, { connections: [{ ...connection, connId: 'cache', connType: 'redis' }] });
      await expect(sqlTask.run(redis)).rejects.toThrow(new TaskFailure("connection 'cache' has conn_type 'redis': the sql task supports postgres and mysql"));
    });

    it('cancels a running statement when the task is aborted', async () => {
      const controller = new AbortController();
      const ctx = taskContext('sql', { conn_id: 'wh', sql: 'select pg_sleep(60)' }, { connections: connections(), signal: controller.signal });
      const running = sqlTask.run(ctx);
      await waitFor(async () => (await client.query("select 1 from pg_stat_activity where query = 'select pg_sleep(60)' and state = 'active'")).rowCount);
      controller.abort(new Error('execution_timeout'));
      await expect(running).rejects.toThrow('execution_timeout');
      await waitFor(async () => (await client.query("select 1 from pg_stat_activity where query = 'select pg_sleep(60)'")).rowCount === 0, {
        what: 'the cancelled query to end',
      });
    });
  });

  describe('check', () => {
    beforeEach(async () => {
      await client.query(`create table course (course_id int, title text, price numeric)`);
      await client.query(`insert into course values (1, 'a', 10), (2, 'b', 0), (3, null, 5), (3, 'c', -1), (4, 'd', null), (4, 'e', 1)`);
    });

    it('passes and outputs every result with the observed numbers', async () => {
      const ctx = taskContext('check', { conn_id: 'wh', table: 'public.course', checks: { row_count_min: 1, row_count_max: 6, not_null: ['course_id'] } }, { connections: connections() });
      const result = await checkTask.run(ctx);
      expect(result.output).toEqual([
        { check: 'row_count_min', passed: true, observed: 6, expected: '>= 1' },
        { check: 'row_count_max', passed: true, observed: 6, expected: '<= 6' },
        { check: 'not_null(course_id)', passed: true, observed: 0, expected: '0' },
      ]);
      expect(ctx.log.lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual([
        'PASS row_count_min: 6 rows >= 1',
        'PASS row_count_max: 6 rows <= 6',
        'PASS not_null(course_id): 0 null rows',
      ]);
    });

    it('runs every check and fails listing the failed ones', async () => {
      const checks = { row_count_min: 7, unique: ['course_id'], not_null: ['course_id', 'title'], sql_true: 'price >= 0' };
      const ctx = taskContext('check', { conn_id: 'wh', table: 'course', checks }, { connections: connections() });
      const failure = await checkTask.run(ctx).then(() => null, (error: unknown) => error);
      expect(failure).toBeInstanceOf(TaskFailure);
      expect((failure as TaskFailure).message).toMatch(/^4 of 5 checks failed on course/);
      expect(ctx.log.lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual([
        'FAIL row_count_min: 6 rows >= 7',
        'FAIL unique(course_id): 2 duplicate rows',
        'PASS not_null(course_id): 0 null rows',
        'FAIL not_null(title): 1 null rows',
        // -1 is false and the null price is not true either.
        'FAIL sql_true(price >= 0): 2 rows where it is not true',
      ]);
    });

    it('checks the combination for a multi-column unique, ignoring rows with nulls', async () => {
      const ctx = taskContext('check', { conn_id: 'wh', table: 'course', checks: { unique: ['course_id', 'title'] } }, { connections: connections() });
      expect((await checkTask.run(ctx)).output).toEqual([{ check: 'unique(course_id, title)', passed: true, observed: 0, expected: '0' }]);
    });
  });

  describe('sensor', () => {
    it('succeeds once the query’s first cell is true', async () => {
      await client.query('create table events (day date)');
      const sql = "select count(*) from events where day = '2024-03-01'";
      const ctx = taskContext('sensor', { conn_id: 'wh', sql, poke_interval: 0.1, timeout: 30 }, { connections: connections() });
      const sensing = sensorTask.run(ctx);
      await waitFor(async () => ctx.log.lines.some((l) => l.line.startsWith('Poke 2:')));
      await client.query("insert into events values ('2024-03-01')");
      const result = await sensing;
      expect(result.output).toMatchObject({ pokes: expect.any(Number) });
      expect(ctx.log.text()).toContain('Poke 1: first cell "0" (not true)');
      expect(ctx.log.text()).toMatch(/Poke \d+: first cell "1"\n/);
    });

    it('times out with a TaskFailure that is not retried', async () => {
      const ctx = taskContext('sensor', { conn_id: 'wh', sql: 'select null', poke_interval: 0.1, timeout: 0.5 }, { connections: connections() });
      const failure = await sensorTask.run(ctx).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TaskFailure);
      expect((failure as TaskFailure).message).toMatch(/^Sensor timed out after 0\.\ds \(\d+ pokes, timeout 0\.5s\)$/);
      expect((failure as TaskFailure).retry).toBe(false);
      expect(ctx.log.text()).toContain('Poke 1: first cell null (not true)');
    });

    it('in mode reschedule, pokes once and asks to be run again after poke_interval', async () => {
      const ctx = taskContext('sensor', { conn_id: 'wh', sql: 'select 0', poke_interval: 30, timeout: 600, mode: 'reschedule' }, {
        connections: connections(),
        sensorStartedAt: new Date(Date.now() - 10_000),
      });
      const before = Date.now();
      const result = await sensorTask.run(ctx);
      expect(result.rescheduleAt!.getTime()).toBeGreaterThanOrEqual(before + 30_000);
      expect(result.rescheduleAt!.getTime()).toBeLessThan(Date.now() + 30_000 + 1);
      expect(ctx.log.text()).toBe('Poke: first cell "0" (not true)');
      const met = taskContext('sensor', { conn_id: 'wh', sql: 'select true', mode: 'reschedule' }, { connections: connections(), sensorStartedAt: new Date(Date.now() - 10_000) });
      expect(await sensorTask.run(met)).toEqual({ output: { waited_seconds: 10 } });
    });

    it('in mode reschedule, times out counting from the first poke, and pokes last at the timeout', async () => {
      const options = { connections: connections(), sensorStartedAt: new Date(Date.now() - 9_000) };
      const nearly = taskContext('sensor', { conn_id: 'wh', sql: 'select null', poke_interval: 60, timeout: 10, mode: 'reschedule' }, options);
      const result = await sensorTask.run(nearly);
      // One second of the timeout is left: the next poke comes then, not a minute later.
      expect(result.rescheduleAt!.getTime() - Date.now()).toBeLessThanOrEqual(1_000);
      const late = taskContext('sensor', { conn_id: 'wh', sql: 'select null', timeout: 5, mode: 'reschedule' }, options);
      await expect(sensorTask.run(late)).rejects.toThrow(/^Sensor timed out after 9(\.\d)?s since its first poke \(timeout 5s\)$/);
      const soft = taskContext('sensor', { conn_id: 'wh', sql: 'select null', timeout: 5, mode: 'reschedule', soft_fail: true }, options);
      expect(await sensorTask.run(soft)).toEqual({ skipped: true });
      expect(soft.log.text()).toContain('soft_fail is set, so the sensor is skipped');
    });

    it('waits for an external task to succeed and fails fast when it failed', async () => {
      const states = ['running', 'success'];
      const asked: unknown[] = [];
      const waiting = taskContext('sensor', { external_dag_id: 'upstream', external_task_id: 'load', poke_interval: 0.05 }, {
        externalStates: (input) => {
          asked.push(input);
          return states.shift() ?? null;
        },
      });
      expect(await sensorTask.run(waiting)).toEqual({ output: { pokes: 2 } });
      expect(asked[0]).toEqual({ dagId: 'upstream', taskId: 'load', logicalDate: waiting.logicalDate });
      const failed = taskContext('sensor', { external_dag_id: 'upstream', poke_interval: 60 }, { externalStates: () => 'failed' });
      const failure = await sensorTask.run(failed).catch((error: unknown) => error);
      expect((failure as TaskFailure).message).toMatch(/DAG 'upstream' is failed for logical date 2024-03-01/);
      // As Airflow's ExternalTaskSensor: retried (the upstream may be cleared), unlike a timeout.
      expect((failure as TaskFailure).retry).toBe(true);
      const soft = taskContext('sensor', { external_dag_id: 'upstream', soft_fail: true }, { externalStates: () => 'upstream_failed' });
      expect(await sensorTask.run(soft)).toEqual({ skipped: true });
    });

    it('stops sleeping at once when aborted', async () => {
      const controller = new AbortController();
      const ctx = taskContext('sensor', { external_dag_id: 'upstream', poke_interval: 3600 }, { signal: controller.signal });
      const sensing = sensorTask.run(ctx);
      await waitFor(async () => ctx.log.lines.some((l) => l.line.startsWith('Poke 1:')));
      controller.abort(new Error('marked failed'));
      await expect(sensing).rejects.toThrow('marked failed');
    });
  });
});
