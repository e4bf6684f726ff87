import { readFileSync } from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE, seedDemo } from '../../prisma/seed';
import { ROOT } from '../../scripts/migrate';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { deployUnpaused, waitForRun } from '../support/dag-runs';
import { databaseEndpoint, TestEngine, type TEngineProcess } from '../support/engine';
import { startMysqlServer, type TMysqlServer } from '../support/mysql-server';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/** Peak resident memory of a process (VmHWM), in MiB: what the kernel saw at its highest. */
function peakRssMib(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kib) / 1024;
}

/**
 * A big table's rows, hashed the same way on both engines: the count, and the sums of two 32-bit
 * slices of each row's md5 (GROUP_CONCAT cannot hold a million rows: max_allowed_packet cuts it).
 */
const ROW_TEXT = `concat(id, ':', payload, ':', bucket)`;
const PG_CHECKSUM = `select count(*)::text as n,
  sum(('x' || substr(md5(${ROW_TEXT}), 1, 8))::bit(32)::bigint)::text as a,
  sum(('x' || substr(md5(${ROW_TEXT}), 9, 8))::bit(32)::bigint)::text as b from events_big`;
const MYSQL_CHECKSUM = `select cast(count(*) as char) as n,
  cast(sum(cast(conv(substr(md5(${ROW_TEXT}), 1, 8), 16, 10) as unsigned)) as char) as a,
  cast(sum(cast(conv(substr(md5(${ROW_TEXT}), 9, 8), 16, 10) as unsigned)) as char) as b from events_copy`;

/**
 * The course's production data job, examples/connectors/course_stats_to_mysql.yaml, on the real
 * scheduler and workers: the summary is computed in the warehouse and pushed to a real MariaDB.
 * Then the guarantees of a MySQL target under a worker killed mid-load, and its memory.
 */
