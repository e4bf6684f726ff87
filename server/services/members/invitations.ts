import { randomBytes } from 'node:crypto';
import { buildInvitationEmail } from '../../domain/members/invitation-email';
import { EmailDeliveryError, sendMail, smtpConfigured } from '../../integrations/email';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, ROLES, type TRole, type TServiceContext } from '../context';
import { hashToken } from '../tokens/api-tokens';
import { asRole } from '../workspaces/list-user-workspaces';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** `emailed: false` without an `emailError` means SMTP is not configured: the link is to pass on by hand. */
export type TInvitationDelivery = { emailed: boolean; emailError: string | null };

/**
 * Invites someone by email. The token is returned once, to build the `/invite/<token>` link;
 * only its hash is stored, like an API token's. When SMTP is configured the link is also
 * mailed, to `<baseUrl>/invite/<token>`; the caller knows the public address (the request's
 * origin, or TRIBUTARY_PUBLIC_URL). A failed send keeps the invitation: the admin gets the
 * link and the reason instead.
 */
export async function createInvitation(
  ctx: TServiceContext,
  input: { email: string; role: TRole; baseUrl?: string | null },
  now = new Date(),
): Promise<{ id: string; email: string; role: string; expiresAt: Date; token: string } & TInvitationDelivery> {
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
  // After the invitation is stored and in no transaction: the SMTP conversation may take
  // seconds, and its failure must not undo the invitation.
  const delivery = smtpConfigured() ? await emailInvitation(ctx, { ...row, token }, input.baseUrl ?? null) : { emailed: false, emailError: null };
  return { ...row, token, ...delivery };
}

async function emailInvitation(
  ctx: TServiceContext,
  invitation: { id: string; email: string; role: string; expiresAt: Date; token: string },
  baseUrl: string | null,
): Promise<TInvitationDelivery> {
  if (!baseUrl) return { emailed: false, emailError: 'The public address of Tributary is unknown (set TRIBUTARY_PUBLIC_URL), so no link could be mailed.' };
  const [workspace, inviter] = await Promise.all([
    ctx.db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId }, select: { name: true } }),
    ctx.actor.type === 'user' ? ctx.db.user.findUnique({ where: { id: ctx.actor.id }, select: { name: true, email: true } }) : null,
  ]);
  const mail = buildInvitationEmail({
    inviterName: inviter?.name ?? null,
    inviterEmail: inviter?.email ?? null,
    workspaceName: workspace.name,
    role: invitation.role,
    link: `${baseUrl.replace(/\/+$/, '')}/invite/${invitation.token}`,
    expiresAt: invitation.expiresAt,
  });
  try {
    await sendMail({ to: invitation.email, ...mail });
  } catch (error) {
    if (error instanceof EmailDeliveryError) return { emailed: false, emailError: error.message };
    throw error;
  }
  await ctx.db.invitation.update({ where: { id: invitation.id }, data: { emailedAt: new Date() } });
  return { emailed: true, emailError: null };
}

/** Invitations neither accepted, revoked nor expired. */
export async function listPendingInvitations(ctx: TServiceContext, now = new Date()) {
  requireRole(ctx, 'admin');
  const rows = await ctx.db.invitation.findMany({
    where: { workspaceId: ctx.workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true, emailedAt: true },
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
