import type { TParseSql } from '../../domain/catalog/sql-parse-tree';
import { openLineageName, openLineageUriName, type TNamingConnection } from '../../domain/catalog/dataset-name';
import type { TDag } from '../../domain/dag/normalize-dag';
import { Prisma } from '../../db/client';
import { loadSqlParser } from '../../integrations/sql-parser';
import { logger } from '../../logging/logger';
import type { TLineageWarning } from '../../domain/catalog/task-lineage';
import { dagLineage, type TConnectionType, type TDatasetEdge } from './dag-dataset-edges';

let parser: Promise<TParseSql | null> | null = null;

/**
 * The SQL parser, compiled once per process. A parser that cannot load leaves lineage to what
 * specs declare; it is tried again by the next process, not by every deploy. A deploy awaits it
 * before its transaction, so the first compile (about 170 ms) never holds the DAG's row lock.
 */
export function sqlParser(): Promise<TParseSql | null> {
  parser ??= loadSqlParser().catch((error: unknown) => {
    logger.warn({ err: error }, 'the SQL parser did not load: datasets are registered from declared inputs and outputs only');
    return null;
  });
  return parser;
}

type TConnectionRow = TNamingConnection & { connId: string };

/** A dataset's identity: OpenLineage's when the connection can name it, the connection's otherwise. */
export type TDatasetIdentity = { connId: string; name: string; key: string; namespace: string | null; olName: string | null };

/**
 * `postgres://host:port/db.schema.table` when the connection names it, so two connections to
 * the same server and database name one dataset; `conn:<conn_id>/<schema.table>` for a
 * connection that does not exist (yet) or cannot name one.
 */
export function datasetIdentity(connection: TConnectionRow | undefined, connId: string, name: string): TDatasetIdentity {
  if (connId === '') return uriIdentity(name);
  const named = connection === undefined ? null : openLineageName(connection, { conn_id: connId, table: name });
  if (named === null || !named.ok) return { connId, name, key: `conn:${connId}/${name}`, namespace: null, olName: null };
  const { namespace, name: olName } = named.value;
  return { connId, name, key: `${namespace}/${olName}`, namespace, olName };
}

/** A file or API: its URI is its identity, split into OpenLineage's namespace and name. */
function uriIdentity(uri: string): TDatasetIdentity {
  const named = openLineageUriName(uri);
  return { connId: '', name: uri, key: uri, namespace: named.ok ? named.value.namespace : null, olName: named.ok ? named.value.name : null };
}

/** The workspace's connections among connIds, by conn_id, with what naming needs (never a password). */
export async function namingConnections(tx: Prisma.TransactionClient, workspaceId: string, connIds: readonly string[]): Promise<Map<string, TConnectionRow>> {
  const found = await tx.connection.findMany({
    where: { workspaceId, connId: { in: [...new Set(connIds)] } },
    select: { connId: true, connType: true, host: true, port: true, schema: true, login: true },
  });
  return new Map(found.map((connection) => [connection.connId, connection]));
}

/** The workspace's connections' conn_types (a handful of rows), so each task's SQL is read in its engine's dialect. */
async function connectionTypes(tx: Prisma.TransactionClient, workspaceId: string): Promise<TConnectionType> {
  const found = await tx.connection.findMany({ where: { workspaceId }, select: { connId: true, connType: true } });
  const byId = new Map(found.map((connection) => [connection.connId, connection.connType]));
  return (connId) => byId.get(connId);
}

/** Each (connection, table) once, with its identity. */
async function datasetRows(tx: Prisma.TransactionClient, workspaceId: string, edges: readonly TDatasetEdge[]): Promise<TDatasetIdentity[]> {
  const connections = await namingConnections(tx, workspaceId, edges.map((edge) => edge.connId));
  const unique = new Map(edges.map((edge) => [`${edge.connId}\u0000${edge.name}`, edge]));
  return [...unique.values()].map(({ connId, name }) => datasetIdentity(connections.get(connId), connId, name));
}

/**
 * Replaces a DAG's dataset edges by those of its new version: declared (inputs, outputs, load
 * targets) and inferred from SQL. Datasets are upserted and never deleted here: one a DAG
 * stopped reading or writing keeps its page. Runs in the deploy's transaction, so the edges
 * always describe the current version. Deleting the DAG cascades to its edges. Returns the
 * lineage warnings (declared inputs and outputs the SQL contradicts) for the deploy to show.
 */
export async function syncDagDatasets(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; dagPk: string; dagVersionId: string; spec: TDag },
): Promise<{ edges: number; warnings: TLineageWarning[] }> {
  const { edges, warnings } = dagLineage(input.spec, await sqlParser(), await connectionTypes(tx, input.workspaceId));
  await tx.$executeRaw`delete from dataset_edge where "dagPk" = ${input.dagPk}`;
  await tx.$executeRaw`update dag set "catalogSyncedVersionId" = ${input.dagVersionId} where id = ${input.dagPk}`;
  if (edges.length === 0) return { edges: 0, warnings };
  const rows = await datasetRows(tx, input.workspaceId, edges);
  const rowColumn = <K extends keyof TDatasetIdentity>(key: K) => rows.map((row) => row[key]);
  await tx.$executeRaw`
    insert into dataset (id, "workspaceId", "connId", key, name, namespace, "olName", "lastSeenVersionId", "updatedAt")
    select gen_random_uuid()::text, ${input.workspaceId}, d.conn_id, d.key, d.name, d.namespace, d.ol_name, ${input.dagVersionId}, clock_timestamp()
    from unnest(${rowColumn('connId')}::text[], ${rowColumn('key')}::text[], ${rowColumn('name')}::text[],
                ${rowColumn('namespace')}::text[], ${rowColumn('olName')}::text[])
      as d(conn_id, key, name, namespace, ol_name)
    on conflict ("workspaceId", key) do update
      set "lastSeenVersionId" = excluded."lastSeenVersionId", "updatedAt" = excluded."updatedAt"`;
  const keyOf = new Map(rows.map((row) => [`${row.connId}\u0000${row.name}`, row.key]));
  const edgeKeys = edges.map((edge) => keyOf.get(`${edge.connId}\u0000${edge.name}`) ?? '');
  const column = <K extends keyof TDatasetEdge>(key: K) => edges.map((edge) => edge[key]);
  await tx.$executeRaw`
    insert into dataset_edge (id, "workspaceId", "datasetId", "dagPk", "taskId", direction, source, "dagVersionId")
    select gen_random_uuid()::text, ${input.workspaceId}, ds.id, ${input.dagPk}, e.task_id, e.direction, e.source, ${input.dagVersionId}
    from unnest(${edgeKeys}::text[], ${column('taskId')}::text[], ${column('direction')}::text[], ${column('source')}::text[])
      as e(key, task_id, direction, source)
    join dataset ds on ds."workspaceId" = ${input.workspaceId} and ds.key = e.key
    on conflict ("datasetId", "dagPk", "taskId", direction, source) do nothing`;
  return { edges: edges.length, warnings };
}
