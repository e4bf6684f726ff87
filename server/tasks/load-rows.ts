import type { TColumnType } from '../domain/load/column-types';

// What every load source gives and every target takes: text rows in bounded batches.

/** A value as PostgreSQL text (it casts to the target column's type on insert), or SQL NULL. */
export type TLoadRow = (string | null)[];
/**
 * A source column: its type in the engines' common model (server/domain/load/column-types.ts),
 * and, from a PostgreSQL source, PostgreSQL's own spelling, so a PostgreSQL target creates
 * exactly the same type (`timestamp(3) with time zone`, `integer[]`).
 */
export type TLoadColumn = { name: string; type: TColumnType; postgresType?: string };
export type TLoadSource = {
  description: string;
  columns: TLoadColumn[];
  /** Every source row exactly once, in batches, so memory stays bounded by the batch size. */
  batches: AsyncIterable<TLoadRow[]>;
  /**
   * The same rows already in PostgreSQL's COPY text format, from a source that encodes its typed
   * columns directly (Parquet): what a COPY target takes instead of `batches`, never both.
   */
  copyBatches?: () => AsyncIterable<TCopyBatch>;
};

/** `rowCount` rows as COPY text lines (postgres-copy-text.ts), each ending in a newline. */
export type TCopyBatch = { rowCount: number; bytes: Uint8Array };

export const SOURCE_BATCH_ROWS = 5_000;

/** Rows in batches of SOURCE_BATCH_ROWS: what every source's `batches` is made of. */
export async function* inBatches(rows: AsyncIterable<TLoadRow> | Iterable<TLoadRow>): AsyncGenerator<TLoadRow[]> {
  let batch: TLoadRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= SOURCE_BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The same batches, the next one read while the caller writes the current: a source's read (a
 * cursor's FETCH, a row group fetched and decoded) overlaps the target's write, which mostly
 * waits on the other server. At most one batch is read ahead, so memory stays bounded by two.
 * When the caller stops early (a failed write), a read still under way is left to fail quietly
 * as the source's session closes: the caller's own error is the one that counts.
 */
export async function* readAhead<T>(batches: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = batches[Symbol.asyncIterator]();
  // Marked handled as soon as it starts: a read that fails while the caller is still writing
  // would otherwise be an unhandled rejection until the loop comes back to await it (and
  // rethrow it, as it still does).
  const read = () => {
    const started = iterator.next();
    started.catch(() => undefined);
    return started;
  };
  let next = read();
  for (;;) {
    const result = await next;
    if (result.done) return;
    next = read();
    yield result.value;
  }
}
