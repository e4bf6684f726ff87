import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyText } from '../domain/load/postgres-copy-text';
import { describePostgresError, postgresErrorCode } from './postgres-connection';
import { quoteIdent, quoteIdentList, type TTableName } from './postgres-identifiers';
import { postgresColumnType } from '../domain/load/column-types';
import type { TCopyBatch, TLoadColumn, TLoadRow } from './load-rows';
import { TaskFailure, type TTaskLog } from './task-type';

/** PostgreSQL's wire protocol counts bind parameters in 16 bits. */
const MAX_PARAMETERS = 65_535;
const MAX_ROWS_PER_STATEMENT = 5_000;

/** How the rows replace what is there: everything, one logical date's partition, or by key. */
export type TWriteStrategy =
  | { kind: 'full_refresh' }
  | { kind: 'partition'; column: string; ds: string }
  | { kind: 'upsert'; key: string[] };

/** What a load writes, whatever the target's engine. */
export type TTargetPlan = {
  columns: TLoadColumn[];
  strategy: TWriteStrategy;
  /** Becomes the primary key when the table is created. */
  key: string[] | undefined;
};

/** A PostgreSQL target's plan: the table, in the transaction of one session. */
type TPostgresPlan = TTargetPlan & { table: TTableName };

function requireColumns(plan: TTargetPlan, names: string[], role: string): void {
  const present = new Set(plan.columns.map((column) => column.name));
  const missing = names.filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new TaskFailure(`${role} ${missing.join(', ')} is not a column of the source (columns: ${[...present].join(', ') || 'none'})`);
  }
}

export function validatePlan(plan: TTargetPlan): void {
  const seen = new Set<string>();
  for (const column of plan.columns) {
    if (seen.has(column.name)) throw new TaskFailure(`the source has two columns named '${column.name}'`);
    seen.add(column.name);
  }
  if (plan.strategy.kind === 'partition') requireColumns(plan, [plan.strategy.column], 'partition_column');
  if (plan.key) requireColumns(plan, plan.key, 'key');
}

/**
 * Serialises loads into one table. The advisory lock covers two runs creating the table at the
 * same moment; once it exists, SHARE ROW EXCLUSIVE (which conflicts with itself and with every
 * writer, not with readers) keeps a concurrent full refresh from interleaving delete and insert
 * and duplicating rows. Readers keep seeing the old rows until commit.
 */
async function lockTable(client: pg.Client, table: TTableName): Promise<boolean> {
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [`tributary.load:${table.sql}`]);
  const { rows } = await client.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [table.sql]);
  const exists = rows[0]?.exists ?? false;
  if (exists) await client.query(`lock table ${table.sql} in share row exclusive mode`);
  return exists;
}

async function createTable(client: pg.Client, plan: TPostgresPlan, log: TTaskLog): Promise<void> {
  if (plan.columns.length === 0) {
    throw new TaskFailure(`table ${plan.table.display} does not exist and the source has no columns to create it from`);
  }
  const definitions = plan.columns.map((column) => `${quoteIdent(column.name)} ${column.postgresType ?? postgresColumnType(column.type)}`);
  if (plan.key) definitions.push(`primary key (${quoteIdentList(plan.key)})`);
  await client.query(`create table ${plan.table.sql} (${definitions.join(', ')})`);
  log.system(`Created table ${plan.table.display} (${definitions.join(', ')})`);
}

/**
 * ON CONFLICT needs a unique index on exactly the key columns. Planning an insert that inserts
 * nothing asks PostgreSQL itself, with its own matching rules, before any row is touched.
 */
async function assertConflictTarget(client: pg.Client, table: TTableName, key: string[]): Promise<void> {
  const columns = quoteIdentList(key);
  try {
    await client.query(`insert into ${table.sql} (${columns}) select ${columns} from ${table.sql} where false on conflict (${columns}) do nothing`);
  } catch (error) {
    if (postgresErrorCode(error) !== '42P10') throw error;
    throw new TaskFailure(
      `an incremental load by key (${key.join(', ')}) needs a primary key or unique constraint on exactly those columns of ${table.display}, ` +
        `and there is none: add one, e.g. alter table ${table.sql} add primary key (${columns})`,
    );
  }
}

