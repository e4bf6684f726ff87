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
};

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

