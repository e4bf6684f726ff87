import { AppError } from '../app-error';
import type { TServiceContext } from '../context';

export type TCheckResultItem = {
  id: string;
  dagId: string;
  dagRunId: string;
  runId: string;
  taskId: string;
  tryNumber: number;
  checkName: string;
  passed: boolean;
  observed: unknown;
  expected: unknown;
  message: string | null;
  createdAt: Date;
};

/** A dataset's quality-check history, newest first: every check of every try, passed or not. */
export async function listCheckResults(ctx: TServiceContext, input: { datasetId: string; limit: number }): Promise<TCheckResultItem[]> {
  const dataset = await ctx.db.dataset.findFirst({ where: { id: input.datasetId, workspaceId: ctx.workspaceId }, select: { id: true } });
  if (!dataset) throw new AppError('not_found', `Dataset '${input.datasetId}' does not exist.`);
  const rows = await ctx.db.checkResult.findMany({
    where: { datasetId: dataset.id, workspaceId: ctx.workspaceId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit,
    include: { dag: { select: { dagId: true } }, dagRun: { select: { runId: true } } },
  });
  return rows.map(({ dag, dagRun, workspaceId: _w, dagPk: _d, datasetId: _s, ...row }) => ({ ...row, dagId: dag.dagId, runId: dagRun.runId }));
}