async function deleteReplacedRows(client: pg.Client, plan: TPostgresPlan): Promise<number> {
  const { strategy, table } = plan;
  if (strategy.kind === 'upsert') return 0;
  if (strategy.kind === 'full_refresh') {
    // DELETE rather than TRUNCATE: TRUNCATE would block every reader of the table until commit.
    const result = await client.query(`delete from ${table.sql}`);
    return result.rowCount ?? 0;
  }
  const result = await client.query(`delete from ${table.sql} where ${quoteIdent(strategy.column)} = $1`, [strategy.ds]);
  return result.rowCount ?? 0;
}

/** Creates the table if needed and removes the rows the load replaces. Returns how many it removed. */
async function prepareTarget(client: pg.Client, plan: TPostgresPlan, log: TTaskLog): Promise<number> {
  validatePlan(plan);
  const exists = await lockTable(client, plan.table);
  if (!exists) await createTable(client, plan, log);
  if (plan.strategy.kind === 'upsert') await assertConflictTarget(client, plan.table, plan.strategy.key);
  const deleted = await deleteReplacedRows(client, plan);
  if (plan.strategy.kind === 'partition') {
    log.system(`Deleted ${deleted} rows of ${plan.table.display} where ${plan.strategy.column} = ${plan.strategy.ds}`);
  } else if (plan.strategy.kind === 'full_refresh') {
    log.system(`Deleted ${deleted} rows of ${plan.table.display}`);
  }
  return deleted;
}

function placeholders(rowCount: number, columnCount: number): string {
  const rows: string[] = [];
  for (let row = 0; row < rowCount; row++) {
    const cells = Array.from({ length: columnCount }, (_, column) => `$${row * columnCount + column + 1}`);
    rows.push(`(${cells.join(', ')})`);
  }
  return rows.join(', ');
}

function insertSql(plan: TPostgresPlan, rowCount: number): string {
  const insert = `insert into ${plan.table.sql} (${quoteIdentList(plan.columns.map((c) => c.name))}) values ${placeholders(rowCount, plan.columns.length)}`;
  const { strategy } = plan;
  if (strategy.kind === 'upsert') {
    const updates = plan.columns.filter((c) => !strategy.key.includes(c.name)).map((c) => `${quoteIdent(c.name)} = excluded.${quoteIdent(c.name)}`);
    const action = updates.length === 0 ? 'do nothing' : `do update set ${updates.join(', ')}`;
    return `${insert} on conflict (${quoteIdentList(strategy.key)}) ${action}`;
  }
  if (strategy.kind === 'partition') {
    // Every inserted row must belong to the replaced partition, compared in the column's own
    // type: a row of another date would survive the next run's delete and be loaded twice.
    const column = quoteIdent(strategy.column);
    const dsParameter = `$${rowCount * plan.columns.length + 1}`;
    return `with inserted as (${insert} returning ${column})
      select count(*)::int as outside, min(${column}::text) as example from inserted where ${column} is distinct from ${dsParameter}`;
  }
  return insert;
}

function rowsPerStatement(plan: TTargetPlan): number {
  const reserved = plan.strategy.kind === 'partition' ? 1 : 0;
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor((MAX_PARAMETERS - reserved) / plan.columns.length)));
}

async function insertChunk(client: pg.Client, plan: TPostgresPlan, rows: TLoadRow[]): Promise<number> {
  const values: (string | null)[] = rows.flat();
  if (plan.strategy.kind === 'partition') values.push(plan.strategy.ds);
  const result = await client.query<{ outside: number; example: string | null }>(insertSql(plan, rows.length), values);
  if (plan.strategy.kind !== 'partition') return result.rowCount ?? 0;
  const outside = result.rows[0]?.outside ?? 0;
  if (outside > 0) {
    throw new TaskFailure(
      `${outside} source rows have ${plan.strategy.column} other than the run's logical date ${plan.strategy.ds} ` +
        `(e.g. ${result.rows[0]?.example ?? 'null'}): a load by partition_column may only contain that date's rows`,
    );
  }
  return rows.length;
}

