import type { SecretBox } from '../../auth/secret-box';
import { requireRole, type TServiceContext } from '../context';
import { ALERT_CHANNEL_VIEW_SELECT, alertChannelNotFound, toAlertChannelView, type TAlertChannelView } from './alert-channel-view';

export async function getAlertChannel(ctx: TServiceContext, box: SecretBox, name: string): Promise<TAlertChannelView> {
  requireRole(ctx, 'viewer');
  const row = await ctx.db.alertChannel.findUnique({
    where: { workspaceId_name: { workspaceId: ctx.workspaceId, name } },
    select: ALERT_CHANNEL_VIEW_SELECT,
  });
  if (!row) throw alertChannelNotFound(name);
  return toAlertChannelView(row, box);
}
