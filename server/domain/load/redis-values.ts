import { err, ok, type Result } from '../result';
import type { TColumnType } from './column-types';
import { jsonRowText } from './json-cell';

/**
 * How a load's rows become Redis keys: one key per row, `<key_prefix><key_column's value>`,
 * holding a hash of the other columns (null columns left out: Redis has no null field) or the
 * whole row as one JSON string. Tributary's own keys live under `<key_prefix>__tributary:`.
 */
export type TRedisValueKind = 'hash' | 'json';
export type TRedisColumn = { name: string; type: TColumnType };
export type TRedisRowLayout = { columns: TRedisColumn[]; keyIndex: number; kind: TRedisValueKind };

export const REDIS_INTERNAL_PART = '__tributary:';

/** The keys a load of one prefix uses besides the rows' own: its lock, the loaded ids, and one attempt's staging. */
export function redisLoadKeys(prefix: string, version: string) {
  const internal = `${prefix}${REDIS_INTERNAL_PART}`;
  return {
    lock: `${internal}lock`,
    /** A SET of the ids the last load left, so the next full refresh knows which keys to delete. */
    loaded: `${internal}keys`,
    /** Every key of this and of earlier, killed attempts: SCAN MATCH pattern. */
    internalPattern: `${escapeRedisGlob(internal)}*`,
    /** The ids this attempt wrote: a SET (a repeated key is caught by SADD) and a LIST (read back in order, each once). */
    stagedSet: `${internal}${version}`,
    stagedList: `${internal}${version}-ids`,
    /** The ids of the last load that this one did not write (full refresh). */
    gone: `${internal}${version}-gone`,
    staging: (id: string) => `${internal}${version}:${id}`,
    final: (id: string) => `${prefix}${id}`,
  };
}

/** SCAN MATCH treats * ? [ ] and \ as pattern syntax: a prefix holding them must match itself only. */
export function escapeRedisGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

/** Where the key column is; refused when the source lacks it. */
export function redisRowLayout(columns: TRedisColumn[], keyColumn: string, kind: TRedisValueKind): Result<TRedisRowLayout, string> {
  const keyIndex = columns.findIndex((column) => column.name === keyColumn);
  if (keyIndex < 0) return err(`key_column ${keyColumn} is not a column of the source (columns: ${columns.map((c) => c.name).join(', ') || 'none'})`);
  return ok({ columns, keyIndex, kind });
}

/** The row's id (the key column's text); `rowNumber` counts source rows from 1, for the message. */
export function redisRowId(layout: TRedisRowLayout, row: readonly (string | null)[], rowNumber: number): Result<string, string> {
  const id = row[layout.keyIndex];
  const column = layout.columns[layout.keyIndex]!.name;
  if (id === null || id === undefined) return err(`source row ${rowNumber}: key_column ${column} is null: every row needs a key`);
  if (id === '') return err(`source row ${rowNumber}: key_column ${column} is empty: every row needs a key`);
  if (id.startsWith(REDIS_INTERNAL_PART)) return err(`source row ${rowNumber}: key_column ${column} starts with ${REDIS_INTERNAL_PART}, which names Tributary's own keys`);
  return ok(id);
}

/** HSET's field-value list: every column but the key, null ones left out. */
export function redisHashFields(layout: TRedisRowLayout, row: readonly (string | null)[]): string[] {
  const fields: string[] = [];
  for (const [index, value] of row.entries()) {
    if (index === layout.keyIndex || value === null) continue;
    fields.push(layout.columns[index]!.name, value);
  }
  return fields;
}

/** The whole row (key column included) as one JSON object, in the source's column order. */
export function redisJsonValue(layout: TRedisRowLayout, row: readonly (string | null)[]): string {
  return jsonRowText(layout.columns, row);
}
