import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type mysql from 'mysql2/promise';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { quoteIdent } from '../server/db/embedded-postgres';

/**
 * The load benchmark's data and its raw baselines: what the engines' own clients do with the same
 * rows when nothing but the write is left (no source, no conversion, no staging, no transaction).
 */

/** The MySQL target's multi-row INSERT size (load-target-mysql.ts: 2,000 rows, fewer only past 65,535 placeholders). */
export const MYSQL_ROWS_PER_STATEMENT = 2_000;

/** A summary-like table, as the course's production job pushes out: an int key, a few ints, a numeric, a varchar, an instant. */
export const SUMMARY_COLUMNS = 'course_id, students, reviews, lessons, avg_rating, title, updated';

export type TWarehouse = { url: string; drop(): Promise<void> };

/** A database owned by a role of its own (the egress guard refuses tasks the metadata role), as production has it. */
export async function createBenchWarehouse(superuserUrl: string, name: string): Promise<TWarehouse> {
  const role = `${name}_owner`;
  const password = randomBytes(18).toString('base64url');
  const admin = async (sql: string[]) => {
    const client = new pg.Client({ connectionString: superuserUrl });
    await client.connect();
    try {
      for (const statement of sql) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin([`drop database if exists ${quoteIdent(name)} with (force)`, `drop role if exists ${quoteIdent(role)}`]);
  await admin([
    `create role ${quoteIdent(role)} login nosuperuser password '${password}'`,
    `create database ${quoteIdent(name)} owner ${quoteIdent(role)}`,
  ]);
  const url = new URL(superuserUrl);
  url.username = role;
  url.password = password;
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin([`drop database if exists ${quoteIdent(name)} with (force)`, `drop role if exists ${quoteIdent(role)}`]) };
}

/** `rows` rows of the summary table; about one in fifty has nulls, titles 20-60 characters, instants with microseconds. */
export async function createSummarySource(client: pg.Client, rows: number): Promise<void> {
  await client.query('drop table if exists course_summary_src');
  await client.query(`create table course_summary_src (course_id integer primary key, students integer not null, reviews integer not null,
    lessons integer, avg_rating numeric(10,2), title character varying(200), updated timestamp with time zone)`);
  await client.query(
    `insert into course_summary_src
     select g, (g::bigint * 7919) % 50000, (g::bigint * 104729) % 9000, case when g % 53 = 0 then null else g % 120 end,
       case when g % 50 = 0 then null else ((g::bigint * 37) % 100000) / 100.0 end,
       'Course ' || g || ': ' || (array['Intro to SQL', 'Data pipelines with Airflow', 'Warehouse modelling', 'Streaming in practice', 'Statistics for analysts, part two'])[1 + g % 5],
       timestamptz '2024-03-01 00:00:00+00' + g * interval '1.234567 second'
     from generate_series(1, $1::int) g`,
    [rows],
  );
  await client.query('analyze course_summary_src');
}

/** The rows as mysql2 takes them cheapest, read before the clock starts: numbers, and text MySQL parses (the instant already in UTC). */
export async function summaryRowsInMemory(client: pg.Client): Promise<unknown[][]> {
  const result = await client.query({
    text: `select course_id, students, reviews, lessons, avg_rating::text, title, to_char(updated at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
           from course_summary_src order by course_id`,
    rowMode: 'array',
  });
  return result.rows as unknown[][];
}

/** mysql2 alone: the in-memory rows in multi-row INSERTs of the load's size into an empty table like `likeTable`. Returns seconds. */
export async function mysqlBulkInsert(session: mysql.Connection, likeTable: string, rows: unknown[][]): Promise<number> {
  await session.query('drop table if exists course_summary_baseline');
  await session.query(`create table course_summary_baseline like ${likeTable}`);
  const started = performance.now();
  for (let start = 0; start < rows.length; start += MYSQL_ROWS_PER_STATEMENT) {
    await session.query(`insert into course_summary_baseline (${SUMMARY_COLUMNS}) values ?`, [rows.slice(start, start + MYSQL_ROWS_PER_STATEMENT)]);
  }
  return (performance.now() - started) / 1000;
}

/** The rows as PostgreSQL's CSV (what `COPY ... FROM STDIN` reads), in memory: chunks as the server sent them. */
export async function summaryCsvInMemory(client: pg.Client): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  const stream = client.query(copyTo(`copy (select ${SUMMARY_COLUMNS} from course_summary_src order by course_id) to stdout with (format csv)`));
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks;
}

/** PostgreSQL's COPY FROM STDIN alone: the CSV text into an empty table like `likeTable`. Returns seconds. */
export async function postgresCopy(client: pg.Client, likeTable: string, csv: Buffer[]): Promise<number> {
  await client.query('drop table if exists course_summary_copy_baseline');
  await client.query(`create table course_summary_copy_baseline (like ${likeTable} including all)`);
  const started = performance.now();
  await pipeline(Readable.from(csv), client.query(copyFrom(`copy course_summary_copy_baseline (${SUMMARY_COLUMNS}) from stdin with (format csv)`)));
  return (performance.now() - started) / 1000;
}
