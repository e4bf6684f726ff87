import { isRedisTarget, isS3Target, type TLoadConfig } from '../domain/dag/task-configs';
import { isRedisConnType } from '../domain/connections/redis-settings';
import { isS3ConnType } from '../domain/connections/s3-settings';
import { inTransaction, withPostgresClient } from './postgres-connection';
import { parseTableName } from './postgres-identifiers';
import { withLoadSource } from './load-source';
import { readAhead } from './load-rows';
import { isMysqlConnType } from '../domain/connections/mysql-settings';
import { postgresLoadTarget, type TLoadTarget, type TWriteStrategy } from './load-target';
import { withMysqlLoadTarget } from './load-target-mysql';
import { withRedisLoadTarget } from './load-target-redis';
import { withS3LoadTarget } from './load-target-s3';
import { TaskFailure, type TTaskType } from './task-type';

export type TLoadOutput = {
  table: string;
  mode: TLoadConfig['mode'];
  rows_read: number;
  rows_deleted: number;
  rows_written: number;
};

/**
 * A partition_column wins over key when both are given: the partition is replaced, and the key
 * only becomes the primary key of a table the load creates.
 */
function writeStrategy(config: TLoadConfig, ds: string): TWriteStrategy {
  if (config.mode === 'full_refresh') return { kind: 'full_refresh' };
  if (config.partition_column !== undefined) return { kind: 'partition', column: config.partition_column, ds };
  if (config.key !== undefined) return { kind: 'upsert', key: config.key };
  // The config schema already rejects this; kept so a schema change cannot make it a silent full refresh.
  throw new Error('an incremental load needs partition_column or key');
}

function describeStrategy(strategy: TWriteStrategy): string {
  switch (strategy.kind) {
    case 'full_refresh':
      return 'full refresh: every row replaced';
    case 'partition':
      return `incremental: rows where ${strategy.column} = ${strategy.ds} replaced`;
    case 'upsert':
      return `incremental: upsert on (${strategy.key.join(', ')})`;
  }
}

/**
 * Opens the load's target for `work`, whose changes it keeps only if `work` returns. A
 * PostgreSQL table: everything happens in one transaction that commits only after the last
 * source row is written, so a failure at any point leaves the table exactly as it was. A MySQL
 * table: see load-target-mysql.ts (a staging table swapped in, or one InnoDB transaction).
 * Redis keys: see load-target-redis.ts (staging keys switched in by one MULTI/EXEC).
 */
async function withLoadTarget<T>(ctx: Parameters<TTaskType<'load'>['run']>[0], work: (target: TLoadTarget) => Promise<T>): Promise<T> {
  const { target } = ctx.config;
  const connection = await ctx.getConnection(target.conn_id);
  if (isS3Target(target)) return withS3LoadTarget(connection, target, ctx, work);
  if (isRedisTarget(target)) return withRedisLoadTarget(connection, target, ctx, work);
  if (isRedisConnType(connection.connType)) {
    throw new TaskFailure(`connection '${target.conn_id}' is a redis connection: its target takes key_prefix and key_column, not table`);
  }
  if (isS3ConnType(connection.connType)) {
    throw new TaskFailure(`connection '${target.conn_id}' is an s3 connection: its target takes bucket, key and format, not table`);
  }
  if (isMysqlConnType(connection.connType)) return withMysqlLoadTarget(connection, target.table, ctx, work);
  const table = parseTableName(target.table);
  return withPostgresClient(connection, ctx, (client) => inTransaction(client, () => work(postgresLoadTarget(client, table, ctx.log))));
}

/**
 * Copies a source (CSV or JSON over HTTP, or a query) into a table, batch by batch: one batch
 * in memory at a time. A re-run of the same logical date leaves the same table, and a failure
 * leaves it as it was.
 */
export const loadTask: TTaskType<'load'> = {
  type: 'load',
  async run(ctx) {
    const { config, log } = ctx;
    const strategy = writeStrategy(config, ctx.templateContext.ds);
    const output = await withLoadTarget(ctx, (target) => {
      log.system(`Loading into ${target.display} on connection '${config.target.conn_id}' (${describeStrategy(strategy)})`);
      return withLoadSource(config.source, ctx, async (source): Promise<TLoadOutput> => {
        const plan = { columns: source.columns, strategy, key: config.key };
        const rowsDeleted = await target.prepare(plan);
        const writer = target.writer(plan);
        let rowsRead = 0;
        let rowsWritten = 0;
        // Writes in order on one session (one transaction); the next batch is read meanwhile
        // (readAhead), so at most two batches are in memory.
        const pump = async <T>(batches: AsyncIterable<T>, rowsOf: (batch: T) => number, write: (batch: T) => Promise<number>) => {
          for await (const batch of readAhead(batches)) {
            ctx.signal.throwIfAborted();
            rowsRead += rowsOf(batch);
            rowsWritten += await write(batch);
          }
        };
        // A source that encodes COPY text itself (Parquet) hands a COPY target that text instead of rows.
        const { writeCopy } = writer;
        const copyBatches = writeCopy && source.copyBatches?.();
        try {
          if (writeCopy && copyBatches) await pump(copyBatches, (batch) => batch.rowCount, (batch) => writeCopy.call(writer, batch));
          else await pump(source.batches, (batch) => batch.length, (batch) => writer.write(batch));
          await writer.close?.();
        } catch (error) {
          await writer.abort?.();
          throw error;
        }
        await target.finish(plan, rowsWritten);
        log.system(`Read ${rowsRead} rows from ${source.description}`);
        log.system(`${strategy.kind === 'upsert' ? 'Inserted or updated' : 'Inserted'} ${rowsWritten} rows into ${target.display}`);
        return { table: target.display, mode: config.mode, rows_read: rowsRead, rows_deleted: rowsDeleted, rows_written: rowsWritten };
      });
    });
    log.system(`Committed the load into ${output.table}`);
    return { output };
  },
};
