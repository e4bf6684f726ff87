import pg from 'pg';
import type mysql from 'mysql2/promise';
import { metadataDatabaseFromUrl, type TEgressPolicy } from '../server/domain/egress/decide-egress';
import { parseEgressAllow } from '../server/domain/egress/parse-egress-allow';
import { mysqlValue } from '../server/domain/load/mysql-values';
import { loadTask, type TLoadOutput } from '../server/tasks/load';
import { withLoadSource } from '../server/tasks/load-source';
import type { TLoadColumn, TLoadRow } from '../server/tasks/load-rows';
import type { TResolvedConnection } from '../server/tasks/task-type';
import { startMysqlServer, type TMysqlServer } from '../tests/support/mysql-server';
import type { TS3Server } from '../tests/support/s3-server';
import { startS3ServerProcess } from './s3rver-process';
import { connectionFromUrl, taskContext } from '../tests/support/task-context';
import {
  createBenchWarehouse, createSummarySource, mysqlBulkInsert, postgresCopy, summaryCsvInMemory, summaryRowsInMemory, SUMMARY_COLUMNS, type TWarehouse,
} from './load-baselines';

/**
 * (o) Loads of 1,000,000 rows through the real load task (loadTask.run in this process, with a
 * context as the worker builds one: connections resolved, the egress guard on, 127.0.0.1 allowed),
 * each beside its engine's raw client in the same run:
 *  - PostgreSQL → MySQL (a throwaway MariaDB), full refresh, against mysql2's multi-row INSERTs of
 *    rows already in memory into an empty table;
 *  - S3 Parquet (s3rver, in a child process) → PostgreSQL, full refresh, against COPY FROM STDIN of CSV in memory.
 * Each is measured ROUNDS times, load and baseline in turn, and the best of each is reported.
 * The breakdown drains the load's source alone (read), converts its values as the target does
 * (convert, MySQL only: a PostgreSQL target takes the text as it is), beside the raw write.
 */
const ROUNDS = 2;

type TResult = { name: string; value: number | null; unit: string };
type TSay = (line: string) => void;
type TBenchEnv = { connections: TResolvedConnection[]; egress: TEgressPolicy; rows: number; say: TSay };

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const perSecond = (rows: number, seconds: number) => Math.round(rows / seconds);

function loadContext(env: TBenchEnv, config: Record<string, unknown>) {
  return taskContext('load', config, { connections: env.connections, egress: env.egress });
}

/** One run of the load task; fails the bench if it did not write every row. */
async function timedLoad(env: TBenchEnv, config: Record<string, unknown>): Promise<number> {
  const started = performance.now();
  const output = (await loadTask.run(loadContext(env, config))).output as TLoadOutput;
  const seconds = (performance.now() - started) / 1000;
  if (output.rows_written !== env.rows) throw new Error(`the load wrote ${output.rows_written} rows, expected ${env.rows}`);
  return seconds;
}

/** The load's source alone, drained batch by batch as the load reads it; `convert` is timed apart on each batch. */
async function timedSource(
  env: TBenchEnv,
  source: Record<string, unknown>,
  converter?: (columns: TLoadColumn[]) => (batch: TLoadRow[]) => void,
  asCopy = false,
) {
  const ctx = loadContext(env, { source, target: { conn_id: 'wh', table: 'unused' } });
  let readMs = 0;
  let convertMs = 0;
  let rows = 0;
  await withLoadSource(ctx.config.source, ctx, async (opened) => {
    const convert = converter?.(opened.columns);
    // A COPY target takes a Parquet source's COPY text (copyBatches), as the load does.
    const copies = asCopy ? opened.copyBatches?.() : undefined;
    const iterator = (copies ?? opened.batches)[Symbol.asyncIterator]();
    for (;;) {
      const started = performance.now();
      const next = await iterator.next();
      readMs += performance.now() - started;
      if (next.done) break;
      rows += Array.isArray(next.value) ? next.value.length : next.value.rowCount;
      if (Array.isArray(next.value) === false) continue;
      if (!convert) continue;
      const converting = performance.now();
      convert(next.value as TLoadRow[]);
      convertMs += performance.now() - converting;
    }
  });
  if (rows !== env.rows) throw new Error(`the source gave ${rows} rows, expected ${env.rows}`);
  return { readSeconds: readMs / 1000, convertSeconds: convertMs / 1000 };
}

async function benchPgToMysql(env: TBenchEnv, warehouse: pg.Client, mysqlServer: TMysqlServer): Promise<TResult[]> {
  const config = {
    source: { conn_id: 'wh', sql: `select ${SUMMARY_COLUMNS} from course_summary_src order by course_id` },
    target: { conn_id: 'app', table: 'course_summary' },
    mode: 'full_refresh',
    key: ['course_id'],
  };
  const session: mysql.Connection = await mysqlServer.connect();
  try {
    const inMemory = await summaryRowsInMemory(warehouse);
    const loads: number[] = [];
    const baselines: number[] = [];
    for (let n = 0; n < ROUNDS; n++) {
      // Both into a table that is not there yet (the load creates it; the baseline's is created empty).
      await session.query('drop table if exists course_summary');
      loads.push(await timedLoad(env, config));
      baselines.push(await mysqlBulkInsert(session, 'course_summary', inMemory));
    }
    const [counted] = await session.query('select count(*) as n from course_summary_baseline');
    const copied = (counted as { n: number }[])[0]?.n;
    if (Number(copied) !== env.rows) throw new Error(`the mysql2 baseline inserted ${copied} rows, expected ${env.rows}`);
    // The MySQL target converts each value for its column's type (the source's, for a table it creates).
    const parts = await timedSource(env, config.source, (columns) => (batch) => {
      for (const row of batch) for (let i = 0; i < row.length; i++) mysqlValue(columns[i]!.type, row[i] ?? null);
    });
    return report(env, 'pg_to_mysql', 'PostgreSQL → MySQL (MariaDB)', { loads, baselines, ...parts, baselineName: 'mysql2 bulk INSERT alone' });
  } finally {
    await session.end();
  }
}

