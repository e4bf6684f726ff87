import { parquetWriteBuffer } from 'hyparquet-writer';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { loadTask } from '../../server/tasks/load';
import type { TResolvedConnection } from '../../server/tasks/task-type';
import { attemptLog, createWorkspace, runToEnd } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { startParquetServer, type TParquetServer } from '../support/parquet-server';
import { connectionFromUrl, taskContext } from '../support/task-context';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

const BIG = 2n ** 53n + 1n;

/** A file hyparquet-writer writes with one column of each type a warehouse table needs, and a null in each. */
function everyTypeFile(): Uint8Array {
  const bytes = parquetWriteBuffer({
    columnData: [
      { name: 'course_id', data: [1, 2, null] },
      { name: 'students', data: [BIG, -BIG, null] },
      { name: 'rating', data: [450n, 123456789012n, null] },
      { name: 'share', data: [0.25, -1.5, null] },
      { name: 'active', data: [true, false, null] },
      { name: 'day', data: [new Date('2024-02-29T00:00:00Z'), new Date('1999-12-31T00:00:00Z'), null] },
      { name: 'updated', data: [1_709_283_600_123_456n, 0n, null] },
      { name: 'title', data: ['Ünïcødé ✓ 日本', 'Airflow "intro"', null] },
      { name: 'thumbnail', data: [new Uint8Array([0, 255]), new Uint8Array([1]), null] },
    ],
    schema: [
      { name: 'root', num_children: 9 },
      { name: 'course_id', type: 'INT32', repetition_type: 'OPTIONAL' },
      { name: 'students', type: 'INT64', repetition_type: 'OPTIONAL' },
      { name: 'rating', type: 'INT64', converted_type: 'DECIMAL', precision: 12, scale: 2, repetition_type: 'OPTIONAL' },
      { name: 'share', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
      { name: 'active', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
      { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
      { name: 'updated', type: 'INT64', converted_type: 'TIMESTAMP_MICROS', repetition_type: 'OPTIONAL' },
      { name: 'title', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'thumbnail', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
    ],
  });
  return new Uint8Array(bytes);
}

/** `count` rows (n, n * 3, 'row n') in row groups of 7,000: several groups, each more than one batch. */
function manyRowsFile(count: number): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'n', data: Array.from({ length: count }, (_, i) => i + 1), type: 'INT32' },
        { name: 'triple', data: Array.from({ length: count }, (_, i) => BigInt((i + 1) * 3)), type: 'INT64' },
        { name: 'label', data: Array.from({ length: count }, (_, i) => `row ${i + 1}`), type: 'STRING' },
      ],
      rowGroupSize: 7_000,
    }),
  );
}

const EXPECTED_COLUMNS = [
  ['course_id', 'integer'],
  ['students', 'bigint'],
  ['rating', 'numeric(12,2)'],
  ['share', 'double precision'],
  ['active', 'boolean'],
  ['day', 'date'],
  ['updated', 'timestamp with time zone'],
  ['title', 'text'],
  ['thumbnail', 'bytea'],
];

const EXPECTED_ROWS = [
  ['1', BIG.toString(), '4.50', '0.25', 't', '2024-02-29', '2024-03-01 09:00:00.123456+00', 'Ünïcødé ✓ 日本', '\\x00ff'],
  ['2', (-BIG).toString(), '1234567890.12', '-1.5', 'f', '1999-12-31', '1970-01-01 00:00:00+00', 'Airflow "intro"', '\\x01'],
  [null, null, null, null, null, null, null, null, null],
];

async function tableColumns(client: pg.Client, table: string): Promise<string[][]> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
     where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [table],
  );
  return rows.map((row) => [row.name, row.type]);
}

/** Every row of `table` as text, in the UTC session the comparison expects. */
async function tableText(client: pg.Client, table: string, orderBy: string): Promise<(string | null)[][]> {
  await client.query(`set time zone 'UTC'`);
  const { rows } = await client.query({ text: `select * from ${table} order by ${orderBy}`, rowMode: 'array', types: { getTypeParser: () => (value: string) => value } });
  return rows as (string | null)[][];
}

