import { err, ok, type Result } from '../result';

/**
 * A table as the catalog names it: the names PostgreSQL stores (already folded by the parser,
 * or exactly as written in a spec's `table:`), the schema always present.
 */
export type TTableName = {
  /** Kept when the SQL wrote `db.schema.table`; PostgreSQL accepts only the connection's own database there. */
  database: string | null;
  schema: string;
  table: string;
};

/** Parts that `schema.table` text cannot carry bare: they are double-quoted, as in SQL. */
const NEEDS_QUOTES = /[."\s]|^$/;

function formatPart(part: string): string {
  return NEEDS_QUOTES.test(part) ? `"${part.replaceAll('"', '""')}"` : part;
}

/**
 * `schema.table` (or `database.schema.table`), each part as stored: `public.Orders` is the table
 * PostgreSQL calls "Orders". This is the form `load` and `check` tasks read in `table:`, where
 * bare parts are taken exactly as written, so it reads back to the same table.
 */
export function formatTableName(name: TTableName): string {
  return [name.database, name.schema, name.table].filter((part) => part !== null).map(formatPart).join('.');
}

/**
 * The dotted parts of a qualified name as written (`"my.schema".t` → ["my.schema", "t"]): no
 * case folding, a double-quoted part may hold dots and doubled quotes; null when it is not one.
 */
export function splitQualifiedName(text: string): string[] | null {
  const parts: string[] = [];
  const pattern = /\s*(?:"((?:[^"]|"")+)"|([^".\s]+))\s*(\.|$)/y;
  let complete = false;
  while (!complete) {
    const match = pattern.exec(text);
    if (match === null) break;
    parts.push(match[1] !== undefined ? match[1].replaceAll('""', '"') : (match[2] ?? ''));
    complete = match[3] === '';
  }
  return complete ? parts : null;
}

/**
 * A spec's `table:` text in the way `load` and `check` tasks use it: parts exactly as written
 * (no case folding), a double-quoted part may hold dots, at most `database.schema.table`.
 * Unqualified names land in `defaultSchema`.
 */
export function parseTableText(text: string, defaultSchema: string): Result<TTableName, string> {
  const parts = splitQualifiedName(text);
  if (parts === null || parts.length > 3) {
    return err(`'${text}' is not a table name: expected table, schema.table or database.schema.table`);
  }
  const [table = '', schema = defaultSchema, database = null] = [...parts].reverse();
  return ok({ database, schema, table });
}

/** Each table once, in the order of their formatted names. */
export function uniqueSortedTables(names: Iterable<TTableName>): TTableName[] {
  const byText = new Map<string, TTableName>();
  for (const name of names) byText.set(formatTableName(name), name);
  return [...byText].sort(([a], [b]) => compareText(a, b)).map(([, name]) => name);
}

/** Code-point order: the same on every machine, whatever its locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
