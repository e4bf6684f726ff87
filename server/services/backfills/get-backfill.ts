import { requireRole, type TServiceContext } from '../context';
import { loadBackfillView, type TBackfillView } from './backfill-view';

/** One backfill with its progress; another workspace's backfill does not exist (404). */
export async function getBackfill(ctx: TServiceContext, id: string): Promise<TBackfillView> {
  requireRole(ctx, 'viewer');
  return loadBackfillView(ctx.db, ctx.workspaceId, id);
}