describe('load from Parquet over HTTP into PostgreSQL', () => {
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let connection: TResolvedConnection;
  let files: TParquetServer;

  const run = async (url: string, table: string, extra: Record<string, unknown> = {}) => {
    const ctx = taskContext('load', { source: { url, format: 'parquet' }, target: { conn_id: 'wh', table }, ...extra }, { connections: [connection] });
    return { ctx, output: (await loadTask.run(ctx)).output };
  };

  beforeAll(async () => {
    warehouse = await createWarehouseDatabase('parquetwh');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    connection = connectionFromUrl('wh', warehouse.url);
    files = await startParquetServer();
  });
  afterAll(async () => {
    await files?.stop();
    await client?.end();
    await warehouse?.drop();
  });
  beforeEach(async () => {
    files.clear();
    await client.query('drop schema if exists public cascade; create schema public');
  });

  it('creates a table with the mapped types from a file hyparquet-writer wrote, reading it by ranges, and a full refresh re-run leaves it identical', async () => {
    files.serve('/courses.parquet', everyTypeFile());
    const first = await run(`${files.baseUrl}/courses.parquet`, 'courses');
    expect(first.output).toEqual({ table: 'courses', mode: 'full_refresh', rows_read: 3, rows_deleted: 0, rows_written: 3 });
    expect(await tableColumns(client, 'courses')).toEqual(EXPECTED_COLUMNS);
    expect(await tableText(client, 'courses', 'course_id')).toEqual(EXPECTED_ROWS);
    // Every request asked for a byte range, and was answered one.
    expect(files.requests.length).toBeGreaterThan(1);
    expect(files.requests.every((request) => request.range !== undefined && request.status === 206)).toBe(true);

    const again = await run(`${files.baseUrl}/courses.parquet`, 'courses');
    expect(again.output).toMatchObject({ rows_deleted: 3, rows_written: 3 });
    expect(await tableText(client, 'courses', 'course_id')).toEqual(EXPECTED_ROWS);
    expect(again.ctx.log.text()).toContain(`by range requests`);
    expect(again.ctx.log.text()).not.toContain(connection.password);
  });

  it('streams several row groups, each in batches, into the table in order', async () => {
    files.serve('/many.parquet', manyRowsFile(30_000));
    const { output } = await run(`${files.baseUrl}/many.parquet`, 'many');
    expect(output).toMatchObject({ rows_read: 30_000, rows_written: 30_000 });
    const { rows } = await client.query(`select count(*)::int as n, sum(triple)::text as triples, bool_and(label = 'row ' || n) as labelled from many`);
    expect(rows).toEqual([{ n: 30_000, triples: String((3 * 30_000 * 30_001) / 2), labelled: true }]);
  });

  it('names the source row a later batch fails on, and leaves the table as it was after earlier batches were written', async () => {
    await client.query(`create table many (n integer, triple bigint check (triple <= 60000), label text)`);
    await client.query(`insert into many values (0, 0, 'before')`);
    files.serve('/many.parquet', manyRowsFile(30_000));
    // Row 20,001 (triple 60,003) is in the third group, after two groups' rows went into the same COPY.
    await expect(run(`${files.baseUrl}/many.parquet`, 'many')).rejects.toThrow(
      /^writing source row 20001 into many failed \(nothing was changed\): .*"many_triple_check"/,
    );
    expect((await client.query(`select n, triple::int, label from many`)).rows).toEqual([{ n: 0, triple: 0, label: 'before' }]);
  });

  it('reads a small file whole from a server that ignores Range, and refuses a large one naming the reason', async () => {
    files.serve('/plain.parquet', everyTypeFile(), { ranges: false });
    await run(`${files.baseUrl}/plain.parquet`, 'plain');
    expect(await tableText(client, 'plain', 'course_id')).toEqual(EXPECTED_ROWS);

    files.serve('/huge.parquet', everyTypeFile(), { ranges: false, announcedLength: 100 * 1024 * 1024 });
    await expect(run(`${files.baseUrl}/huge.parquet`, 'huge')).rejects.toThrow(
      `GET ${files.baseUrl}/huge.parquet: the server does not support range requests (it answered 200 to a Range request), and the file is 104857600 bytes: Tributary reads such a file whole only up to 64 MiB`,
    );
    expect((await client.query(`select to_regclass('huge') as t`)).rows).toEqual([{ t: null }]);
  });

  it('fails on a file that is not Parquet, or a column it cannot hold, and leaves the table as it was', async () => {
    files.serve('/courses.parquet', everyTypeFile());
    await run(`${files.baseUrl}/courses.parquet`, 'courses');
    files.serve('/not.parquet', new TextEncoder().encode('course_id,title\n1,SQL\n'));
    await expect(run(`${files.baseUrl}/not.parquet`, 'courses')).rejects.toThrow(`${files.baseUrl}/not.parquet is not a readable Parquet file`);
    files.serve('/many.parquet', manyRowsFile(10));
    await expect(run(`${files.baseUrl}/many.parquet`, 'courses')).rejects.toThrow(/^writing source rows 1-10 into courses failed \(nothing was changed\): .*"n"/);
    expect(await tableText(client, 'courses', 'course_id')).toEqual(EXPECTED_ROWS);
  });

  it('refuses a cloud metadata address, naming the egress rule, before any request', async () => {
    await expect(run('http://169.254.169.254/latest/data.parquet', 'never')).rejects.toThrow(
      'GET http://169.254.169.254/latest/data.parquet: Refused to connect to 169.254.169.254:80 (link-local / cloud metadata address): Tributary never lets a workspace reach it.',
    );
  });
});

