import { AppError } from '../app-error';
import { requireRole, type TServiceContext } from '../context';
import { datasetShortForm } from '../../domain/catalog/dataset-short-form';

/** One dataset a DAG's task reads or writes, for the DAG page's "Inputs and outputs". */
export type TDagDatasetRef = { datasetId: string; dataset: string; taskId: string; source: 'declared' | 'inferred' };

/** The datasets the tasks of a DAG's current version read and write (viewer). */
export async function dagDatasets(ctx: TServiceContext, dagId: string): Promise<{ inputs: TDagDatasetRef[]; outputs: TDagDatasetRef[] }> {
  requireRole(ctx, 'viewer');
  const dag = await ctx.db.dag.findFirst({ where: { workspaceId: ctx.workspaceId, dagId }, select: { id: true } });
  if (!dag) throw new AppError('not_found', `DAG '${dagId}' does not exist.`);
  const edges = await ctx.db.datasetEdge.findMany({
    where: { dagPk: dag.id, workspaceId: ctx.workspaceId },
    select: { taskId: true, direction: true, source: true, dataset: { select: { id: true, connId: true, name: true } } },
    orderBy: [{ dataset: { connId: 'asc' } }, { dataset: { name: 'asc' } }, { taskId: 'asc' }, { source: 'asc' }],
  });
  const refs = (direction: string) =>
    edges.filter((edge) => edge.direction === direction).map((edge) => ({
      datasetId: edge.dataset.id, dataset: datasetShortForm(edge.dataset), taskId: edge.taskId, source: edge.source as TDagDatasetRef['source'],
    }));
  return { inputs: refs('read'), outputs: refs('write') };
}
