import type { Connection, FieldPacket, QueryResult } from 'mysql2/promise';
import { describeMysqlError, mysqlPositionalParameters } from '../domain/connections/mysql-settings';
import { withMysqlSession } from './mysql-connection';
import { abbreviate, sqlOutput } from './sql-output';
import { TaskFailure, type TResolvedConnection, type TTaskLog, type TTaskResult, type TTaskRunContext } from './task-type';

type TStatementResult = { rows: unknown[] | null; affectedRows: number };

function isServerError(error: unknown): boolean {
  return error instanceof Error && typeof (error as { sqlState?: unknown }).sqlState === 'string';
}

/**
 * A statement string without parameters may hold several statements (as on PostgreSQL); mysql2
 * then answers with one result per statement, and a list of field lists. The last counts.
 */
function lastResult(result: QueryResult, fields: FieldPacket[] | FieldPacket[][] | undefined): TStatementResult {
  const multi = Array.isArray(fields) && fields.some((entry) => entry === undefined || Array.isArray(entry));
  const last: unknown = multi && Array.isArray(result) ? result[result.length - 1] : result;
  if (Array.isArray(last)) return { rows: last.map((row: unknown) => (typeof row === 'object' && row !== null ? { ...row } : row)), affectedRows: 0 };
  const header = last as { affectedRows?: number } | undefined;
  return { rows: null, affectedRows: header?.affectedRows ?? 0 };
}

/** MySQL sends no command tag as PostgreSQL does: the statement's first word stands in for it. */
function describeResult(statement: string, result: TStatementResult): string {
  const verb = /^\s*([A-Za-z]+)/.exec(statement)?.[1]?.toUpperCase() ?? 'OK';
  return result.rows ? `${verb}: ${result.rows.length} rows returned` : `${verb}: ${result.affectedRows} rows affected`;
}

async function runStatements(session: Connection, statements: string[], parameters: unknown[] | undefined, log: TTaskLog): Promise<TStatementResult> {
  let last: TStatementResult = { rows: null, affectedRows: 0 };
  for (const [index, statement] of statements.entries()) {
    log.system(`Executing statement ${index + 1} of ${statements.length}: ${abbreviate(statement)}`);
    try {
      // Awaited one after another on purpose: the statements are a script, each may depend on the last.
      // With parameters, a prepared statement: the server binds them, nothing is spliced into the text.
      const [result, fields] = parameters ? await session.execute(statement, parameters) : await session.query(statement);
      last = lastResult(result, fields);
    } catch (error) {
      if (!isServerError(error)) throw error;
      throw new TaskFailure(`statement ${index + 1} failed, the transaction was rolled back: ${describeMysqlError(error)}`);
    }
    log.system(describeResult(statement, last));
  }
  return last;
}

/**
 * Committed if `work` returns, rolled back if it throws (the error is rethrown unchanged). MySQL
 * commits implicitly before DDL (create, alter, drop, truncate), so a script that mixes DDL with
 * its writes is atomic only from its last DDL statement on; the documentation says so.
 */
async function inMysqlTransaction<T>(session: Connection, work: () => Promise<T>): Promise<T> {
  await session.query('start transaction');
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await session.query('rollback').catch(() => undefined);
    throw error;
  }
  await session.query('commit');
  return result;
}

/** The sql task (server/tasks/sql.ts) on a `mysql` connection: MySQL 8 or MariaDB 10.6+. */
export async function runMysqlSql(ctx: TTaskRunContext<'sql'>, connection: TResolvedConnection, statements: string[]): Promise<TTaskResult> {
  const parameters = mysqlPositionalParameters(ctx.config.parameters);
  if (!parameters.ok) throw new TaskFailure(parameters.error);
  const last = await withMysqlSession(connection, ctx, (session) =>
    inMysqlTransaction(session, async () => {
      const result = await runStatements(session, statements, parameters.value, ctx.log);
      if (ctx.config.expect_rows && (result.rows ?? []).length === 0) {
        throw new TaskFailure('expect_rows: the last statement returned no rows (the transaction was rolled back)');
      }
      return result;
    }),
  );
  return { output: sqlOutput(last.rows ?? []) };
}
