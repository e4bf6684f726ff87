import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { hasRole, requireRole, type TRole, type TServiceContext } from '../context';
import { memberNotFound, requireAnOwnerLeft } from './last-owner';

/** Sets a member's role. Only an owner grants or takes away the owner role. */
export async function changeMemberRole(ctx: TServiceContext, input: { userId: string; role: TRole }): Promise<void> {
  requireRole(ctx, 'admin');
  await ctx.db.$transaction(async (tx) => {
    const current = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: ctx.workspaceId, userId: input.userId } },
      select: { role: true },
    });
    if (!current) throw memberNotFound(input.userId);
    if ((current.role === 'owner' || input.role === 'owner') && !hasRole(ctx.role, 'owner')) {
      throw new AppError('forbidden', 'Only an owner can grant or remove the owner role.');
    }
    await tx.membership.update({ where: { workspaceId_userId: { workspaceId: ctx.workspaceId, userId: input.userId } }, data: { role: input.role } });
    await requireAnOwnerLeft(tx, ctx.workspaceId);
    await recordAudit(tx, ctx, { action: 'member.role_change', targetType: 'user', targetId: input.userId, details: { from: current.role, to: input.role } });
  });
}
