import type { TDatasetRef } from '../../domain/dag/dataset-ref';
import type { TDag, TDagTask } from '../../domain/dag/normalize-dag';
import { isS3Target } from '../../domain/dag/task-configs';
import { datasetUri, s3DatasetUri, isRedisKeyPattern } from '../../domain/catalog/dataset-name';
import type { TParseSql } from '../../domain/catalog/sql-parse-tree';
import { compareDeclaredLineage, declaredOutputs, inferTaskLineage, type TLineageWarning } from '../../domain/catalog/task-lineage';
import { formatTableName, parseTableText } from '../../domain/catalog/table-name';

export type TEdgeDirection = 'read' | 'write';
export type TEdgeSource = 'declared' | 'inferred';

/**
 * One task's read or write of one dataset: a table named `schema.table` (schema always written)
 * on a connection, or a file or API named by its URI with `connId` empty.
 */
export type TDatasetEdge = { connId: string; name: string; taskId: string; direction: TEdgeDirection; source: TEdgeSource };

const DEFAULT_SCHEMA = 'public';

/**
 * `course`, `public.course` and `db.public.course` are one table on a connection: the catalog keys
 * it as `public.course`, so a declared and an inferred edge meet on the same dataset. Null when
 * the text is not a table name (a template left in a declared ref, for one).
 */
export function datasetName(table: string): string | null {
  if (table.includes('{{') || table.includes('{%')) return null;
  // A Redis target's keys (`course:*`) are named as they are: they are no table of a schema.
  if (isRedisKeyPattern(table)) return table;
  const parsed = parseTableText(table, DEFAULT_SCHEMA);
  return parsed.ok ? formatTableName({ ...parsed.value, database: null }) : null;
}

function edgesOf(task: TDagTask, refs: readonly TDatasetRef[], direction: TEdgeDirection, source: TEdgeSource): TDatasetEdge[] {
  return refs.flatMap((ref) => {
    const name = datasetName(ref.table);
    return name === null ? [] : [{ connId: ref.conn_id, name, taskId: task.task_id, direction, source }];
  });
}

/** A `load` task's URL source is a file or API dataset it reads, declared by its config. */
function uriSourceEdges(task: TDagTask): TDatasetEdge[] {
  if (task.type !== 'load' || !('url' in task.config.source)) return [];
  const uri = datasetUri(task.config.source.url);
  return uri === null ? [] : [{ connId: '', name: uri, taskId: task.task_id, direction: 'read', source: 'declared' }];
}

/** A `load` task's S3 source and target are object datasets (`s3://bucket/key`), declared by its config. */
function s3ObjectEdges(task: TDagTask): TDatasetEdge[] {
  if (task.type !== 'load') return [];
  const { source, target } = task.config;
  const read = 'key' in source ? s3DatasetUri(source.bucket, source.key) : null;
  const written = isS3Target(target) ? s3DatasetUri(target.bucket, target.key) : null;
  const edge = (name: string, direction: TEdgeDirection): TDatasetEdge => ({ connId: '', name, taskId: task.task_id, direction, source: 'declared' });
  return [...(read === null ? [] : [edge(read, 'read')]), ...(written === null ? [] : [edge(written, 'write')])];
}

function declaredEdges(task: TDagTask): TDatasetEdge[] {
  return [
    ...edgesOf(task, task.inputs, 'read', 'declared'),
    ...uriSourceEdges(task),
    ...s3ObjectEdges(task),
    ...edgesOf(task, declaredOutputs(task), 'write', 'declared'),
  ];
}

type TTaskLineage = { edges: TDatasetEdge[]; warnings: TLineageWarning[] };

/** The conn_type of a workspace's connection, where it exists: SQL on a mysql connection is read as MySQL's. */
export type TConnectionType = (connId: string) => string | undefined;

/**
 * What the task's SQL reads and writes (an ALTER counts as a write), and where that contradicts
 * what the task declares. Lineage informs and never gates a deploy: SQL that does not render or
 * parse, or a parser that throws, records nothing.
 */
function inferredLineage(dag: TDag, task: TDagTask, parse: TParseSql, connectionType: TConnectionType | undefined): TTaskLineage {
  try {
    const lineage = inferTaskLineage(dag, task, { parse, defaultSchema: DEFAULT_SCHEMA, connectionType });
    if (lineage.status !== 'known') return { edges: [], warnings: [] };
    return {
      edges: [...edgesOf(task, lineage.reads, 'read', 'inferred'), ...edgesOf(task, [...lineage.writes, ...lineage.altered], 'write', 'inferred')],
      warnings: compareDeclaredLineage(task, lineage, DEFAULT_SCHEMA),
    };
  } catch {
    return { edges: [], warnings: [] };
  }
}

/**
 * Every edge of a DAG version, each once, and the warnings where a task's SQL contradicts its
 * declared inputs and outputs. Without a parser only the declared edges are known. Without
 * `connectionType` every connection's SQL is read as PostgreSQL's.
 */
export function dagLineage(dag: TDag, parse: TParseSql | null, connectionType?: TConnectionType): TTaskLineage {
  const inferred = parse === null ? [] : dag.tasks.map((task) => inferredLineage(dag, task, parse, connectionType));
  const edges = [...dag.tasks.flatMap(declaredEdges), ...inferred.flatMap((lineage) => lineage.edges)];
  const byKey = new Map(edges.map((edge) => [[edge.connId, edge.name, edge.taskId, edge.direction, edge.source].join('\u0000'), edge]));
  return { edges: [...byKey.values()], warnings: inferred.flatMap((lineage) => lineage.warnings) };
}
