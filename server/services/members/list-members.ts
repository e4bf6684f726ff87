import { requireRole, type TServiceContext } from '../context';
import { asRole } from '../workspaces/list-user-workspaces';

/** The workspace's members with their roles, owners first, then by email. */
export async function listMembers(ctx: TServiceContext) {
  requireRole(ctx, 'viewer');
  const rows = await ctx.db.membership.findMany({
    where: { workspaceId: ctx.workspaceId },
    select: { userId: true, role: true, createdAt: true, user: { select: { email: true, name: true } } },
    orderBy: { user: { email: 'asc' } },
  });
  return rows.map((row) => ({ userId: row.userId, email: row.user.email, name: row.user.name, role: asRole(row.role), joinedAt: row.createdAt }));
}
