import type { TDatasetRef } from '../../domain/dag/dataset-ref';
import type { TDag, TDagTask } from '../../domain/dag/normalize-dag';
import type { TParseSql } from '../../domain/catalog/sql-parse-tree';
import { inferTaskLineage } from '../../domain/catalog/task-lineage';
import { formatTableName, parseTableText } from '../../domain/catalog/table-name';

export type TEdgeDirection = 'read' | 'write';
export type TEdgeSource = 'declared' | 'inferred';

/** One task's read or write of one table, the table named `schema.table` (schema always written). */
export type TDatasetEdge = { connId: string; name: string; taskId: string; direction: TEdgeDirection; source: TEdgeSource };

const DEFAULT_SCHEMA = 'public';

/**
 * `course`, `public.course` and `db.public.course` are one table on a connection: the catalog keys
 * it as `public.course`, so a declared and an inferred edge meet on the same dataset. Null when
 * the text is not a table name (a template left in a declared ref, for one).
 */
export function datasetName(table: string): string | null {
  if (table.includes('{{') || table.includes('{%')) return null;
  const parsed = parseTableText(table, DEFAULT_SCHEMA);
  return parsed.ok ? formatTableName({ ...parsed.value, database: null }) : null;
}

function edgesOf(task: TDagTask, refs: readonly TDatasetRef[], direction: TEdgeDirection, source: TEdgeSource): TDatasetEdge[] {
  return refs.flatMap((ref) => {
    const name = datasetName(ref.table);
    return name === null ? [] : [{ connId: ref.conn_id, name, taskId: task.task_id, direction, source }];
  });
}

/** A `load` task's target is declared by its config, as an output is by `outputs`. */
function loadTarget(task: TDagTask): TDatasetRef[] {
  if (task.type !== 'load') return [];
  const { target } = task.config;
  return [{ conn_id: target.conn_id, table: target.table }];
}

function declaredEdges(task: TDagTask): TDatasetEdge[] {
  return [
    ...edgesOf(task, task.inputs, 'read', 'declared'),
    ...edgesOf(task, [...task.outputs, ...loadTarget(task)], 'write', 'declared'),
  ];
}

/**
 * What the task's SQL reads and writes (an ALTER counts as a write). Lineage informs and never
 * gates a deploy: SQL that does not render or parse, or a parser that throws, records nothing.
 */
function inferredEdges(dag: TDag, task: TDagTask, parse: TParseSql): TDatasetEdge[] {
  try {
    const lineage = inferTaskLineage(dag, task, { parse, defaultSchema: DEFAULT_SCHEMA });
    if (lineage.status !== 'known') return [];
    return [
      ...edgesOf(task, lineage.reads, 'read', 'inferred'),
      ...edgesOf(task, [...lineage.writes, ...lineage.altered], 'write', 'inferred'),
    ];
  } catch {
    return [];
  }
}

/** Every edge of a DAG version, each once. Without a parser only the declared edges are known. */
export function dagDatasetEdges(dag: TDag, parse: TParseSql | null): TDatasetEdge[] {
  const edges = dag.tasks.flatMap((task) => [...declaredEdges(task), ...(parse === null ? [] : inferredEdges(dag, task, parse))]);
  const byKey = new Map(edges.map((edge) => [[edge.connId, edge.name, edge.taskId, edge.direction, edge.source].join('\u0000'), edge]));
  return [...byKey.values()];
}
