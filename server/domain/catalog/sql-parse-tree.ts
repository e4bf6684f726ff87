import type { Result } from '../result';

/**
 * PostgreSQL's parse tree as libpg-query returns it (JSON): one entry per statement, each node
 * wrapped in an object keyed by its type (`{ SelectStmt: {...} }`). The domain reads it as plain
 * JSON, so it depends on the tree's shape and not on the library.
 */
export type TSqlParseTree = { stmts?: readonly { stmt?: unknown }[] };

/** Where PostgreSQL's parser gave up: 1-based line and column, in characters. */
export type TSqlParseError = { message: string; line: number; column: number };

/** The parse step, passed in so the domain stays pure (server/integrations/sql-parser.ts provides it). */
export type TParseSql = (sql: string) => Result<TSqlParseTree, TSqlParseError>;

export function describeSqlParseError(error: TSqlParseError): string {
  return `${error.message} at line ${error.line}, column ${error.column}`;
}
