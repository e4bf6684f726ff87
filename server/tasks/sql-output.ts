/** What every engine's sql task shares: the limits on its output and on the SQL it logs. */
const MAX_OUTPUT_ROWS = 1_000;
const MAX_OUTPUT_BYTES = 64 * 1024;
const MAX_LOGGED_SQL_CHARS = 2_000;

/** The rows themselves when they fit an XCom; otherwise only how many there were. */
export function sqlOutput(rows: unknown[]): unknown {
  if (rows.length > MAX_OUTPUT_ROWS) return { row_count: rows.length, truncated: true };
  const size = Buffer.byteLength(JSON.stringify(rows), 'utf8');
  return size > MAX_OUTPUT_BYTES ? { row_count: rows.length, truncated: true } : rows;
}

export function abbreviate(sql: string): string {
  const trimmed = sql.trim();
  return trimmed.length <= MAX_LOGGED_SQL_CHARS ? trimmed : `${trimmed.slice(0, MAX_LOGGED_SQL_CHARS)}… (${trimmed.length} characters)`;
}
