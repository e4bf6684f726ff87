import type { Connection } from 'mysql2/promise';
import type { TCheckConfig } from '../domain/dag/task-configs';
import { describeMysqlError } from '../domain/connections/mysql-settings';
import type { TCheckResult } from './check-result';
import { withMysqlSession, type TMysqlTaskContext } from './mysql-connection';
import { TaskFailure, type TResolvedConnection } from './task-type';

type TChecks = TCheckConfig['checks'];

/** A checked table on MySQL: its quoted name for statements, its text for messages. */
export type TMysqlCheckTable = { sql: string; display: string };

const IDENTIFIER = /^[A-Za-z0-9_$]{1,64}$/;

function quote(identifier: string): string {
  return `\`${identifier.replaceAll('`', '``')}\``;
}

/** `table` or `database.table`, plain MySQL identifiers, as a MySQL load target names its table. */
export function parseMysqlCheckTable(text: string): TMysqlCheckTable {
  const parts = text.trim().split('.');
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new TaskFailure(`table '${text}' is not a MySQL table name: write table or database.table (letters, digits, _ and $, at most 64 each)`);
  }
  return { sql: parts.map(quote).join('.'), display: parts.join('.') };
}

async function count(session: Connection, sql: string): Promise<number> {
  const [rows] = await session.query(sql);
  return Number((rows as { n: number | string | null }[])[0]?.n ?? 0);
}

async function rowCountChecks(session: Connection, table: TMysqlCheckTable, checks: TChecks): Promise<TCheckResult[]> {
  const { row_count_min: min, row_count_max: max } = checks;
  if (min === undefined && max === undefined) return [];
  const rows = await count(session, `select count(*) as n from ${table.sql}`);
  const results: TCheckResult[] = [];
  if (min !== undefined) results.push({ check: 'row_count_min', passed: rows >= min, observed: rows, expected: `>= ${min}` });
  if (max !== undefined) results.push({ check: 'row_count_max', passed: rows <= max, observed: rows, expected: `<= ${max}` });
  return results;
}

/** As on PostgreSQL (and as a unique index does): rows beyond the first of each combination, rows with a null left out. */
async function uniqueCheck(session: Connection, table: TMysqlCheckTable, columns: string[]): Promise<TCheckResult> {
  const list = columns.map(quote).join(', ');
  const notNull = columns.map((column) => `${quote(column)} is not null`).join(' and ');
  const duplicates = await count(
    session,
    `select coalesce(sum(n - 1), 0) as n from (select count(*) as n from ${table.sql} where ${notNull} group by ${list} having count(*) > 1) as repeated`,
  );
  return { check: `unique(${columns.join(', ')})`, passed: duplicates === 0, observed: duplicates, expected: '0' };
}

/** count(*) - count(c): the rows where c is null, every column in one scan. */
async function notNullChecks(session: Connection, table: TMysqlCheckTable, columns: string[]): Promise<TCheckResult[]> {
  const counts = columns.map((column, index) => `count(*) - count(${quote(column)}) as c${index}`);
  const [rows] = await session.query(`select ${counts.join(', ')} from ${table.sql}`);
  const row = (rows as Record<string, number | string | null>[])[0];
  return columns.map((column, index) => {
    const nulls = Number(row?.[`c${index}`] ?? 0);
    return { check: `not_null(${column})`, passed: nulls === 0, observed: nulls, expected: '0' };
  });
}

/** `is not true` counts both false and null (MySQL has the operator too): a row the expression cannot vouch for fails it. */
async function sqlTrueCheck(session: Connection, table: TMysqlCheckTable, expression: string): Promise<TCheckResult> {
  let failing: number;
  try {
    failing = await count(session, `select count(*) as n from ${table.sql} where (${expression}) is not true`);
  } catch (error) {
    if (typeof (error as { sqlState?: unknown }).sqlState !== 'string') throw error;
    throw new TaskFailure(`sql_true(${expression}) could not be evaluated: ${describeMysqlError(error)}`);
  }
  return { check: `sql_true(${expression})`, passed: failing === 0, observed: failing, expected: '0' };
}

/**
 * The check task (server/tasks/check.ts) on a `mysql` connection: every check in one
 * read-only InnoDB snapshot (repeatable read, consistent from its start), so the numbers agree
 * with each other while a load writes to the table, as on PostgreSQL.
 */
export async function runMysqlChecks(connection: TResolvedConnection, ctx: TMysqlTaskContext, table: TMysqlCheckTable, checks: TChecks): Promise<TCheckResult[]> {
  return withMysqlSession(connection, ctx, async (session) => {
    await session.query('set transaction isolation level repeatable read');
    await session.query('start transaction read only, with consistent snapshot');
    try {
      const results = await rowCountChecks(session, table, checks);
      if (checks.unique) results.push(await uniqueCheck(session, table, checks.unique));
      if (checks.not_null) results.push(...(await notNullChecks(session, table, checks.not_null)));
      if (checks.sql_true !== undefined) results.push(await sqlTrueCheck(session, table, checks.sql_true));
      return results;
    } finally {
      await session.query('rollback').catch(() => undefined);
    }
  });
}
