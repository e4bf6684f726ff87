import type { Connection as CallbackConnection } from 'mysql2';
import type { Connection, FieldPacket } from 'mysql2/promise';
import type { Readable } from 'node:stream';
import { mysqlFieldType } from '../domain/load/column-types';
import { inBatches, type TLoadColumn, type TLoadRow, type TLoadSource } from './load-rows';
import { withMysqlSession, type TMysqlTaskContext } from './mysql-connection';
import type { TResolvedConnection, TTaskLog } from './task-type';

/** A value of a mysql2 row as the text a load writes (the target casts it to its column's type). */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  // JSON columns arrive parsed; dates arrive as the server prints them (dateStrings).
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function columnsOf(fields: FieldPacket[]): TLoadColumn[] {
  return fields.map((field) => ({
    name: field.name,
    type: mysqlFieldType({
      columnType: field.columnType ?? 0,
      columnLength: field.columnLength ?? 0,
      decimals: field.decimals,
      flags: typeof field.flags === 'number' ? field.flags : 0,
      characterSet: field.characterSet ?? 0,
    }),
  }));
}

/**
 * Streams a query's rows from the server (mysql2 pauses the socket while a batch is written), in
 * one consistent read-only snapshot, so a million rows never sit in memory.
 */
async function streamQuery(session: Connection, sql: string): Promise<{ fields: FieldPacket[]; rows: AsyncIterable<unknown[]>; ended: () => boolean }> {
  // Streaming is the callback API's: the promise wrapper keeps it as `connection` (untyped there).
  const callbacks = (session as unknown as { connection: CallbackConnection }).connection;
  const stream: Readable = callbacks.query({ sql, rowsAsArray: true }).stream({ highWaterMark: 1_000 });
  let ended = false;
  stream.once('end', () => (ended = true));
  const fields = await new Promise<FieldPacket[]>((resolve, reject) => {
    stream.once('fields', resolve);
    stream.once('error', reject);
    // A statement that returns no result set (not a query) ends without fields.
    stream.once('end', () => resolve([]));
  });
  return { fields, rows: stream as AsyncIterable<unknown[]>, ended: () => ended };
}

/** A `{conn_id, sql}` source on a `mysql` connection: the query's rows, its column types mapped from the protocol's. */
export async function withMysqlQuerySource<T>(
  connection: TResolvedConnection,
  sql: string,
  ctx: TMysqlTaskContext & { log: TTaskLog },
  work: (source: TLoadSource) => Promise<T>,
): Promise<T> {
  return withMysqlSession(connection, ctx, async (session) => {
    await session.query('set session transaction read only');
    await session.query('start transaction with consistent snapshot');
    const { fields, rows, ended } = await streamQuery(session, sql.trim().replace(/;\s*$/, ''));
    async function* textRows(): AsyncGenerator<TLoadRow> {
      for await (const row of rows) yield row.map(text);
    }
    try {
      return await work({ description: `connection '${connection.connId}'`, columns: columnsOf(fields), batches: inBatches(textRows()) });
    } finally {
      // A load that stopped before the last row leaves the server sending into a paused socket,
      // and any further command would wait behind it: that session is closed, not reused.
      if (ended()) await session.query('rollback').catch(() => undefined);
      else session.destroy();
    }
  });
}