describe('course_stats_to_mysql and a MySQL target under a killed worker (real engine, real MariaDB)', () => {
  let database: TTestDatabase;
  let warehouse: TWarehouseDatabase;
  let server: TMysqlServer;
  let app: mysql.Connection;
  let client: pg.Client;
  let engine: TestEngine;
  let worker: TEngineProcess;
  let workspaceId: string;

  const mysqlRows = async <T>(sql: string) => (await app.query(sql))[0] as T[];
  const trigger = async (dagId: string) => (await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId })).id;

  beforeAll(async () => {
    server = await startMysqlServer('app');
    app = await server.connect();
    database = await createTestDatabase('course_mysql');
    warehouse = await createWarehouseDatabase('course_mysql_wh');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    engine = new TestEngine(database.url, {
      TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${server.port}`,
    });
    await seedDemo({ databaseUrl: database.url, secretKey: engine.secretKey, warehouseUrl: warehouse.url });
    workspaceId = (await database.db.workspace.findUniqueOrThrow({ where: { slug: DEMO_WORKSPACE.slug } })).id;
    await createConnection(systemContext(database.db, workspaceId, 'test'), new SecretBox(engine.secretKey), {
      connId: 'app_db',
      connType: 'mysql',
      host: server.host,
      port: server.port,
      login: server.user,
      password: server.password,
      schema: server.database,
    });
    engine.startScheduler();
    worker = engine.startWorker();
  }, 120_000);
  afterAll(async () => {
    await engine?.stop('SIGKILL');
    await app?.end();
    await client?.end();
    await database?.drop();
    await warehouse?.drop();
    await server?.stop();
  });

  it("pushes the warehouse's per-course figures into MySQL, equal to a computation of its own, and a re-run leaves the same table", async () => {
    const example = readFileSync(path.join(ROOT, 'examples/connectors/course_stats_to_mysql.yaml'), 'utf8');
    await deployUnpaused(database.db, workspaceId, example);
    const first = await waitForRun(database.db, await trigger('course_stats_to_mysql'), 90_000);
    expect(first.states, engine.output().slice(-4000)).toEqual({
      summarise: 'success',
      check_warehouse_summary: 'success',
      push_to_mysql: 'success',
      check_mysql_summary: 'success',
      same_row_count: 'success',
    });

    // The figures again, from the raw rows, in this process: counts, and the average rounded half up.
    const courses = (await client.query<{ course_id: number; num_students: number }>('select course_id, num_students from course')).rows;
    const reviews = (await client.query<{ course_id: number; rating: number }>('select course_id, rating from course_review')).rows;
    const expected = courses
      .map(({ course_id, num_students }) => {
        const ratings = reviews.filter((review) => review.course_id === course_id).map((review) => review.rating);
        const sum = ratings.reduce((total, rating) => total + rating, 0);
        const hundredths = ratings.length === 0 ? null : Math.floor((200 * sum + ratings.length) / (2 * ratings.length));
        return {
          course_id,
          student_count: String(num_students),
          review_count: String(ratings.length),
          avg_rating: hundredths === null ? null : (hundredths / 100).toFixed(2),
        };
      })
      .sort((a, b) => a.course_id - b.course_id);
    expect(expected.some((row) => row.avg_rating === null)).toBe(true);
    const read = async () =>
      (await mysqlRows<Record<string, unknown>>('select course_id, student_count, review_count, avg_rating from course_summary order by course_id')).map((row) => ({
        course_id: row.course_id,
        student_count: String(row.student_count),
        review_count: String(row.review_count),
        avg_rating: row.avg_rating === null ? null : String(row.avg_rating),
      }));
    expect(await read()).toEqual(expected);
    const [key] = await mysqlRows<{ column_name: string }>(
      `select column_name from information_schema.key_column_usage where table_schema = 'app' and table_name = 'course_summary' and constraint_name = 'PRIMARY'`,
    );
    expect(key?.column_name).toBe('course_id');

    const again = await waitForRun(database.db, await trigger('course_stats_to_mysql'), 90_000);
    expect(again.run.state, engine.output().slice(-4000)).toBe('success');
    expect(await read()).toEqual(expected);
  });

  it('leaves the MySQL table exactly as it was when the worker is killed mid-load, and the retry completes it, equal to the source, in under 300 MB', async () => {
    await deployUnpaused(
      database.db,
      workspaceId,
      `
dag_id: events_to_mysql
default_args: { retries: 2, retry_delay: 1s }
tasks:
  - task_id: push
    type: load
    source: { conn_id: warehouse, sql: "select id, payload, bucket from events_big order by id" }
    target: { conn_id: app_db, table: events_copy }
    mode: full_refresh
    key: [id]
`,
    );
    const fill = (rows: number, salt: string) =>
      client.query(`drop table if exists events_big; create table events_big as
        select g as id, md5('${salt}' || g) as payload, g % 97 as bucket from generate_series(1, ${rows}) g`);
    await fill(1_000, 'before');
    const before = await waitForRun(database.db, await trigger('events_to_mysql'), 90_000);
    expect(before.run.state, engine.output().slice(-4000)).toBe('success');
    const beforeChecksum = (await mysqlRows(MYSQL_CHECKSUM))[0];
    expect(beforeChecksum).toMatchObject({ n: '1000' });

    await fill(1_000_000, 'after');
    const expected = (await client.query(PG_CHECKSUM)).rows[0];
    const runPk = await trigger('events_to_mysql');
    // Halfway: the staging table holds rows, and the table the backend reads is untouched.
    const staged = async () => {
      try {
        return (await mysqlRows<{ n: number }>('select count(*) as n from events_copy__tributary_load'))[0]!.n >= 50_000;
      } catch {
        return false; // not created yet
      }
    };
    await waitFor(staged, { timeoutMs: 90_000, what: 'the load to be halfway through the staging table' });
    worker.child.kill('SIGKILL');
    await worker.exited;
    expect((await mysqlRows(MYSQL_CHECKSUM))[0]).toEqual(beforeChecksum);

    worker = engine.startWorker();
    const retried = await waitForRun(database.db, runPk, 100_000);
    expect(retried.states, engine.output().slice(-4000)).toEqual({ push: 'success' });
    expect(retried.instances[0]?.tryNumber).toBe(2);
    expect((await mysqlRows(MYSQL_CHECKSUM))[0]).toEqual(expected);
    expect(await mysqlRows(`select table_name from information_schema.tables where table_schema = 'app' and table_name like 'events_copy\\_\\_%'`)).toEqual([]);
    // The retry's worker read and wrote a million rows in batches, never holding them all.
    expect(peakRssMib(worker.child.pid!)).toBeLessThan(300);
  });
});
