import pg from 'pg';
import { isMysqlConnType } from '../domain/connections/mysql-settings';
import { runMysqlSql } from './mysql-sql';
import { describePostgresError, inTransaction, withPostgresClient } from './postgres-connection';
import { abbreviate, sqlOutput } from './sql-output';
import { TaskFailure, type TTaskLog, type TTaskType } from './task-type';

export { sqlOutput };

const POSTGRES_CONN_TYPES = ['postgres', 'postgresql'];

type TStatementResult = { command: string; rowCount: number | null; rows: unknown[] };

/**
 * Positional parameters only: PostgreSQL's `$1, $2…`. A mapping would need the SQL rewritten
 * from named to positional placeholders, which cannot be done safely without a full SQL lexer
 * (a `:name` inside a string literal or a `::cast` must stay as it is).
 */
function positionalParameters(parameters: unknown[] | Record<string, unknown> | undefined): unknown[] | undefined {
  if (parameters === undefined || Array.isArray(parameters)) return parameters;
  if (Object.keys(parameters).length === 0) return undefined;
  throw new TaskFailure('parameters must be a list for PostgreSQL (used as $1, $2…): a mapping of named parameters is not supported');
}

/** A string without parameters may hold several statements; pg then answers with one result per statement. */
function lastResult(result: pg.QueryResult | pg.QueryResult[]): TStatementResult {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return { command: last?.command ?? '', rowCount: last?.rowCount ?? null, rows: last?.rows ?? [] };
}

function describeResult(result: TStatementResult): string {
  if (result.command === 'SELECT' || result.command === 'FETCH') return `${result.command}: ${result.rows.length} rows returned`;
  if (result.rowCount === null) return `${result.command || 'OK'}`;
  return `${result.command}: ${result.rowCount} rows affected`;
}

async function runStatements(
  client: pg.Client,
  statements: string[],
  parameters: unknown[] | undefined,
  log: TTaskLog,
): Promise<TStatementResult> {
  let last: TStatementResult = { command: '', rowCount: null, rows: [] };
  for (const [index, statement] of statements.entries()) {
    log.system(`Executing statement ${index + 1} of ${statements.length}: ${abbreviate(statement)}`);
    let result: pg.QueryResult | pg.QueryResult[];
    try {
      // Awaited one after another on purpose: the statements are a script, each may depend on the last.
      result = parameters ? await client.query(statement, parameters) : await client.query(statement);
    } catch (error) {
      if (!(error instanceof pg.DatabaseError)) throw error;
      throw new TaskFailure(`statement ${index + 1} failed, the transaction was rolled back: ${describePostgresError(error)}`);
    }
    last = lastResult(result);
    log.system(describeResult(last));
  }
  return last;
}

/**
 * Airflow's SQLExecuteQueryOperator on PostgreSQL (MySQL connections go to server/tasks/mysql-sql.ts).
 * Every statement runs in one transaction, so a failing statement (or an unmet expect_rows)
 * leaves the database as it was before the task.
 */
export const sqlTask: TTaskType<'sql'> = {
  type: 'sql',
  async run(ctx) {
    const { config } = ctx;
    const statements = typeof config.sql === 'string' ? [config.sql] : config.sql;
    const connection = await ctx.getConnection(config.conn_id);
    if (isMysqlConnType(connection.connType)) return runMysqlSql(ctx, connection, statements);
    if (!POSTGRES_CONN_TYPES.includes(connection.connType.toLowerCase())) {
      throw new TaskFailure(`connection '${connection.connId}' has conn_type '${connection.connType}': the sql task supports postgres and mysql`);
    }
    const parameters = positionalParameters(config.parameters);
    const last = await withPostgresClient(connection, ctx, (client) =>
      inTransaction(client, async () => {
        const result = await runStatements(client, statements, parameters, ctx.log);
        if (config.expect_rows && result.rows.length === 0) {
          throw new TaskFailure('expect_rows: the last statement returned no rows (the transaction was rolled back)');
        }
        return result;
      }),
    );
    return { output: sqlOutput(last.rows) };
  },
};
