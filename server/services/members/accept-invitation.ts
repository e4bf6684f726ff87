import type { PrismaClient } from '../../db/client';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { hashToken } from '../tokens/api-tokens';
import { asRole } from '../workspaces/list-user-workspaces';

const UNUSABLE = 'This invitation link is invalid, expired, revoked or already used. Ask an admin of the workspace for a new one.';

/**
 * The signed-in user joins the invitation's workspace with its role. Marking the invitation
 * accepted is a compare-and-set on `acceptedAt: null`, so a link used twice at once admits one
 * user. Unknown, expired, revoked and used tokens all get the same answer.
 */
export async function acceptInvitation(db: PrismaClient, user: { id: string; email: string }, token: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { workspace: { select: { slug: true } } } });
    if (!invitation || invitation.revokedAt || invitation.acceptedAt || invitation.expiresAt <= now) throw new AppError('not_found', UNUSABLE);
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: now, acceptedById: user.id } });
    if (claimed.count === 0) throw new AppError('not_found', UNUSABLE);
    const existing = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId: user.id } } });
    if (existing) throw new AppError('conflict', 'You are already a member of this workspace.');
    const role = asRole(invitation.role);
    await tx.membership.create({ data: { workspaceId: invitation.workspaceId, userId: user.id, role } });
    const ctx = { db, workspaceId: invitation.workspaceId, role, actor: { type: 'user' as const, id: user.id, label: user.email } };
    await recordAudit(tx, ctx, { action: 'invitation.accept', targetType: 'invitation', targetId: invitation.id, details: { role } });
    return { workspaceSlug: invitation.workspace.slug, role };
  });
}
