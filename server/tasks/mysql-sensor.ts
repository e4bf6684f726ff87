import type { FieldPacket } from 'mysql2/promise';
import { withMysqlSession, type TMysqlTaskContext } from './mysql-connection';
import type { TResolvedConnection } from './task-type';

/** MySQL's number column types (DECIMAL, TINY…LONGLONG, FLOAT, DOUBLE, INT24, YEAR, NEWDECIMAL): judged by value, so `0.00` is zero. */
const NUMERIC_COLUMN_TYPES = new Set([0, 1, 2, 3, 4, 5, 8, 9, 13, 246]);

/**
 * Airflow's SqlSensor on MySQL, as the PostgreSQL poke judges it: done when the first cell of
 * the first row is not null, zero, '0' or ''. BOOLEAN is TINYINT(1) in MySQL, so false is 0.
 */
export function isTruthyMysqlCell(value: unknown, field: Pick<FieldPacket, 'columnType'> | undefined): boolean {
  if (value === null || value === undefined) return false;
  const text = String(value);
  if (field?.columnType !== undefined && NUMERIC_COLUMN_TYPES.has(field.columnType)) return Number(text) !== 0;
  return text !== '' && text !== '0';
}

/** One poke of a sql sensor on a `mysql` connection: a session per poke, as on PostgreSQL. */
export async function pokeMysqlSql(ctx: TMysqlTaskContext, connection: TResolvedConnection, sql: string): Promise<{ done: boolean; detail: string }> {
  const [rows, fields] = await withMysqlSession(connection, ctx, (session) => session.query({ sql, rowsAsArray: true }));
  const first = Array.isArray(rows) ? (rows[0] as unknown[] | undefined) : undefined;
  if (first === undefined) return { done: false, detail: 'no rows' };
  const cell = first[0] === null || first[0] === undefined ? null : String(first[0]);
  const done = isTruthyMysqlCell(first[0], Array.isArray(fields) ? (fields[0] as FieldPacket | undefined) : undefined);
  return { done, detail: `first cell ${cell === null ? 'null' : JSON.stringify(cell)}${done ? '' : ' (not true)'}` };
}
