import type { SecretBox } from '../../auth/secret-box';
import { requireRole, type TServiceContext } from '../context';
import { CONNECTION_VIEW_SELECT, connectionNotFound, toConnectionView, type TConnectionView } from './connection-view';

export async function getConnection(ctx: TServiceContext, box: SecretBox, connId: string): Promise<TConnectionView> {
  requireRole(ctx, 'viewer');
  const row = await ctx.db.connection.findUnique({
    where: { workspaceId_connId: { workspaceId: ctx.workspaceId, connId } },
    select: CONNECTION_VIEW_SELECT,
  });
  if (!row) throw connectionNotFound(connId);
  return toConnectionView(row, box);
}
