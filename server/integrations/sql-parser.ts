import { hasSqlDetails, loadModule, parseSync } from 'libpg-query';
import type { TParseSql, TSqlParseError, TSqlParseTree } from '../domain/catalog/sql-parse-tree';
import { err, ok, type Result } from '../domain/result';

let loading: Promise<void> | null = null;

/**
 * PostgreSQL's own parser (libpg-query, compiled to WebAssembly). The module is compiled once per
 * process, on the first call; the function returned parses synchronously after that.
 */
export async function loadSqlParser(): Promise<TParseSql> {
  loading ??= loadModule();
  await loading;
  return parseSql;
}

/** `stmts` holds one entry per statement; a text of only blanks or comments has none. */
function parseSql(sql: string): Result<TSqlParseTree, TSqlParseError> {
  // libpg-query refuses an empty string outright, though PostgreSQL reads it as no statement.
  if (sql.trim() === '') return ok({ stmts: [] });
  try {
    return ok(parseSync(sql));
  } catch (error) {
    if (!hasSqlDetails(error)) throw error;
    const position = positionAt(sql, error.sqlDetails?.cursorPosition ?? 0);
    return err({ message: error.message, ...position });
  }
}

/**
 * PostgreSQL counts the error's position in characters (code points), where JavaScript strings
 * count UTF-16 units: an emoji earlier in the text would shift the column otherwise.
 */
function positionAt(sql: string, characterOffset: number): { line: number; column: number } {
  const before = Array.from(sql).slice(0, Math.max(0, characterOffset));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.filter((character) => character === '\n').length + 1, column: before.length - lineStart + 1 };
}
