import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { alertChannelNotFound } from './alert-channel-view';

/**
 * Deletes a channel. The record of its deliveries stays (incidents and the delivery list still
 * say what was sent where, under the channel's name); the ones not yet sent never will be.
 */
export async function deleteAlertChannel(ctx: TServiceContext, name: string): Promise<void> {
  requireRole(ctx, 'admin');
  await ctx.db.$transaction(async (tx) => {
    const channel = await tx.alertChannel.findFirst({ where: { workspaceId: ctx.workspaceId, name }, select: { id: true } });
    if (!channel) throw alertChannelNotFound(name);
    await tx.alertDelivery.updateMany({
      where: { workspaceId: ctx.workspaceId, channelId: channel.id, state: { in: ['pending', 'digested'] } },
      data: { state: 'failed', lastError: 'The channel was deleted before this alert was sent.' },
    });
    await tx.alertChannel.delete({ where: { id: channel.id } });
    await recordAudit(tx, ctx, { action: 'alert_channel.delete', targetType: 'alert_channel', targetId: name });
  });
}