async function benchParquetToPg(env: TBenchEnv, warehouse: pg.Client): Promise<TResult[]> {
  // The Parquet object is written by the load task itself (parquet-writer.ts, row groups of 100,000 rows), then read back.
  await loadTask.run(loadContext(env, {
    source: { conn_id: 'wh', sql: `select ${SUMMARY_COLUMNS} from course_summary_src order by course_id` },
    target: { conn_id: 'lake', bucket: 'lake', key: 'summary/course_summary.parquet', format: 'parquet' },
  }));
  const config = {
    source: { conn_id: 'lake', bucket: 'lake', key: 'summary/course_summary.parquet', format: 'parquet' },
    target: { conn_id: 'wh', table: 'course_summary_from_lake' },
    mode: 'full_refresh',
  };
  const csv = await summaryCsvInMemory(warehouse);
  const loads: number[] = [];
  const baselines: number[] = [];
  for (let n = 0; n < ROUNDS; n++) {
    await warehouse.query('drop table if exists course_summary_from_lake');
    loads.push(await timedLoad(env, config));
    baselines.push(await postgresCopy(warehouse, 'course_summary_from_lake', csv));
  }
  const { rows } = await warehouse.query<{ n: number }>('select count(*)::int as n from course_summary_copy_baseline');
  if (rows[0]?.n !== env.rows) throw new Error(`the COPY baseline wrote ${rows[0]?.n} rows, expected ${env.rows}`);
  const parts = await timedSource(env, config.source, undefined, true);
  return report(env, 'parquet_to_pg', 'S3 Parquet → PostgreSQL', { loads, baselines, ...parts, baselineName: 'COPY FROM STDIN alone' });
}

type TMeasured = { loads: number[]; baselines: number[]; readSeconds: number; convertSeconds: number; baselineName: string };

function report(env: TBenchEnv, key: string, title: string, measured: TMeasured): TResult[] {
  const load = Math.min(...measured.loads);
  const baseline = Math.min(...measured.baselines);
  const ratio = round(baseline / load, 3);
  const share = (seconds: number) => `${round(seconds, 2)} s (${Math.round((100 * seconds) / load)}% of the load)`;
  env.say(
    `(o) load ${title}, ${env.rows} rows: ${perSecond(env.rows, load)} rows/s (${round(load, 2)} s; rounds ${measured.loads.map((s) => round(s, 2)).join(', ')} s), ` +
      `${measured.baselineName} ${perSecond(env.rows, baseline)} rows/s (${round(baseline, 2)} s; rounds ${measured.baselines.map((s) => round(s, 2)).join(', ')} s): ratio ${ratio}`,
  );
  // The load reads the next batch while it writes one (readAhead), so the parts overlap and may add up to more than the load.
  env.say(
    `    where the load's time goes: the source read alone ${share(measured.readSeconds)}` +
      `${measured.convertSeconds > 0 ? `, the target's value conversion alone ${share(measured.convertSeconds)}` : ''}, ` +
      `the raw write alone (the baseline) ${share(baseline)}`,
  );
  return [
    { name: `load_${key}_rows_per_s`, value: perSecond(env.rows, load), unit: 'rows/s' },
    { name: `load_${key}_ratio`, value: ratio, unit: 'ratio' },
    { name: `load_${key}_baseline_rows_per_s`, value: perSecond(env.rows, baseline), unit: 'rows/s' },
  ];
}

/** `npm run bench`'s load section (BENCH_ONLY=load). `superuserUrl` creates the warehouse; `metadataUrl` is what the egress guard protects. */
export async function benchLoadSection(input: { superuserUrl: string; metadataUrl: string; rows: number; say: TSay }): Promise<TResult[]> {
  const parsed = parseEgressAllow('127.0.0.1');
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  const egress: TEgressPolicy = { allow: parsed.value, localNetworksAllowed: false, metadataDatabase: metadataDatabaseFromUrl(input.metadataUrl) };
  let warehouseDb: TWarehouse | null = null;
  let mysqlServer: TMysqlServer | null = null;
  let s3: TS3Server | null = null;
  let warehouse: pg.Client | null = null;
  try {
    warehouseDb = await createBenchWarehouse(input.superuserUrl, 'bench_load_warehouse');
    warehouse = new pg.Client({ connectionString: warehouseDb.url });
    await warehouse.connect();
    await createSummarySource(warehouse, input.rows);
    mysqlServer = await startMysqlServer('bench');
    // In a child process: a stand-in for a remote store, not part of the load's own thread.
    s3 = await startS3ServerProcess();
    await s3.createBucket('lake');
    const env: TBenchEnv = {
      connections: [connectionFromUrl('wh', warehouseDb.url), mysqlServer.connection('app'), s3.connection('lake')],
      egress,
      rows: input.rows,
      say: input.say,
    };
    return [...(await benchPgToMysql(env, warehouse, mysqlServer)), ...(await benchParquetToPg(env, warehouse))];
  } finally {
    await warehouse?.end().catch(() => undefined);
    await s3?.stop();
    await mysqlServer?.stop();
    await warehouseDb?.drop();
  }
}
