import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { hasRole, requireRole, type TServiceContext } from '../context';
import { memberNotFound, requireAnOwnerLeft } from './last-owner';

export async function removeMember(ctx: TServiceContext, userId: string): Promise<void> {
  requireRole(ctx, 'admin');
  await ctx.db.$transaction(async (tx) => {
    const where = { workspaceId_userId: { workspaceId: ctx.workspaceId, userId } };
    const current = await tx.membership.findUnique({ where, select: { role: true } });
    if (!current) throw memberNotFound(userId);
    if (current.role === 'owner' && !hasRole(ctx.role, 'owner')) throw new AppError('forbidden', 'Only an owner can remove an owner.');
    await tx.membership.delete({ where });
    await requireAnOwnerLeft(tx, ctx.workspaceId);
    await recordAudit(tx, ctx, { action: 'member.remove', targetType: 'user', targetId: userId, details: { role: current.role } });
  });
}
