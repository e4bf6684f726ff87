import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTask } from '../../server/tasks/load';
import type { TResolvedConnection } from '../../server/tasks/task-type';
import { connectionFromUrl, taskContext } from '../support/task-context';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/** A full refresh into PostgreSQL writes each batch with COPY FROM STDIN, inside the load's one transaction. */
describe('full refresh into PostgreSQL by COPY', () => {
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let connections: TResolvedConnection[];

  const rows = async (sql: string) => (await client.query(sql)).rows;
  const load = async (sql: string, table: string) => {
    const ctx = taskContext('load', { source: { conn_id: 'wh', sql }, target: { conn_id: 'wh', table }, mode: 'full_refresh' }, { connections });
    return (await loadTask.run(ctx)).output;
  };

  beforeAll(async () => {
    warehouse = await createWarehouseDatabase('copyload');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    connections = [connectionFromUrl('wh', warehouse.url)];
  });
  afterAll(async () => {
    await client?.end();
    await warehouse?.drop();
  });
  beforeEach(async () => {
    await client.query('drop schema if exists public cascade; create schema public');
  });

  it('keeps every value exactly: NULL apart from the empty string, tabs, newlines, backslashes, the text \\N, bytes, JSON, arrays', async () => {
    await client.query(`create table src (id int, note text, raw bytea, doc jsonb, tags text[], price numeric(10,2), seen timestamptz)`);
    await client.query(`insert into src values
      (1, '', '\\x00ff5c'::bytea, '{"a": "tab\\there"}', array['x', 'y z', null], 1.50, '2024-03-01 09:00:00.123456+09'),
      (2, null, null, null, null, null, null),
      (3, E'a\\tb\\nc\\rd \\\\ e', ''::bytea, 'null', '{}', -0.01, '1999-12-31 23:59:59+00'),
      (4, '\\N', decode('5c4e', 'hex'), '[1, "\\\\N"]', array['\\N', ''], 0, null)`);
    const output = await load('select * from src order by id', 'copied');
    expect(output).toMatchObject({ rows_read: 4, rows_written: 4 });
    const differences = "select count(*)::int as n from ((select * from src except all select * from copied) union all (select * from copied except all select * from src)) d";
    expect(await rows(differences)).toEqual([{ n: 0 }]);
    expect(await rows('select id, note is null as null_note from copied order by id')).toEqual([
      { id: 1, null_note: false },
      { id: 2, null_note: true },
      { id: 3, null_note: false },
      { id: 4, null_note: false },
    ]);
  });

  it('streams every batch of the source into one COPY statement', async () => {
    await client.query('create table counted (n int)');
    await client.query('create table statements (text text)');
    // A statement-level trigger fires once per INSERT or COPY and sees the statement's own text.
    await client.query(`create function remember_statement() returns trigger language plpgsql as $$
      begin insert into statements values (lower(left(current_query(), 4))); return null; end $$`);
    await client.query('create trigger remembered after insert on counted for each statement execute function remember_statement()');
    const output = await load('select g as n from generate_series(1, 8000) g', 'counted');
    expect(output).toMatchObject({ rows_written: 8000 });
    // Two batches of the source (5,000 rows each at most), one statement.
    expect(await rows('select text from statements')).toEqual([{ text: 'copy' }]);
    expect(await rows('select count(*)::int as n, sum(n)::int as total from counted')).toEqual([{ n: 8000, total: 32_004_000 }]);
  });

  it('fails naming the exact source row a value does not fit, and leaves the table as it was', async () => {
    await client.query('create table typed (n int not null)');
    await client.query('insert into typed values (1), (2)');
    const source = "select case when g = 7203 then 'x' else g::text end as n from generate_series(1, 8000) g";
    // Rows 1-7,202 went into the same COPY, in the second batch of the source.
    await expect(load(source, 'typed')).rejects.toThrow(
      /^writing source row 7203 into typed failed \(nothing was changed\): invalid input syntax for type integer: "x" /,
    );
    expect(await rows('select n from typed order by n')).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
