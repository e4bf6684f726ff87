import type { SecretBox } from '../../auth/secret-box';
import { requireRole, type TServiceContext } from '../context';
import { ALERT_CHANNEL_VIEW_SELECT, toAlertChannelView, type TAlertChannelView } from './alert-channel-view';

/** The workspace's channels by name (a workspace has a handful: no paging needed beyond a cap). */
export async function listAlertChannels(
  ctx: TServiceContext,
  box: SecretBox,
  page: { limit: number; offset: number } = { limit: 100, offset: 0 },
): Promise<{ channels: TAlertChannelView[]; totalEntries: number }> {
  requireRole(ctx, 'viewer');
  const where = { workspaceId: ctx.workspaceId };
  const [rows, totalEntries] = await Promise.all([
    ctx.db.alertChannel.findMany({ where, orderBy: { name: 'asc' }, skip: page.offset, take: page.limit, select: ALERT_CHANNEL_VIEW_SELECT }),
    ctx.db.alertChannel.count({ where }),
  ]);
  return { channels: rows.map((row) => toAlertChannelView(row, box)), totalEntries };
}
