import type { TDb } from '../../db/sql';
import type { TRole } from '../context';
import { hashToken } from '../tokens/api-tokens';
import { asRole } from '../workspaces/list-user-workspaces';
import { isUsableInvitation } from '../../domain/members/invitation-account';

/** What an invitation link offers, for its page: who is invited, where, by whom, as what. */
export type TInvitationView = {
  email: string;
  role: TRole;
  workspaceName: string;
  inviterName: string | null;
  inviterEmail: string | null;
  expiresAt: Date;
};

/**
 * The invitation behind a usable token, or null for unknown, expired, revoked and used tokens
 * alike: the page then says one thing for all four. The token is a 192-bit secret given to
 * the invitee, so holding it is what entitles anyone to these details.
 */
export async function describeInvitation(db: TDb, token: string, now = new Date()): Promise<TInvitationView | null> {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { workspace: { select: { name: true } } } });
  if (!invitation || !isUsableInvitation(invitation, now)) return null;
  const inviter = invitation.invitedById
    ? await db.user.findUnique({ where: { id: invitation.invitedById }, select: { name: true, email: true } })
    : null;
  return {
    email: invitation.email,
    role: asRole(invitation.role),
    workspaceName: invitation.workspace.name,
    inviterName: inviter?.name ?? null,
    inviterEmail: inviter?.email ?? null,
    expiresAt: invitation.expiresAt,
  };
}
