import type { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import { requireRole, type TServiceContext } from '../context';
import { BACKFILL_VIEW_SELECT, backfillProgress, toBackfillView, type TBackfillView } from './backfill-view';

/** One page of the workspace's backfills, newest first, optionally of one DAG, each with its progress. */
export async function listBackfills(
  ctx: TServiceContext,
  input: { dagId?: string; limit: number; offset: number },
): Promise<{ backfills: TBackfillView[]; totalEntries: number }> {
  requireRole(ctx, 'viewer');
  const where: Prisma.BackfillWhereInput = { workspaceId: ctx.workspaceId };
  if (input.dagId !== undefined) {
    const dag = await ctx.db.dag.findUnique({
      where: { workspaceId_dagId: { workspaceId: ctx.workspaceId, dagId: input.dagId } },
      select: { id: true },
    });
    if (!dag) throw new AppError('not_found', `DAG '${input.dagId}' does not exist.`);
    where.dagPk = dag.id;
  }
  const [rows, totalEntries] = await Promise.all([
    ctx.db.backfill.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: input.offset, take: input.limit, select: BACKFILL_VIEW_SELECT }),
    ctx.db.backfill.count({ where }),
  ]);
  const progress = await backfillProgress(ctx.db, rows.map((row) => row.id));
  return { backfills: rows.map((row) => toBackfillView(row, progress.get(row.id))), totalEntries };
}
