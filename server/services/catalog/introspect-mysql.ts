import type { Connection } from 'mysql2/promise';
import type { TMysqlDatasetTable } from '../../domain/catalog/mysql-dataset-table';
import type { TObservedColumn } from '../../domain/catalog/schema-diff';

/** As introspect-dataset.ts's TTableObservation (which imports this file). */
type TMysqlObservation = { exists: boolean; columns: TObservedColumn[]; rowCountEstimate: bigint | null };

type TColumnRow = { name: string; ordinal: number | string; type: string; nullable: string };

/**
 * A MySQL table's columns (information_schema.columns; the type as MySQL prints it, such as
 * `varchar(200)` or `bigint(20) unsigned`) and its row estimate (information_schema.tables'
 * table_rows: InnoDB's sampled estimate, null for a view). An unqualified table is in the
 * session's database, the connection's own.
 */
export async function observeMysqlTable(session: Connection, name: TMysqlDatasetTable): Promise<TMysqlObservation> {
  const [tables] = await session.query(
    'select table_rows as estimate from information_schema.tables where table_schema = coalesce(?, database()) and table_name = ?',
    [name.database, name.table],
  );
  const found = (tables as { estimate: number | string | null }[])[0];
  if (found === undefined) return { exists: false, columns: [], rowCountEstimate: null };
  const [rows] = await session.query(
    `select column_name as name, ordinal_position as ordinal, column_type as type, is_nullable as nullable
     from information_schema.columns where table_schema = coalesce(?, database()) and table_name = ? order by ordinal_position`,
    [name.database, name.table],
  );
  const columns = (rows as TColumnRow[]).map((row) => ({ name: row.name, ordinal: Number(row.ordinal), dataType: row.type, nullable: row.nullable === 'YES' }));
  return { exists: true, columns, rowCountEstimate: found.estimate === null ? null : BigInt(String(found.estimate)) };
}
