import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { alertChannelNotFound } from './alert-channel-view';

/** Deletes a channel and, with it (cascade), the record of its deliveries. */
export async function deleteAlertChannel(ctx: TServiceContext, name: string): Promise<void> {
  requireRole(ctx, 'admin');
  await ctx.db.$transaction(async (tx) => {
    const deleted = await tx.alertChannel.deleteMany({ where: { workspaceId: ctx.workspaceId, name } });
    if (deleted.count === 0) throw alertChannelNotFound(name);
    await recordAudit(tx, ctx, { action: 'alert_channel.delete', targetType: 'alert_channel', targetId: name });
  });
}
