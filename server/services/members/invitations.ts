import { randomBytes } from 'node:crypto';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, ROLES, type TRole, type TServiceContext } from '../context';
import { hashToken } from '../tokens/api-tokens';
import { asRole } from '../workspaces/list-user-workspaces';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Invites someone by email. The token is returned once, to build the `/invite/<token>` link
 * (no mail is sent yet); only its hash is stored, like an API token's.
 */
export async function createInvitation(ctx: TServiceContext, input: { email: string; role: TRole }, now = new Date()) {
  requireRole(ctx, 'admin');
  // Nobody hands out more power than they hold.
  if (ROLES.indexOf(input.role) > ROLES.indexOf(ctx.role)) {
    throw new AppError('forbidden', `You cannot invite with the ${input.role} role: yours is ${ctx.role}.`);
  }
  const token = randomBytes(24).toString('base64url');
  const row = await ctx.db.invitation.create({
    data: {
      workspaceId: ctx.workspaceId,
      email: input.email.toLowerCase(),
      role: input.role,
      tokenHash: hashToken(token),
      invitedById: ctx.actor.type === 'user' ? ctx.actor.id : null,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    },
    select: { id: true, email: true, role: true, expiresAt: true },
  });
  await recordAudit(ctx.db, ctx, { action: 'invitation.create', targetType: 'invitation', targetId: row.id, details: { email: row.email, role: row.role } });
  return { ...row, token };
}

/** Invitations neither accepted, revoked nor expired. */
export async function listPendingInvitations(ctx: TServiceContext, now = new Date()) {
  requireRole(ctx, 'admin');
  const rows = await ctx.db.invitation.findMany({
    where: { workspaceId: ctx.workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
  });
  return rows.map((row) => ({ ...row, role: asRole(row.role) }));
}

export async function revokeInvitation(ctx: TServiceContext, id: string): Promise<void> {
  requireRole(ctx, 'admin');
  const revoked = await ctx.db.invitation.updateMany({
    where: { id, workspaceId: ctx.workspaceId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (revoked.count === 0) throw new AppError('not_found', `Invitation ${id} does not exist or is no longer pending.`);
  await recordAudit(ctx.db, ctx, { action: 'invitation.revoke', targetType: 'invitation', targetId: id });
}
