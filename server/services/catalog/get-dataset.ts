import { requireRole, type TServiceContext } from '../context';
import { findDataset, type TDatasetItem } from './dataset-view';

/** A task that reads (consumer) or writes (producer) the dataset, declared in its spec or inferred from its SQL. */
export type TDatasetTaskRef = { dagId: string; taskId: string; source: 'declared' | 'inferred' };

export type TDatasetDetail = TDatasetItem & { producers: TDatasetTaskRef[]; consumers: TDatasetTaskRef[] };

/** One dataset with the tasks of current DAG versions that write and read it. */
export async function getDataset(ctx: TServiceContext, id: string): Promise<TDatasetDetail> {
  requireRole(ctx, 'viewer');
  const dataset = await findDataset(ctx, id);
  const edges = await ctx.db.datasetEdge.findMany({
    where: { datasetId: id, workspaceId: ctx.workspaceId },
    select: { taskId: true, direction: true, source: true, dag: { select: { dagId: true } } },
    orderBy: [{ dag: { dagId: 'asc' } }, { taskId: 'asc' }, { source: 'asc' }],
  });
  const refs = (direction: string) =>
    edges
      .filter((edge) => edge.direction === direction)
      .map((edge) => ({ dagId: edge.dag.dagId, taskId: edge.taskId, source: edge.source as TDatasetTaskRef['source'] }));
  return { ...dataset, producers: refs('write'), consumers: refs('read') };
}