/** COPY names the line it failed on (`COPY t, line 201, column n: "x"`): line 1 is the statement's first row. */
/** The line of a COPY that PostgreSQL refused: with one COPY for the whole load, the source row. */
function copyLine(error: unknown): number | undefined {
  const line = error instanceof pg.DatabaseError ? /^COPY .*?, line (\d+)/.exec(error.where ?? '')?.[1] : undefined;
  return line === undefined ? undefined : Number(line);
}

function describeWriteError(error: unknown, table: TTableName, first: number, last: number): TaskFailure {
  const where = `writing source rows ${first}-${last} into ${table.display} failed (nothing was changed)`;
  if (postgresErrorCode(error) === '21000') {
    return new TaskFailure(`${where}: the source has several rows with the same key`);
  }
  return new TaskFailure(`${where}: ${describePostgresError(error)}`);
}


/**
 * Checks each chunk of source rows before it is written: every row as wide as the columns, and
 * (an upsert) no key twice. Within one statement a database rejects a repeated key itself;
 * across statements it would silently update the row just inserted, so repeated keys are caught
 * here, for every target.
 */
export function rowChecker(plan: TTargetPlan): (chunk: TLoadRow[], first: number) => void {
  const width = plan.columns.length;
  const seenKeys = new Set<string>();
  const keyIndexes = plan.strategy.kind === 'upsert' ? plan.strategy.key.map((name) => plan.columns.findIndex((c) => c.name === name)) : [];
  return (chunk, first) => {
    for (const [index, row] of chunk.entries()) {
      if (row.length !== width) throw new TaskFailure(`source row ${first + index} has ${row.length} values, expected ${width}`);
      if (keyIndexes.length === 0) continue;
      const key = JSON.stringify(keyIndexes.map((i) => row[i]));
      if (seenKeys.has(key)) throw new TaskFailure(`source row ${first + index} repeats the key ${key} of an earlier row`);
      seenKeys.add(key);
    }
  };
}

/** Inserts batches in multi-row statements; `write` returns how many rows it inserted or updated. */
function targetWriter(client: pg.Client, plan: TPostgresPlan): TTargetWriter {
  const chunkRows = rowsPerStatement(plan);
  const check = rowChecker(plan);
  let offset = 0;
  return {
    async write(rows) {
      let written = 0;
      for (let start = 0; start < rows.length; start += chunkRows) {
        const chunk = rows.slice(start, start + chunkRows);
        const first = offset + start + 1;
        check(chunk, first);
        try {
          written += await insertChunk(client, plan, chunk);
        } catch (error) {
          if (error instanceof TaskFailure || !(error instanceof pg.DatabaseError)) throw error;
          throw describeWriteError(error, plan.table, first, offset + start + chunk.length);
        }
      }
      offset += rows.length;
      return written;
    },
  };
}

/**
 * A full refresh streams every batch into one COPY FROM STDIN in the caller's transaction: about
 * ten times the rows per second of bound multi-row INSERTs (bench/load-benchmark.ts), with the
 * same values (text, which PostgreSQL parses with each column's input function, as it casts an
 * untyped parameter; NULL apart from '') and the same guarantee (a failure rolls everything back).
 * One statement for the whole load, not one per batch: PostgreSQL parses the stream while the
 * next batch is read and encoded, instead of waiting at each batch's end for the next
 * statement. Its error names the line, which is the source row. Partition and key loads keep
 * INSERT: they need RETURNING and ON CONFLICT.
 */
