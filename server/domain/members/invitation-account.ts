/**
 * Who may accept an invitation, and what the link's page and the service say when it cannot be
 * used. Pure: the page decides what to show with the same rule the service enforces.
 */

export const UNUSABLE_INVITATION = 'This invitation link is invalid, expired, revoked or already used. Ask an admin of the workspace for a new one.';

export function isUsableInvitation(invitation: { revokedAt: Date | null; acceptedAt: Date | null; expiresAt: Date }, now: Date): boolean {
  return !invitation.revokedAt && !invitation.acceptedAt && invitation.expiresAt > now;
}

/** Emails compare without case or surrounding space: sign-up stores them lowercased, other sources may not. */
export function isInvitedEmail(invited: string, email: string): boolean {
  return invited.trim().toLowerCase() === email.trim().toLowerCase();
}

export function wrongAccountMessage(invited: string, signedInAs: string): string {
  return `This invitation is for ${invited}; you are signed in as ${signedInAs}.`;
}

/** "Grace Hopper (grace@example.com)", the name or email alone, or null when neither is known. */
export function inviterLabel(name: string | null, email: string | null): string | null {
  const trimmed = name?.trim();
  if (trimmed && email) return `${trimmed} (${email})`;
  return trimmed || email || null;
}
