import type mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTask } from '../../server/tasks/load';
import type { TResolvedConnection } from '../../server/tasks/task-type';
import { startMysqlServer, type TMysqlServer } from '../support/mysql-server';
import { connectionFromUrl, taskContext, testEgressPolicy } from '../support/task-context';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/** The course's production data job: warehouse results pushed into the MySQL table a backend reads. */
describe('load into MySQL (a real MariaDB)', () => {
  let server: TMysqlServer;
  let target: mysql.Connection;
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let connections: TResolvedConnection[];

  const rows = async (sql: string) => (await target.query(sql))[0] as Record<string, unknown>[];
  const load = async (config: Record<string, unknown>, options: { logicalDate?: Date; egress?: string } = {}) => {
    const ctx = taskContext('load', config, {
      connections,
      logicalDate: options.logicalDate,
      ...(options.egress === undefined ? {} : { egress: testEgressPolicy(options.egress) }),
    });
    return { ctx, output: (await loadTask.run(ctx)).output };
  };
  const summary = (extra: Record<string, unknown> = {}) => ({
    source: { conn_id: 'wh', sql: 'select course_id, students, reviews, rating, title, updated from course_stats order by course_id' },
    target: { conn_id: 'app', table: 'course_summary' },
    mode: 'full_refresh',
    ...extra,
  });

  beforeAll(async () => {
    server = await startMysqlServer('app');
    target = await server.connect();
    warehouse = await createWarehouseDatabase('mysqlwh');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    connections = [connectionFromUrl('wh', warehouse.url), server.connection('app')];
  }, 60_000);
  afterAll(async () => {
    await target?.end();
    await client?.end();
    await warehouse?.drop();
    await server?.stop();
  });
  beforeEach(async () => {
    await client.query('drop table if exists course_stats');
    await client.query(`create table course_stats (course_id integer primary key, students bigint not null, reviews integer, rating numeric(3,2),
      title character varying(200), updated timestamp with time zone)`);
    await client.query(`insert into course_stats values (1, 120, 30, 4.50, 'SQL', '2024-03-01 09:00:00+09'), (2, 8, 0, null, 'Airflow "intro"', null)`);
    await target.query('drop table if exists course_summary');
  });

  it('creates the table with mapped types and a key, fills it, and a re-run leaves the same table', async () => {
    const first = await load(summary({ key: ['course_id'] }));
    expect(first.output).toEqual({ table: 'course_summary', mode: 'full_refresh', rows_read: 2, rows_deleted: 0, rows_written: 2 });
    const [columns] = await target.query(
      `select column_name as name, column_type as type, column_key as k from information_schema.columns where table_schema = 'app' and table_name = 'course_summary' order by ordinal_position`,
    );
    expect(columns).toEqual([
      { name: 'course_id', type: 'int(11)', k: 'PRI' },
      { name: 'students', type: 'bigint(20)', k: '' },
      { name: 'reviews', type: 'int(11)', k: '' },
      { name: 'rating', type: 'decimal(3,2)', k: '' },
      { name: 'title', type: 'varchar(200)', k: '' },
      { name: 'updated', type: 'datetime(6)', k: '' },
    ]);
    const expected = [
      { course_id: 1, students: 120, reviews: 30, rating: '4.50', title: 'SQL', updated: '2024-03-01 00:00:00.000000' },
      { course_id: 2, students: 8, reviews: 0, rating: null, title: 'Airflow "intro"', updated: null },
    ];
    const read = () => rows(`select course_id, students, reviews, rating, title, date_format(updated, '%Y-%m-%d %H:%i:%s.%f') as updated from course_summary order by course_id`);
    expect(await read()).toEqual(expected);
    const again = await load(summary({ key: ['course_id'] }));
    expect(again.output).toMatchObject({ rows_deleted: 2, rows_written: 2 });
    expect(await read()).toEqual(expected);
    expect(again.ctx.log.text()).not.toContain(server.password);
  });

  it('swaps a full refresh in at once, and a failure in a later batch leaves the old rows and no staging table', async () => {
    await load(summary());
    await client.query(`insert into course_stats select g, 1, 1, 1, 't' || g, null from generate_series(3, 12001) g`);
    await client.query('alter table course_stats alter column title type text');
    await client.query(`insert into course_stats values (20000, 1, 1, 1, repeat('x', 300), null)`);
    // The first load created title as varchar(200): row 12,002's title does not fit, after 12,001 rows were written.
    await expect(load(summary())).rejects.toThrow(/writing source rows .* into course_summary failed \(nothing was changed\): .*title/i);
    expect(await rows('select count(*) as n from course_summary')).toEqual([{ n: 2 }]);
    expect(await rows(`select table_name from information_schema.tables where table_schema = 'app' and table_name like '%tributary%'`)).toEqual([]);
  });

  it('replaces one logical date by partition_column, refusing rows of another date and keeping the table', async () => {
    await client.query('create table daily (day date, course_id integer, students integer)');
    await client.query(`insert into daily values ('2024-03-01', 1, 10), ('2024-03-01', 2, 20)`);
    await target.query('create table daily_summary (day date, course_id int, students int, primary key (day, course_id))');
    await target.query(`insert into daily_summary values ('2024-02-29', 1, 5), ('2024-03-01', 1, 999)`);
    const config = {
      source: { conn_id: 'wh', sql: "select day, course_id, students from daily where day = '2024-03-01'" },
      target: { conn_id: 'app', table: 'daily_summary' },
      mode: 'incremental',
      partition_column: 'day',
    };
    const { output } = await load(config);
    expect(output).toMatchObject({ rows_deleted: 1, rows_written: 2 });
    const read = () => rows(`select date_format(day, '%Y-%m-%d') as day, course_id, students from daily_summary order by day, course_id`);
    const after = [{ day: '2024-02-29', course_id: 1, students: 5 }, { day: '2024-03-01', course_id: 1, students: 10 }, { day: '2024-03-01', course_id: 2, students: 20 }];
    expect(await read()).toEqual(after);
    const wrong = { ...config, source: { conn_id: 'wh', sql: "select '2024-03-02'::date as day, 3 as course_id, 30 as students" } };
    await expect(load(wrong)).rejects.toThrow("1 source rows have day other than the run's logical date 2024-03-01");
    expect(await read()).toEqual(after);
  });

  it('upserts by key where a unique key exists, and says how to add one where none does', async () => {
    await target.query('create table course_summary (course_id int primary key, students bigint, reviews int, rating decimal(3,2), title varchar(200), updated datetime(6))');
    await target.query(`insert into course_summary values (2, 1, 1, 1, 'old', null), (7, 70, 7, 1, 'kept', null)`);
    const { output } = await load(summary({ mode: 'incremental', key: ['course_id'] }));
    expect(output).toMatchObject({ rows_written: 2 });
    expect(await rows('select course_id, students, title from course_summary order by course_id')).toEqual([
      { course_id: 1, students: 120, title: 'SQL' },
      { course_id: 2, students: 8, title: 'Airflow "intro"' },
      { course_id: 7, students: 70, title: 'kept' },
    ]);
    await target.query('create table no_key (course_id int, students bigint)');
    const noKey = { ...summary({ mode: 'incremental', key: ['course_id'] }), source: { conn_id: 'wh', sql: 'select course_id, students from course_stats' }, target: { conn_id: 'app', table: 'no_key' } };
    await expect(load(noKey)).rejects.toThrow('needs a primary key or unique index on exactly those columns of no_key');
  });

  it('names the column a type cannot be created for, and the one the target lacks', async () => {
    const keyOfText = { ...summary({ key: ['title'] }), source: { conn_id: 'wh', sql: 'select title::text as title from course_stats' } };
    await expect(load(keyOfText)).rejects.toThrow("cannot create course_summary: column 'title' is a key of unbounded text");
    await target.query('create table course_summary (course_id int primary key)');
    await expect(load(summary())).rejects.toThrow("the source's column students, reviews, rating, title, updated is not a column of course_summary (columns: course_id)");
  });

  it('reaches a MySQL target only where the egress rules allow', async () => {
    await expect(load(summary(), { egress: '10.0.0.0/8' })).rejects.toThrow(/connection 'app': .*127\.0\.0\.1/);
    expect(await rows(`select table_name from information_schema.tables where table_schema = 'app' and table_name like 'course_summary%'`)).toEqual([]);
  });

  describe('from a MySQL query', () => {
    beforeEach(async () => {
      await target.query('drop table if exists enrollments, enrollments_copy');
      await target.query(`create table enrollments (id bigint unsigned primary key, course varchar(50) not null, paid decimal(8,2), active tinyint(1),
        level enum('intro','advanced'), enrolled datetime(3), seen timestamp null, meta json, avatar blob, note text)`);
      await target.query(`insert into enrollments values
        (1, 'SQL', 19.90, 1, 'intro', '2024-03-01 10:11:12.345', '2024-03-01 00:00:00', '{"a": [1, 2]}', x'cafe', 'first'),
        (2, 'Airflow', null, 0, 'advanced', null, null, null, null, null)`);
      await target.query(`insert into enrollments (id, course) select seq, concat('c', seq) from seq_3_to_12002`);
      await client.query('drop table if exists enrollments');
    });

    it('loads into PostgreSQL with its types mapped, streaming every row', async () => {
      const { output } = await load({ source: { conn_id: 'app', sql: 'select * from enrollments order by id' }, target: { conn_id: 'wh', table: 'enrollments' }, mode: 'full_refresh' });
      expect(output).toMatchObject({ rows_read: 12_002, rows_written: 12_002 });
      const types = await client.query(`select column_name, format_type(atttypid, atttypmod) as type from information_schema.columns c
        join pg_attribute a on a.attrelid = 'enrollments'::regclass and a.attname = c.column_name where table_name = 'enrollments' order by ordinal_position`);
      expect(types.rows.map((row) => `${row.column_name} ${row.type}`)).toEqual([
        // MariaDB's JSON is LONGTEXT with a check: its values arrive as text (MySQL 8's as json).
        'id numeric(20,0)', 'course character varying(50)', 'paid numeric(8,2)', 'active boolean', 'level character varying(8)',
        'enrolled timestamp without time zone', 'seen timestamp with time zone', 'meta text', 'avatar bytea', 'note text',
      ]);
      const first = await client.query(`select id::text, course, paid::text, active, level, enrolled::text, seen, meta, encode(avatar, 'hex') as avatar, note from enrollments where id in (1, 2) order by id`);
      expect(first.rows).toEqual([
        { id: '1', course: 'SQL', paid: '19.90', active: true, level: 'intro', enrolled: '2024-03-01 10:11:12.345', seen: new Date('2024-03-01T00:00:00Z'), meta: '{"a": [1, 2]}', avatar: 'cafe', note: 'first' },
        { id: '2', course: 'Airflow', paid: null, active: false, level: 'advanced', enrolled: null, seen: null, meta: null, avatar: null, note: null },
      ]);
    });

    it('loads into MySQL, table to table', async () => {
      const { output } = await load({ source: { conn_id: 'app', sql: 'select id, course, paid, active, enrolled from enrollments' }, target: { conn_id: 'app', table: 'enrollments_copy' }, mode: 'full_refresh', key: ['id'] });
      expect(output).toMatchObject({ rows_read: 12_002, rows_written: 12_002 });
      expect(await rows(`select id, course, paid, active, date_format(enrolled, '%Y-%m-%d %H:%i:%s.%f') as enrolled from enrollments_copy where id <= 2 order by id`)).toEqual([
        { id: 1, course: 'SQL', paid: '19.90', active: 1, enrolled: '2024-03-01 10:11:12.345000' },
        { id: 2, course: 'Airflow', paid: null, active: 0, enrolled: null },
      ]);
    });
  });
});
