import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTask } from '../../server/tasks/load';
import type { TResolvedConnection } from '../../server/tasks/task-type';
import { connectionFromUrl, taskContext } from '../support/task-context';
import { waitFor } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/** Files the local HTTP server serves, by path. */
const files = new Map<string, { type: string; body: string }>();

function serve(path: string, body: string, type = 'text/csv') {
  files.set(path, { type, body });
}

describe('task type load', () => {
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let connection: TResolvedConnection;
  let server: http.Server;
  let baseUrl: string;

  const rows = async (sql: string) => (await client.query(sql)).rows;
  const run = (config: Record<string, unknown>, logicalDate?: Date) => {
    const ctx = taskContext('load', config, { connections: [connection], logicalDate });
    return { ctx, result: loadTask.run(ctx) };
  };
  const load = async (config: Record<string, unknown>, logicalDate?: Date) => (await run(config, logicalDate).result).output;

  beforeAll(async () => {
    warehouse = await createWarehouseDatabase('wh');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    connection = connectionFromUrl('wh', warehouse.url);
    server = http.createServer((request, response) => {
      const file = files.get(request.url ?? '');
      if (!file) return void response.writeHead(404).end('not found');
      response.writeHead(200, { 'content-type': file.type }).end(file.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await client.end();
    await warehouse.drop();
  });
  beforeEach(async () => {
    files.clear();
    await client.query('drop schema if exists public cascade; drop schema if exists analytics cascade; create schema public; create schema analytics');
  });

  describe('full_refresh', () => {
    beforeEach(async () => {
      await client.query(`create table src (id int, amount numeric(10,2), day date, note text)`);
      await client.query(`insert into src values (1, 9.5, '2024-03-01', 'a'), (2, null, '2024-02-29', 'b, "quoted"'), (3, 0, null, null)`);
    });

    it('creates the table with the source query’s column types and copies every row', async () => {
      const config = { source: { conn_id: 'wh', sql: 'select * from src;' }, target: { conn_id: 'wh', table: 'analytics.Orders' } };
      expect(await load(config)).toEqual({ table: 'analytics.Orders', mode: 'full_refresh', rows_read: 3, rows_deleted: 0, rows_written: 3 });
      const columns = await rows(
        `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = 'analytics."Orders"'::regclass and attnum > 0 order by attnum`,
      );
      expect(columns).toEqual([
        { name: 'id', type: 'integer' },
        { name: 'amount', type: 'numeric(10,2)' },
        { name: 'day', type: 'date' },
        { name: 'note', type: 'text' },
      ]);
      expect(await rows('select * from src order by id')).toEqual(await rows('select * from analytics."Orders" order by id'));
    });

    it('leaves an identical table when run again', async () => {
      const config = { source: { conn_id: 'wh', sql: 'select * from src' }, target: { conn_id: 'wh', table: 'copy' } };
      await load(config);
      const first = await rows('select * from copy order by id');
      expect(await load(config)).toMatchObject({ rows_read: 3, rows_deleted: 3, rows_written: 3 });
      expect(await rows('select * from copy order by id')).toEqual(first);
    });

    it('reads a large query in batches and splits wide inserts under the parameter limit', async () => {
      const columns = Array.from({ length: 20 }, (_, i) => `g + ${i} as c${i}`).join(', ');
      const config = { source: { conn_id: 'wh', sql: `select ${columns} from generate_series(1, 12001) g` }, target: { conn_id: 'wh', table: 'wide' } };
      expect(await load(config)).toMatchObject({ rows_read: 12001, rows_written: 12001 });
      expect(await rows('select count(*)::int as n, sum(c19)::int as s from wide')).toEqual([{ n: 12001, s: (12001 * 12002) / 2 + 19 * 12001 }]);
    });

    it('loads a CSV with a header row that never becomes a record; unquoted empty is NULL', async () => {
      serve('/courses.csv', 'course_id,title,tag\n1,Intro,""\n2,"Data, Eng",\n');
      const config = { source: { url: `${baseUrl}/courses.csv`, format: 'csv' }, target: { conn_id: 'wh', table: 'course' } };
      expect(await load(config)).toMatchObject({ rows_read: 2, rows_written: 2 });
      expect(await rows('select * from course order by course_id')).toEqual([
        { course_id: '1', title: 'Intro', tag: '' },
        { course_id: '2', title: 'Data, Eng', tag: null },
      ]);
      await load(config);
      expect(await rows('select count(*)::int as n from course')).toEqual([{ n: 2 }]);
    });

    it('names the columns col1..colN for a CSV without header', async () => {
      serve('/raw.csv', '1,a\n2,b\n');
      await load({ source: { url: `${baseUrl}/raw.csv`, format: 'csv', header: false }, target: { conn_id: 'wh', table: 'raw' } });
      expect(await rows('select * from raw order by col1')).toEqual([
        { col1: '1', col2: 'a' },
        { col1: '2', col2: 'b' },
      ]);
    });

    it('loads JSON: a list of objects, or an object with one list', async () => {
      serve('/list.json', JSON.stringify([{ id: 1, name: 'a' }, { id: 2, tags: ['x'], ok: true }]), 'application/json');
      serve('/wrapped.json', JSON.stringify({ count: 1, data: [{ id: 3 }] }), 'application/json');
      await load({ source: { url: `${baseUrl}/list.json`, format: 'json' }, target: { conn_id: 'wh', table: 'j' } });
      expect(await rows('select * from j order by id')).toEqual([
        { id: '1', name: 'a', tags: null, ok: null },
        { id: '2', name: null, tags: '["x"]', ok: 'true' },
      ]);
      expect(await load({ source: { url: `${baseUrl}/wrapped.json`, format: 'json' }, target: { conn_id: 'wh', table: 'j' } })).toMatchObject({ rows_deleted: 2, rows_written: 1 });
      expect(await rows('select id from j')).toEqual([{ id: '3' }]);
    });

    it('fails on an HTTP error before touching the table', async () => {
      const { result } = run({ source: { url: `${baseUrl}/missing.csv`, format: 'csv' }, target: { conn_id: 'wh', table: 'never' } });
      await expect(result).rejects.toThrow(/answered HTTP 404/);
      expect(await rows("select to_regclass('never') as t")).toEqual([{ t: null }]);
    });
  });

  describe('a failure mid-load', () => {
    it('rolls back every statement: the table is exactly as before', async () => {
      await client.query('create table typed (id int primary key, n int not null)');
      await client.query('insert into typed values (1, 100), (2, 200)');
      const good = Array.from({ length: 5500 }, (_, i) => `${i + 10},${i}`);
      good[5200] = '5210,not a number';
      serve('/typed.csv', `id,n\n${good.join('\n')}\n`);
      const { result } = run({ source: { url: `${baseUrl}/typed.csv`, format: 'csv' }, target: { conn_id: 'wh', table: 'typed' } });
      // The first 5,200 rows were already in the same COPY, of the same transaction.
      await expect(result).rejects.toThrow(/source row 5201 into typed failed \(nothing was changed\): invalid input syntax for type integer: "not a number"/);
      expect(await rows('select * from typed order by id')).toEqual([
        { id: 1, n: 100 },
        { id: 2, n: 200 },
      ]);
    });

    it('ends the open COPY when the source fails after earlier batches were streamed, and the table is as before', async () => {
      await client.query('create table ragged (id int, n int)');
      await client.query('insert into ragged values (1, 100)');
      // Far enough into the file that the first batches were parsed and streamed before the parser reaches it.
      const lines = Array.from({ length: 60_000 }, (_, i) => `${i + 10},${i}`);
      lines[50_000] = '50010,1,extra';
      serve('/ragged.csv', `id,n\n${lines.join('\n')}\n`);
      const { result } = run({ source: { url: `${baseUrl}/ragged.csv`, format: 'csv' }, target: { conn_id: 'wh', table: 'ragged' } });
      await expect(result).rejects.toThrow(/the CSV is malformed: .* on line 50002/);
      // The session rolled back (the COPY did not hold it), and the load's rows are gone.
      expect(await rows('select * from ragged')).toEqual([{ id: 1, n: 100 }]);
    });

    it('rolls back on a not-null violation in the third row', async () => {
      await client.query('create table typed (id int, n int not null)');
      await client.query('insert into typed values (1, 100)');
      serve('/typed.csv', 'id,n\n5,1\n6,2\n7,\n');
      const { result } = run({ source: { url: `${baseUrl}/typed.csv`, format: 'csv' }, target: { conn_id: 'wh', table: 'typed' } });
      await expect(result).rejects.toThrow(/null value in column "n"/);
      expect(await rows('select * from typed')).toEqual([{ id: 1, n: 100 }]);
    });

    it('stops a slow source query when aborted, and the table keeps its rows', async () => {
      await client.query('create table slow (x text)');
      await client.query("insert into slow values ('kept')");
      const controller = new AbortController();
      const ctx = taskContext('load', { source: { conn_id: 'wh', sql: 'select pg_sleep(60)::text as x' }, target: { conn_id: 'wh', table: 'slow' } }, {
        connections: [connection],
        signal: controller.signal,
      });
      const loading = loadTask.run(ctx);
      // The cursor's first FETCH is what runs the query.
      const active = "select 1 from pg_stat_activity where application_name = 'tributary-task' and query like 'fetch forward%' and state = 'active'";
      await waitFor(async () => (await client.query(active)).rowCount);
      controller.abort(new Error('execution_timeout'));
      await expect(loading).rejects.toThrow('execution_timeout');
      await waitFor(async () => (await client.query(active)).rowCount === 0, { what: 'the source query to be cancelled' });
      expect(await rows('select * from slow')).toEqual([{ x: 'kept' }]);
    });
  });

  describe('incremental', () => {
    const march1 = new Date('2024-03-01T00:00:00Z');

    beforeEach(async () => {
      await client.query(`create table orders (id int primary key, day date not null, amount int)`);
      await client.query(`insert into orders values (1, '2024-02-29', 10), (2, '2024-03-01', 20), (3, '2024-03-01', 30)`);
      await client.query(`create table staged (id int, day date, amount int)`);
      await client.query(`insert into staged values (2, '2024-03-01', 21), (4, '2024-03-01', 40)`);
    });

    it('by partition_column replaces only the logical date’s rows, and a re-run changes nothing', async () => {
      const config = {
        source: { conn_id: 'wh', sql: "select * from staged where day = '2024-03-01'" },
        target: { conn_id: 'wh', table: 'orders' },
        mode: 'incremental',
        partition_column: 'day',
      };
      expect(await load(config, march1)).toEqual({ table: 'orders', mode: 'incremental', rows_read: 2, rows_deleted: 2, rows_written: 2 });
      const after = await rows('select id, day::text, amount from orders order by id');
      expect(after).toEqual([
        { id: 1, day: '2024-02-29', amount: 10 },
        { id: 2, day: '2024-03-01', amount: 21 },
        { id: 4, day: '2024-03-01', amount: 40 },
      ]);
      await load(config, march1);
      expect(await rows('select id, day::text, amount from orders order by id')).toEqual(after);
    });

    it('by partition_column fails, changing nothing, when a source row is of another date', async () => {
      await client.query(`insert into staged values (5, '2024-03-02', 50)`);
      const before = await rows('select * from orders order by id');
      const config = { source: { conn_id: 'wh', sql: 'select * from staged' }, target: { conn_id: 'wh', table: 'orders' }, mode: 'incremental', partition_column: 'day' };
      await expect(run(config, march1).result).rejects.toThrow(/1 source rows have day other than the run's logical date 2024-03-01 \(e.g. 2024-03-02\)/);
      expect(await rows('select * from orders order by id')).toEqual(before);
    });

    it('by key upserts: updates matching rows, inserts new ones, keeps the others', async () => {
      const config = { source: { conn_id: 'wh', sql: 'select * from staged' }, target: { conn_id: 'wh', table: 'orders' }, mode: 'incremental', key: 'id' };
      expect(await load(config)).toEqual({ table: 'orders', mode: 'incremental', rows_read: 2, rows_deleted: 0, rows_written: 2 });
      const after = await rows('select id, day::text, amount from orders order by id');
      expect(after).toEqual([
        { id: 1, day: '2024-02-29', amount: 10 },
        { id: 2, day: '2024-03-01', amount: 21 },
        { id: 3, day: '2024-03-01', amount: 30 },
        { id: 4, day: '2024-03-01', amount: 40 },
      ]);
      await load(config);
      expect(await rows('select id, day::text, amount from orders order by id')).toEqual(after);
    });

    it('by key creates a missing table with that primary key', async () => {
      const config = { source: { conn_id: 'wh', sql: 'select * from staged' }, target: { conn_id: 'wh', table: 'keyed' }, mode: 'incremental', key: ['id'] };
      await load(config);
      expect(await rows(`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'keyed'::regclass and contype = 'p'`)).toEqual([{ def: 'PRIMARY KEY (id)' }]);
    });

    it('by key fails clearly when the target has no unique constraint on the key', async () => {
      const config = { source: { conn_id: 'wh', sql: 'select * from staged' }, target: { conn_id: 'wh', table: 'orders' }, mode: 'incremental', key: ['day'] };
      await expect(run(config).result).rejects.toThrow(/needs a primary key or unique constraint on exactly those columns of orders/);
    });

    it('by key fails when the source repeats a key', async () => {
      await client.query(`insert into staged values (4, '2024-03-01', 41)`);
      const before = await rows('select * from orders order by id');
      const config = { source: { conn_id: 'wh', sql: 'select * from staged' }, target: { conn_id: 'wh', table: 'orders' }, mode: 'incremental', key: 'id' };
      await expect(run(config).result).rejects.toThrow(/source row 3 repeats the key \["4"\]/);
      expect(await rows('select * from orders order by id')).toEqual(before);
    });
  });
});
