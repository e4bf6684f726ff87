import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { connectionNotFound } from './connection-view';

export async function deleteConnection(ctx: TServiceContext, connId: string): Promise<void> {
  requireRole(ctx, 'admin');
  await ctx.db.$transaction(async (tx) => {
    const deleted = await tx.connection.deleteMany({ where: { workspaceId: ctx.workspaceId, connId } });
    if (deleted.count === 0) throw connectionNotFound(connId);
    await recordAudit(tx, ctx, { action: 'connection.delete', targetType: 'connection', targetId: connId });
  });
}
