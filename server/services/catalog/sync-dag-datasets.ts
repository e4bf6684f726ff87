import type { TParseSql } from '../../domain/catalog/sql-parse-tree';
import { openLineageName, type TNamingConnection } from '../../domain/catalog/dataset-name';
import type { TDag } from '../../domain/dag/normalize-dag';
import { Prisma } from '../../db/client';
import { loadSqlParser } from '../../integrations/sql-parser';
import { logger } from '../../logging/logger';
import { dagDatasetEdges, type TDatasetEdge } from './dag-dataset-edges';

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

/** OpenLineage's namespace of a table on a connection; null for a connection that does not exist or cannot name one. */
function namespaceOf(connections: Map<string, TConnectionRow>, connId: string, name: string): string | null {
  const connection = connections.get(connId);
  if (connection === undefined) return null;
  const named = openLineageName(connection, { conn_id: connId, table: name });
  return named.ok ? named.value.namespace : null;
}

/** Each (connection, table) once, with its namespace. */
async function datasetRows(tx: Prisma.TransactionClient, workspaceId: string, edges: readonly TDatasetEdge[]) {
  const connIds = [...new Set(edges.map((edge) => edge.connId))];
  const found = await tx.connection.findMany({
    where: { workspaceId, connId: { in: connIds } },
    select: { connId: true, connType: true, host: true, port: true, schema: true, login: true },
  });
  const connections = new Map(found.map((connection) => [connection.connId, connection]));
  const unique = new Map(edges.map((edge) => [`${edge.connId}\u0000${edge.name}`, edge]));
  return [...unique.values()].map(({ connId, name }) => ({ connId, name, namespace: namespaceOf(connections, connId, name) }));
}

/**
 * Replaces a DAG's dataset edges by those of its new version: declared (inputs, outputs, load
 * targets) and inferred from SQL. Datasets are upserted and never deleted here: one a DAG
 * stopped reading or writing keeps its page. Runs in the deploy's transaction, so the edges
 * always describe the current version. Deleting the DAG cascades to its edges.
 */
export async function syncDagDatasets(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; dagPk: string; dagVersionId: string; spec: TDag },
): Promise<{ edges: number }> {
  const edges = dagDatasetEdges(input.spec, await sqlParser());
  await tx.$executeRaw`delete from dataset_edge where "dagPk" = ${input.dagPk}`;
  if (edges.length === 0) return { edges: 0 };
  const rows = await datasetRows(tx, input.workspaceId, edges);
  await tx.$executeRaw`
    insert into dataset (id, "workspaceId", "connId", name, namespace, "lastSeenVersionId", "updatedAt")
    select gen_random_uuid()::text, ${input.workspaceId}, d.conn_id, d.name, d.namespace, ${input.dagVersionId}, clock_timestamp()
    from unnest(${rows.map((row) => row.connId)}::text[], ${rows.map((row) => row.name)}::text[], ${rows.map((row) => row.namespace)}::text[])
      as d(conn_id, name, namespace)
    on conflict ("workspaceId", "connId", name) do update
      set "lastSeenVersionId" = excluded."lastSeenVersionId",
          namespace = coalesce(excluded.namespace, dataset.namespace),
          "updatedAt" = excluded."updatedAt"`;
  const column = <K extends keyof TDatasetEdge>(key: K) => edges.map((edge) => edge[key]);
  await tx.$executeRaw`
    insert into dataset_edge (id, "workspaceId", "datasetId", "dagPk", "taskId", direction, source, "dagVersionId")
    select gen_random_uuid()::text, ${input.workspaceId}, ds.id, ${input.dagPk}, e.task_id, e.direction, e.source, ${input.dagVersionId}
    from unnest(${column('connId')}::text[], ${column('name')}::text[], ${column('taskId')}::text[], ${column('direction')}::text[], ${column('source')}::text[])
      as e(conn_id, name, task_id, direction, source)
    join dataset ds on ds."workspaceId" = ${input.workspaceId} and ds."connId" = e.conn_id and ds.name = e.name`;
  return { edges: edges.length };
}
