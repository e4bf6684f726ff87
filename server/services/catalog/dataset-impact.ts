import type { TImpactRow } from '../../domain/catalog/impact-csv';
import { requireRole, type TServiceContext } from '../context';
import { datasetLineage, MAX_LINEAGE_DEPTH } from './dataset-lineage';
import { datasetShortForm } from '../../domain/catalog/dataset-short-form';

export type TDatasetImpact = { datasetId: string; depth: number; rows: TImpactRow[] };

/**
 * "What breaks downstream if this dataset is late or wrong": every dataset and task downstream
 * to `depth` (default and most 10), with whom to tell — a dataset's owner, a task's DAG's owner.
 * A task's depth is one more than the nearest dataset it reads, so the rows read in the order the
 * damage spreads.
 */
export async function datasetImpact(ctx: TServiceContext, id: string, depth = MAX_LINEAGE_DEPTH): Promise<TDatasetImpact> {
  requireRole(ctx, 'viewer');
  const lineage = await datasetLineage(ctx, id, { direction: 'downstream', depth });
  const datasetDepth = new Map(lineage.nodes.flatMap((node) => (node.kind === 'dataset' ? [[node.id, node.depth] as const] : [])));
  const taskDepth = new Map<string, number>();
  for (const edge of lineage.edges) {
    const from = datasetDepth.get(edge.from);
    if (from !== undefined) taskDepth.set(edge.to, Math.min(taskDepth.get(edge.to) ?? Infinity, from + 1));
  }
  const datasets = lineage.nodes.flatMap((node) => (node.kind === 'dataset' && node.datasetId !== id ? [node] : []));
  const tasks = lineage.nodes.flatMap((node) => (node.kind === 'task' ? [node] : []));
  const [datasetOwners, dagOwners] = await Promise.all([
    ctx.db.dataset.findMany({ where: { workspaceId: ctx.workspaceId, id: { in: datasets.map((node) => node.datasetId) } }, select: { id: true, owner: true } }),
    ctx.db.dag.findMany({ where: { workspaceId: ctx.workspaceId, dagId: { in: [...new Set(tasks.map((node) => node.dagId))] } }, select: { dagId: true, owner: true } }),
  ]);
  const datasetOwner = new Map(datasetOwners.map((row) => [row.id, row.owner]));
  const dagOwner = new Map(dagOwners.map((row) => [row.dagId, row.owner]));
  const rows: TImpactRow[] = [
    ...datasets.map((node) => ({
      depth: node.depth, kind: 'dataset' as const, name: datasetShortForm(node),
      datasetId: node.datasetId, dagId: null, taskId: null, owner: datasetOwner.get(node.datasetId) ?? null,
    })),
    ...tasks.map((node) => ({
      depth: taskDepth.get(node.id) ?? 1, kind: 'task' as const, name: `${node.dagId}.${node.taskId}`,
      datasetId: null, dagId: node.dagId, taskId: node.taskId, owner: dagOwner.get(node.dagId) ?? null,
    })),
  ];
  rows.sort((a, b) => a.depth - b.depth || (a.kind === b.kind ? 0 : a.kind === 'task' ? -1 : 1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { datasetId: id, depth, rows };
}
