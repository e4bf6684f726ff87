import { requireRole, type TServiceContext } from '../context';
import { findDataset } from './dataset-view';

export type TDatasetEventItem = {
  id: string; source: 'task' | 'api'; dagId: string | null; runId: string | null; taskId: string | null;
  tryNumber: number | null; actor: string | null; extra: unknown; createdAt: Date;
};

/** A dataset's updates, newest first, with the run that made each (linked by the DAG and run ids). */
export async function listDatasetEvents(ctx: TServiceContext, datasetId: string, page: { limit: number; offset: number }): Promise<{ events: TDatasetEventItem[]; totalEntries: number }> {
  requireRole(ctx, 'viewer');
  await findDataset(ctx, datasetId);
  const where = { datasetId, workspaceId: ctx.workspaceId };
  const [rows, totalEntries] = await Promise.all([
    ctx.db.datasetEvent.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit,
      skip: page.offset,
      select: { id: true, source: true, taskId: true, tryNumber: true, actor: true, extra: true, createdAt: true, dagRun: { select: { runId: true, dag: { select: { dagId: true } } } } },
    }),
    ctx.db.datasetEvent.count({ where }),
  ]);
  const events = rows.map((row) => ({
    id: row.id, source: row.source as TDatasetEventItem['source'], dagId: row.dagRun?.dag.dagId ?? null, runId: row.dagRun?.runId ?? null,
    taskId: row.taskId, tryNumber: row.tryNumber, actor: row.actor, extra: row.extra, createdAt: row.createdAt,
  }));
  return { events, totalEntries };
}
