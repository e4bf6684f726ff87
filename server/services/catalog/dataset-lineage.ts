import { requireRole, type TServiceContext } from '../context';
import { findDataset } from './dataset-view';

export type TLineageDirection = 'upstream' | 'downstream' | 'both';

export const MAX_LINEAGE_DEPTH = 10;

export type TLineageNode =
  | { id: string; kind: 'dataset'; datasetId: string; connId: string; name: string; depth: number }
  | { id: string; kind: 'task'; dagId: string; taskId: string };

/** From a dataset to a task that reads it, or from a task to a dataset it writes. */
export type TLineageEdge = { from: string; to: string; sources: ('declared' | 'inferred')[] };

export type TDatasetLineage = { nodes: TLineageNode[]; edges: TLineageEdge[] };

type TWalkRow = {
  near: boolean;
  depth: number;
  datasetId: string;
  connId: string;
  name: string;
  direction: 'read' | 'write';
  source: 'declared' | 'inferred';
  dagId: string;
  taskId: string;
};

const datasetNode = (id: string) => `dataset:${id}`;
const taskNode = (dagId: string, taskId: string) => `task:${dagId}.${taskId}`;

/**
 * One recursive query walks dataset → task → dataset: downstream through the tasks that read a
 * dataset to what they write, upstream through the tasks that write it to what they read. Each
 * row is one edge walked: `near` on the dataset walked from, the other on the dataset reached.
 * A task that reads and writes nothing further still appears (the left join). `depth` bounds
 * the walk, cycles included.
 */
function walk(ctx: TServiceContext, datasetId: string, ways: string[], depth: number) {
  return ctx.db.$queryRaw<TWalkRow[]>`
    with recursive walk(dataset_id, depth, way, near_edge, far_edge) as (
      select ${datasetId}::text, 0, way, null::text, null::text from unnest(${ways}::text[]) as way
      union
      select far."datasetId", w.depth + 1, w.way, near.id, far.id
      from walk w
      join dataset_edge near on near."datasetId" = w.dataset_id and near."workspaceId" = ${ctx.workspaceId}
        and near.direction = case w.way when 'downstream' then 'read' else 'write' end
      left join dataset_edge far on far."dagPk" = near."dagPk" and far."taskId" = near."taskId"
        and far.direction = case w.way when 'downstream' then 'write' else 'read' end
      where w.depth < ${depth}
    )
    select distinct e.id = w.near_edge as near, w.depth, ds.id as "datasetId", ds."connId", ds.name,
           e.direction, e.source, d."dagId", e."taskId"
    from walk w
    join dataset_edge e on e.id = w.near_edge or e.id = w.far_edge
    join dataset ds on ds.id = e."datasetId"
    join dag d on d.id = e."dagPk"`;
}

/** A dataset's lineage graph to `depth` datasets away (1 to 10): datasets and the tasks between them. */
export async function datasetLineage(
  ctx: TServiceContext,
  id: string,
  input: { direction: TLineageDirection; depth: number },
): Promise<TDatasetLineage> {
  requireRole(ctx, 'viewer');
  const root = await findDataset(ctx, id);
  const depth = Math.min(Math.max(1, input.depth), MAX_LINEAGE_DEPTH);
  const ways = input.direction === 'both' ? ['upstream', 'downstream'] : [input.direction];
  const rows = await walk(ctx, id, ways, depth);
  const nodes = new Map<string, TLineageNode>([
    [datasetNode(root.id), { id: datasetNode(root.id), kind: 'dataset', datasetId: root.id, connId: root.connId, name: root.name, depth: 0 }],
  ]);
  const edges = new Map<string, TLineageEdge>();
  for (const row of rows) {
    const dataset = datasetNode(row.datasetId);
    const task = taskNode(row.dagId, row.taskId);
    const depthOf = row.near ? row.depth - 1 : row.depth;
    const known = nodes.get(dataset);
    if (known?.kind !== 'dataset' || known.depth > depthOf) {
      nodes.set(dataset, { id: dataset, kind: 'dataset', datasetId: row.datasetId, connId: row.connId, name: row.name, depth: depthOf });
    }
    nodes.set(task, { id: task, kind: 'task', dagId: row.dagId, taskId: row.taskId });
    const [from, to] = row.direction === 'read' ? [dataset, task] : [task, dataset];
    const edge = edges.get(`${from} ${to}`) ?? { from, to, sources: [] };
    if (!edge.sources.includes(row.source)) edge.sources = [...edge.sources, row.source].sort();
    edges.set(`${from} ${to}`, edge);
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    nodes: [...nodes.values()].sort((a, b) => order(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => order(a.from, b.from) || order(a.to, b.to)),
  };
}