function copyWriter(client: pg.Client, plan: TPostgresPlan): TTargetWriter {
  const check = rowChecker(plan);
  const statement = `copy ${plan.table.sql} (${quoteIdentList(plan.columns.map((c) => c.name))}) from stdin`;
  let offset = 0;
  let stream: ReturnType<typeof copyFrom> | null = null;
  let failure: unknown = null;
  let finished: Promise<void> | null = null;
  const failed = () => {
    const line = copyLine(failure);
    return line === undefined
      ? describeWriteError(failure, plan.table, 1, offset)
      : new TaskFailure(`writing source row ${line} into ${plan.table.display} failed (nothing was changed): ${describePostgresError(failure)}`);
  };
  function open(): ReturnType<typeof copyFrom> {
    const opened = client.query(copyFrom(statement));
    finished = new Promise<void>((resolve, reject) => {
      opened.on('finish', resolve);
      opened.on('error', (error: unknown) => {
        failure = error;
        reject(error);
      });
    });
    // Awaited in close(); an error before then is rethrown by the next write.
    finished.catch(() => undefined);
    return opened;
  }
  async function copy(bytes: Uint8Array, rowCount: number): Promise<number> {
    if (failure) throw failed();
    stream ??= open();
    offset += rowCount;
    if (!stream.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) {
      // Backpressure: at most this batch waits in memory until PostgreSQL has read it.
      await Promise.race([once(stream, 'drain'), finished]).catch(() => undefined);
      if (failure) throw failed();
    }
    return rowCount;
  }
  return {
    async write(rows) {
      if (rows.length === 0) return 0;
      check(rows, offset + 1);
      return copy(Buffer.from(copyText(rows)), rows.length);
    },
    // Lines the source encoded from its typed columns: as wide as the columns by construction.
    writeCopy: (batch) => (batch.rowCount === 0 ? Promise.resolve(0) : copy(batch.bytes, batch.rowCount)),
    async abort() {
      // The load stopped (its source failed, or it was cancelled): CopyFail ends the statement,
      // so the session can roll back.
      if (!stream || failure || stream.writableEnded) return;
      stream.destroy(new Error('the load stopped before its last row'));
      await finished?.catch(() => undefined);
    },
    async close() {
      if (!stream) return;
      stream.end();
      try {
        await finished;
      } catch (error) {
        if (!(error instanceof pg.DatabaseError)) throw error;
        throw failed();
      }
    },
  };
}

/**
 * A PostgreSQL table as a load's target: everything happens in the one transaction the caller
 * opened on `client`, so a failure at any point leaves the table as it was.
 */
export function postgresLoadTarget(client: pg.Client, table: TTableName, log: TTaskLog): TLoadTarget {
  return {
    display: table.display,
    prepare: (plan) => prepareTarget(client, { ...plan, table }, log),
    writer: (plan) => (plan.strategy.kind === 'full_refresh' ? copyWriter : targetWriter)(client, { ...plan, table }),
    // The caller's transaction commits when its work returns; each insert checked its rows already.
    finish: async () => undefined,
  };
}

/** Writes a batch; returns how many rows it inserted or updated. */
export type TTargetWriter = {
  write(rows: TLoadRow[]): Promise<number>;
  /** A COPY target's other door: a batch the source already encoded as COPY text (TLoadSource.copyBatches). */
  writeCopy?(batch: TCopyBatch): Promise<number>;
  /** After the last batch: the writer's own statement ends (a streamed COPY), or its error comes out. */
  close?(): Promise<void>;
  /** The load failed before close: the writer's open statement is abandoned, so its session can roll back. */
  abort?(): Promise<void>;
};

/** Where a load writes: prepared once (created, the replaced rows removed), then written batch by batch. */
export type TLoadTarget = {
  display: string;
  /** Creates what is missing and removes the rows the load replaces; returns how many it removed. */
  prepare(plan: TTargetPlan): Promise<number>;
  writer(plan: TTargetPlan): TTargetWriter;
  /** After the last batch: makes the rows visible where that is a step of its own (a swap, a commit), or refuses them. */
  finish(plan: TTargetPlan, rowsWritten: number): Promise<void>;
};
