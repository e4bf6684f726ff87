/**
 * The invitation mail: subject, plain text and HTML, built from values only (the service looks
 * them up and sends). Every value that comes from a person (names, workspace, email) is
 * escaped in the HTML, so a workspace called `<script>` stays text.
 */
export type TInvitationEmailInput = {
  /** The inviter's name, or null when they never set one (their email is used then). */
  inviterName: string | null;
  inviterEmail: string | null;
  workspaceName: string;
  role: string;
  /** The absolute `<base>/invite/<token>` link. */
  link: string;
  expiresAt: Date;
};

export type TInvitationEmail = { subject: string; text: string; html: string };

export function buildInvitationEmail(input: TInvitationEmailInput): TInvitationEmail {
  const inviter = inviterLabel(input);
  const expires = formatUtc(input.expiresAt);
  const article = /^[aeiou]/i.test(input.role) ? 'an' : 'a';
  const subject = `${inviter} invited you to ${input.workspaceName} on Tributary`;
  const text = [
    `${inviter} invited you to join the workspace "${input.workspaceName}" on Tributary as ${article} ${input.role}.`,
    '',
    'Accept the invitation (sign up or log in first if you need to):',
    input.link,
    '',
    `The link works once and expires ${expires}.`,
    'If you did not expect this invitation, you can ignore this email.',
    '',
  ].join('\n');
  const html = [
    '<!doctype html>',
    '<html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>${escapeHtml(inviter)} invited you to join the workspace <strong>${escapeHtml(input.workspaceName)}</strong> on Tributary as ${article} <strong>${escapeHtml(input.role)}</strong>.</p>`,
    `<p><a href="${escapeHtml(input.link)}">Accept the invitation</a> (sign up or log in first if you need to).</p>`,
    `<p>Or open this link: <br>${escapeHtml(input.link)}</p>`,
    `<p>The link works once and expires ${escapeHtml(expires)}.<br>If you did not expect this invitation, you can ignore this email.</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject, text, html };
}

function inviterLabel({ inviterName, inviterEmail }: TInvitationEmailInput): string {
  const name = inviterName?.trim();
  if (name && inviterEmail) return `${name} (${inviterEmail})`;
  return name || inviterEmail || 'An admin';
}

/** `2026-12-01 17:16 UTC`: the recipient's time zone is unknown, so say which one this is. */
function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}
