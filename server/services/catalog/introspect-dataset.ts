import type pg from 'pg';
import type { SecretBox } from '../../auth/secret-box';
import type { Prisma, PrismaClient } from '../../db/client';
import { parseTableText } from '../../domain/catalog/table-name';
import { mysqlDatasetTable } from '../../domain/catalog/mysql-dataset-table';
import { isMysqlConnType } from '../../domain/connections/mysql-settings';
import { diffColumns, formatColumnType, type TObservedColumn, type TSchemaChange } from '../../domain/catalog/schema-diff';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { observeMysqlTable } from './introspect-mysql';
import { withWarehouse, WarehouseUnavailable } from './warehouse-client';
import { withMysqlWarehouse } from './warehouse-client-mysql';

/** What the warehouse said about a table; `exists: false` for a table not created (yet). */
export type TTableObservation = { exists: boolean; columns: TObservedColumn[]; rowCountEstimate: bigint | null };

export type TIntrospection =
  | { status: 'observed'; exists: boolean; columns: TObservedColumn[]; changes: TSchemaChange[]; rowCountEstimate: bigint | null; checkedAt: Date }
  | { status: 'unavailable'; message: string };

type TColumnRow = {
  column_name: string;
  ordinal_position: number;
  data_type: string;
  udt_name: string;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  is_nullable: string;
};

/**
 * reltuples is the planner's estimate (-1 before the first VACUUM or ANALYZE on PostgreSQL 14+);
 * n_live_tup the statistics collector's count, used when the planner has none yet.
 */
async function observeTable(client: pg.Client, schema: string, table: string): Promise<TTableObservation> {
  const relation = await client.query<{ reltuples: string; n_live_tup: string | null }>(
    `select c.reltuples::bigint::text as reltuples, s.n_live_tup::text as n_live_tup
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     left join pg_catalog.pg_stat_user_tables s on s.relid = c.oid
     where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p', 'v', 'm', 'f')`,
    [schema, table],
  );
  const found = relation.rows[0];
  if (found === undefined) return { exists: false, columns: [], rowCountEstimate: null };
  const { rows } = await client.query<TColumnRow>(
    `select column_name, ordinal_position, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale, is_nullable
     from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position`,
    [schema, table],
  );
  const columns = rows.map((row) => ({
    name: row.column_name,
    ordinal: Number(row.ordinal_position),
    dataType: formatColumnType({
      dataType: row.data_type,
      udtName: row.udt_name,
      characterMaximumLength: row.character_maximum_length === null ? null : Number(row.character_maximum_length),
      numericPrecision: row.numeric_precision === null ? null : Number(row.numeric_precision),
      numericScale: row.numeric_scale === null ? null : Number(row.numeric_scale),
    }),
    nullable: row.is_nullable === 'YES',
  }));
  const planner = BigInt(found.reltuples);
  const rowCountEstimate = planner >= 0n ? planner : found.n_live_tup === null ? null : BigInt(found.n_live_tup);
  return { exists: true, columns, rowCountEstimate };
}

/**
 * The columns of the last introspection, or null when there is nothing to compare with: never
 * introspected, or a table never seen to exist (no columns and no history), whose first columns
 * are a baseline. A table that existed and was dropped has history, so its return is recorded.
 */
async function previousColumns(tx: Prisma.TransactionClient, datasetId: string, checkedAt: Date | null): Promise<TObservedColumn[] | null> {
  if (checkedAt === null) return null;
  const columns = await tx.datasetColumn.findMany({ where: { datasetId }, select: { name: true, ordinal: true, dataType: true, nullable: true } });
  if (columns.length > 0) return columns;
  const existed = await tx.datasetSchemaChange.findFirst({ where: { datasetId }, select: { id: true } });
  return existed === null ? null : [];
}

/**
 * Stores an observation: the columns replace the previous ones, and what changed since the
 * previous introspection is recorded with `dagRunId` (none on the very first). The dataset row
 * is locked first, so two introspections of one table (the observer and a user's button) are
 * applied one after the other and the second sees no change twice.
 */
async function recordObservation(db: PrismaClient, datasetId: string, observed: TTableObservation, dagRunId: string | null) {
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ workspaceId: string; columnsCheckedAt: Date | null }[]>`
      select "workspaceId", "columnsCheckedAt" from dataset where id = ${datasetId} for update`;
    if (locked === undefined) return null;
    const changes = diffColumns(await previousColumns(tx, datasetId, locked.columnsCheckedAt), observed.columns);
    await tx.datasetColumn.deleteMany({ where: { datasetId } });
    const { workspaceId } = locked;
    await tx.datasetColumn.createMany({ data: observed.columns.map((column) => ({ ...column, datasetId, workspaceId })) });
    await tx.datasetSchemaChange.createMany({ data: changes.map((change) => ({ ...change, datasetId, workspaceId, dagRunId })) });
    const [updated] = await tx.$queryRaw<{ columnsCheckedAt: Date }[]>`
      update dataset set "columnsCheckedAt" = clock_timestamp(), "rowCountEstimate" = ${observed.rowCountEstimate}
      where id = ${datasetId} returning "columnsCheckedAt"`;
    return { changes, checkedAt: updated!.columnsCheckedAt };
  });
}

type TDatasetTarget = { workspaceId: string; connId: string; name: string };

/** Asks the dataset's own engine: a mysql connection's datasets MySQL (introspect-mysql.ts), the others PostgreSQL. A string says why it cannot. */
async function observeDataset(db: PrismaClient, box: SecretBox, egress: TEgressPolicy, dataset: TDatasetTarget): Promise<TTableObservation | string> {
  const connection = await db.connection.findFirst({ where: { workspaceId: dataset.workspaceId, connId: dataset.connId }, select: { connType: true } });
  if (connection !== null && isMysqlConnType(connection.connType)) {
    const name = mysqlDatasetTable(dataset.name);
    if (!name.ok) return `'${dataset.name}' is not a table name: ${name.error}`;
    return withMysqlWarehouse(db, box, dataset, egress, (session) => observeMysqlTable(session, name.value));
  }
  const table = parseTableText(dataset.name, 'public');
  if (!table.ok) return `'${dataset.name}' is not a table name: ${table.error}`;
  return withWarehouse(db, box, dataset, egress, (client) => observeTable(client, table.value.schema, table.value.table));
}

/**
 * Asks the warehouse for a dataset's columns and row count estimate and records them. A table
 * that does not exist is an observation (no columns); a warehouse that cannot be reached is
 * answered as `unavailable` and nothing is recorded, so the next pass tries again.
 */
export async function introspectDataset(
  db: PrismaClient,
  box: SecretBox,
  egress: TEgressPolicy,
  dataset: { id: string; workspaceId: string; connId: string; name: string },
  dagRunId: string | null,
): Promise<TIntrospection> {
  let observed: TTableObservation | string;
  try {
    observed = await observeDataset(db, box, egress, dataset);
  } catch (error) {
    if (error instanceof WarehouseUnavailable) return { status: 'unavailable', message: error.message };
    if (error instanceof Error && 'code' in error) return { status: 'unavailable', message: `the warehouse answered: ${error.message}` };
    throw error;
  }
  if (typeof observed === 'string') return { status: 'unavailable', message: observed };
  const recorded = await recordObservation(db, dataset.id, observed, dagRunId);
  if (recorded === null) return { status: 'unavailable', message: `dataset '${dataset.id}' was deleted meanwhile` };
  return { status: 'observed', ...observed, ...recorded };
}
