import type pg from 'pg';
import type { TCheckConfig } from '../domain/dag/task-configs';
import { isMysqlConnType } from '../domain/connections/mysql-settings';
import type { TCheckResult } from './check-result';
import { parseMysqlCheckTable, runMysqlChecks } from './mysql-check';
import { describePostgresError, inTransaction, postgresErrorCode, withPostgresClient } from './postgres-connection';
import { quoteIdent, quoteIdentList, parseTableName, type TTableName } from './postgres-identifiers';
import { TaskFailure, type TTaskType } from './task-type';

export type { TCheckResult } from './check-result';

type TChecks = TCheckConfig['checks'];

async function count(client: pg.Client, sql: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(sql);
  return Number(rows[0]?.n ?? 0);
}

async function rowCountChecks(client: pg.Client, table: TTableName, checks: TChecks): Promise<TCheckResult[]> {
  const { row_count_min: min, row_count_max: max } = checks;
  if (min === undefined && max === undefined) return [];
  const rows = await count(client, `select count(*) as n from ${table.sql}`);
  const results: TCheckResult[] = [];
  if (min !== undefined) results.push({ check: 'row_count_min', passed: rows >= min, observed: rows, expected: `>= ${min}` });
  if (max !== undefined) results.push({ check: 'row_count_max', passed: rows <= max, observed: rows, expected: `<= ${max}` });
  return results;
}

/**
 * `unique: [a, b]` checks the combination, as a unique constraint on (a, b) would: it counts the
 * rows beyond the first of each repeated combination, and (like the constraint) ignores rows
 * with a null in any of the columns.
 */
async function uniqueCheck(client: pg.Client, table: TTableName, columns: string[]): Promise<TCheckResult> {
  const list = quoteIdentList(columns);
  const notNull = columns.map((column) => `${quoteIdent(column)} is not null`).join(' and ');
  const duplicates = await count(
    client,
    `select coalesce(sum(n - 1), 0) as n from (select count(*) as n from ${table.sql} where ${notNull} group by ${list} having count(*) > 1) as repeated`,
  );
  return { check: `unique(${columns.join(', ')})`, passed: duplicates === 0, observed: duplicates, expected: '0' };
}

async function notNullChecks(client: pg.Client, table: TTableName, columns: string[]): Promise<TCheckResult[]> {
  const counts = columns.map((column, index) => `count(*) filter (where ${quoteIdent(column)} is null) as c${index}`);
  const { rows } = await client.query<Record<string, string>>(`select ${counts.join(', ')} from ${table.sql}`);
  return columns.map((column, index) => {
    const nulls = Number(rows[0]?.[`c${index}`] ?? 0);
    return { check: `not_null(${column})`, passed: nulls === 0, observed: nulls, expected: '0' };
  });
}

/** `is not true` counts both false and null: a row the expression cannot vouch for fails it. */
async function sqlTrueCheck(client: pg.Client, table: TTableName, expression: string): Promise<TCheckResult> {
  let failing: number;
  try {
    failing = await count(client, `select count(*) as n from ${table.sql} where (${expression}) is not true`);
  } catch (error) {
    if (postgresErrorCode(error) === undefined) throw error;
    throw new TaskFailure(`sql_true(${expression}) could not be evaluated: ${describePostgresError(error)}`);
  }
  return { check: `sql_true(${expression})`, passed: failing === 0, observed: failing, expected: '0' };
}

function describeResult(result: TCheckResult): string {
  const verdict = result.passed ? 'PASS' : 'FAIL';
  if (result.check.startsWith('row_count')) return `${verdict} ${result.check}: ${result.observed} rows ${result.expected}`;
  if (result.check.startsWith('unique')) return `${verdict} ${result.check}: ${result.observed} duplicate rows`;
  if (result.check.startsWith('not_null')) return `${verdict} ${result.check}: ${result.observed} null rows`;
  return `${verdict} ${result.check}: ${result.observed} rows where it is not true`;
}

async function runChecks(client: pg.Client, table: TTableName, checks: TChecks): Promise<TCheckResult[]> {
  const results = await rowCountChecks(client, table, checks);
  if (checks.unique) results.push(await uniqueCheck(client, table, checks.unique));
  if (checks.not_null) results.push(...(await notNullChecks(client, table, checks.not_null)));
  if (checks.sql_true !== undefined) results.push(await sqlTrueCheck(client, table, checks.sql_true));
  return results;
}

/**
 * Data quality, as Airflow's SQLColumnCheckOperator and SQLTableCheckOperator. Every check runs
 * (one failure does not hide another) in one read-only snapshot, so the numbers agree with each
 * other even while a load writes to the table.
 */
export const checkTask: TTaskType<'check'> = {
  type: 'check',
  async run(ctx) {
    const { config, log } = ctx;
    const connection = await ctx.getConnection(config.conn_id);
    // MySQL names tables `table` or `database.table` and quotes with backticks (mysql-check.ts).
    const checked = isMysqlConnType(connection.connType)
      ? { engine: 'mysql' as const, table: parseMysqlCheckTable(config.table) }
      : { engine: 'postgres' as const, table: parseTableName(config.table) };
    const { table } = checked;
    log.system(`Checking ${table.display} on connection '${config.conn_id}'`);
    const results = checked.engine === 'mysql'
      ? await runMysqlChecks(connection, ctx, checked.table, config.checks)
      : await withPostgresClient(connection, ctx, (client) =>
          inTransaction(client, () => runChecks(client, checked.table, config.checks), 'begin isolation level repeatable read, read only'),
        );
    for (const result of results) log.stdout(describeResult(result));
    const failed = results.filter((result) => !result.passed);
    if (failed.length > 0) {
      throw new TaskFailure(`${failed.length} of ${results.length} checks failed on ${table.display}: ${failed.map(describeResult).join('; ')}`, { output: results });
    }
    log.system(`All ${results.length} checks passed`);
    return { output: results };
  },
};
