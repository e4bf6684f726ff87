import { err, ok, type Result } from '../result';
import { mysqlSqlForPostgresParser, type TMysqlStatement } from './mysql-sql-text';
import { inferSqlLineage, type TSqlLineage } from './sql-lineage';
import type { TParseSql, TSqlParseTree } from './sql-parse-tree';
import { statementEvents } from './sql-statement-events';
import { compareText, uniqueSortedTables, type TTableName } from './table-name';

/** MySQL's own databases: not datasets, as PostgreSQL's catalogs are not. */
const SYSTEM_DATABASES = new Set(['mysql', 'information_schema', 'performance_schema', 'sys']);

/** One statement parsed, or why its lineage is not followed. */
function followed(statement: TMysqlStatement, parse: TParseSql): Result<TSqlParseTree, string> {
  if (!statement.ok) return err(`not followed: ${statement.reason}`);
  const parsed = parse(statement.text);
  if (!parsed.ok) return err(`not followed: PostgreSQL's parser, which reads MySQL's SQL for lineage, does not know it (${parsed.error.message})`);
  const statements = statementEvents(parsed.value);
  const unknown = statements.find((entry) => entry.events === null);
  if (unknown !== undefined) return err(`not followed: ${unknown.kind}`);
  const events = statements.flatMap((entry) => entry.events ?? []);
  if (!statement.use && events.some((event) => event.op === 'search_path')) return err('not followed: MySQL has no search_path');
  if (events.some((event) => 'relation' in event && event.relation.database !== null)) return err('not followed: a three-part name, which MySQL does not have');
  // PostgreSQL's SELECT … INTO creates a table; MySQL's fills variables or a file.
  if (JSON.stringify(parsed.value).includes('"intoClause"')) return err('not followed: SELECT … INTO');
  return ok(parsed.value);
}

/**
 * A name PostgreSQL's parser folded to lower case, given back as the SQL wrote it: MySQL's
 * table and database names are case-sensitive (on Linux, by default). Null when the SQL wrote
 * it in two ways (`Orders` and `orders` are two tables to MySQL): never guessed.
 */
function spelled(part: string, spellings: ReadonlyMap<string, ReadonlySet<string>>): string | null {
  const names = spellings.get(part);
  if (names === undefined) return part;
  return names.size === 1 ? [...names][0]! : null;
}

function restoreNames(lineage: TSqlLineage, spellings: ReadonlyMap<string, ReadonlySet<string>>, skipped: string[]): TSqlLineage {
  const restore = (names: TTableName[]) =>
    uniqueSortedTables(
      names.flatMap((name) => {
        const [schema, table] = [spelled(name.schema, spellings), spelled(name.table, spellings)];
        if (schema === null || table === null) {
          skipped.push(`'${schema === null ? name.schema : name.table}' is written in more than one case, which MySQL tells apart: not followed`);
          return [];
        }
        return SYSTEM_DATABASES.has(schema.toLowerCase()) ? [] : [{ database: null, schema, table }];
      }),
    );
  const restored = { reads: restore(lineage.reads), writes: restore(lineage.writes), dropped: restore(lineage.dropped), altered: restore(lineage.altered) };
  return { ...restored, skipped: [...new Set([...lineage.skipped, ...skipped])].sort(compareText) };
}

/**
 * Lineage of SQL run on a MySQL connection, with PostgreSQL's parser where that is sound: each
 * statement rewritten by mysql-sql-text.ts, a two-part name `a.b` being database `a`, table `b`
 * (the schema of TTableName; unqualified names land in `defaultSchema`, which dataset naming
 * reads as the connection's database). A statement that cannot be rewritten or parsed is listed
 * in `skipped` as not followed, and so is every later one: what it did (a USE, a temporary
 * table, a rename) may change what their names mean.
 */
export function inferMysqlSqlLineage(texts: readonly { field: string; sql: string }[], parse: TParseSql, defaultSchema: string): TSqlLineage {
  const trees: TSqlParseTree[] = [];
  const skipped: string[] = [];
  const spellings = new Map<string, Set<string>>();
  let stopped = false;
  for (const { field, sql } of texts) {
    const text = mysqlSqlForPostgresParser(sql);
    for (const [folded, names] of text.spellings) spellings.set(folded, new Set([...(spellings.get(folded) ?? []), ...names]));
    for (const [index, statement] of text.statements.entries()) {
      const where = `${field} statement ${index + 1}`;
      const tree: Result<TSqlParseTree, string> = stopped ? err('not followed: it comes after one that is not') : followed(statement, parse);
      if (tree.ok) trees.push(tree.value);
      else skipped.push(`${where}: ${tree.error}`);
      stopped ||= !tree.ok;
    }
  }
  return restoreNames(inferSqlLineage(trees, { defaultSchema }), spellings, skipped);
}