/** The same load run by the real scheduler and worker processes, with the egress rules a worker has. */
describe('load from Parquet on a real worker', () => {
  let database: TTestDatabase;
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let files: TParquetServer;
  let engine: TestEngine;

  beforeAll(async () => {
    files = await startParquetServer();
    files.serve('/courses.parquet', everyTypeFile());
    database = await createTestDatabase('parquet_engine');
    warehouse = await createWarehouseDatabase('parquetengwh');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    const workspaceId = (await createWorkspace(database.db, 'parquet')).id;
    engine = new TestEngine(database.url, { TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${files.port}` });
    const wh = new URL(warehouse.url);
    await createConnection(systemContext(database.db, workspaceId, 'test'), new SecretBox(engine.secretKey), {
      connId: 'wh', connType: 'postgres', host: wh.hostname, port: Number(wh.port), login: decodeURIComponent(wh.username),
      password: decodeURIComponent(wh.password), schema: wh.pathname.slice(1),
    });
    engine.startScheduler();
    engine.startWorker();
  }, 120_000);
  afterAll(async () => {
    await engine?.stop();
    await client?.end();
    await warehouse?.drop();
    await database?.drop();
    await files?.stop();
  });

  it('loads the file with its types, and refuses a loopback port the worker does not allow, naming the rule', async () => {
    const outcome = await runToEnd(database.db, (await database.db.workspace.findFirstOrThrow({ where: { slug: 'parquet' } })).id, `
dag_id: parquet_courses
tasks:
  - { task_id: load, type: load, source: { url: "${files.baseUrl}/courses.parquet", format: parquet }, target: { conn_id: wh, table: courses } }
  - { task_id: closed, type: load, retries: 0, source: { url: "http://127.0.0.1:${files.port + 1}/x.parquet", format: parquet }, target: { conn_id: wh, table: never } }
`, { timeoutMs: 90_000 });
    expect(outcome.states, engine.output().slice(-3000)).toEqual({ load: 'success', closed: 'failed' });
    expect(await tableColumns(client, 'courses')).toEqual(EXPECTED_COLUMNS);
    expect(await tableText(client, 'courses', 'course_id')).toEqual(EXPECTED_ROWS);
    const closed = outcome.instances.find((ti) => ti.taskId === 'closed')!;
    const [attempt] = await database.db.taskAttempt.findMany({ where: { taskInstanceId: closed.id } });
    expect(attempt?.errorMessage).toBe(
      `GET http://127.0.0.1:${files.port + 1}/x.parquet: Refused to connect to 127.0.0.1:${files.port + 1} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${files.port + 1} (or a CIDR).`,
    );
    const load = outcome.instances.find((ti) => ti.taskId === 'load')!;
    const log = await attemptLog(database.db, load.id, 1);
    expect(log).toContain('by range requests');
    expect(log).not.toContain(decodeURIComponent(new URL(warehouse.url).password));
  });
});
