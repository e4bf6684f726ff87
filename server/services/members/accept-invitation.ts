import type { PrismaClient } from '../../db/client';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { hashToken } from '../tokens/api-tokens';
import { asRole } from '../workspaces/list-user-workspaces';
import { isInvitedEmail, isUsableInvitation, UNUSABLE_INVITATION, wrongAccountMessage } from '../../domain/members/invitation-account';

/**
 * The signed-in user joins the invitation's workspace with its role, if the account's email is
 * the invited one (without case): a link forwarded or opened in someone else's session admits
 * nobody else, and stays usable for the invitee. The email is read from the user row, not taken
 * from the session. Marking the invitation accepted is a compare-and-set on `acceptedAt: null`,
 * so a link used twice at once admits one user. Unknown, expired, revoked and used tokens all
 * get the same answer.
 */
export async function acceptInvitation(db: PrismaClient, user: { id: string; email: string }, token: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { workspace: { select: { slug: true } } } });
    if (!invitation || !isUsableInvitation(invitation, now)) throw new AppError('not_found', UNUSABLE_INVITATION);
    const account = await tx.user.findUnique({ where: { id: user.id }, select: { email: true } });
    if (!account) throw new AppError('unauthenticated', 'Sign in to accept this invitation.');
    if (!isInvitedEmail(invitation.email, account.email)) {
      throw new AppError('forbidden', `${wrongAccountMessage(invitation.email, account.email)} Sign in as ${invitation.email} to accept it.`);
    }
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: now, acceptedById: user.id } });
    if (claimed.count === 0) throw new AppError('not_found', UNUSABLE_INVITATION);
    const existing = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId: user.id } } });
    if (existing) throw new AppError('conflict', 'You are already a member of this workspace.');
    const role = asRole(invitation.role);
    await tx.membership.create({ data: { workspaceId: invitation.workspaceId, userId: user.id, role } });
    const ctx = { db, workspaceId: invitation.workspaceId, role, actor: { type: 'user' as const, id: user.id, label: account.email } };
    await recordAudit(tx, ctx, { action: 'invitation.accept', targetType: 'invitation', targetId: invitation.id, details: { role } });
    return { workspaceSlug: invitation.workspace.slug, role };
  });
}
