import { err, ok, type Result } from '../result';
import { parseTableText } from './table-name';

/** A MySQL dataset's table: `database` null for the connection's own database. */
export type TMysqlDatasetTable = { database: string | null; table: string };

/**
 * The table a MySQL dataset names, as dataset-name.ts names it: `database.table`, or the
 * catalog's `public.table` for an unqualified one, which is in the connection's own database.
 */
export function mysqlDatasetTable(name: string, defaultSchema = 'public'): Result<TMysqlDatasetTable, string> {
  const parsed = parseTableText(name, defaultSchema);
  if (!parsed.ok) return parsed;
  if (parsed.value.database !== null) return err(`'${name}' is not a MySQL table: write table or database.table`);
  const { schema, table } = parsed.value;
  return ok({ database: schema === defaultSchema ? null : schema, table });
}
