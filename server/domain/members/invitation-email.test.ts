import { describe, expect, it } from 'vitest';
import { buildInvitationEmail, escapeHtml, type TInvitationEmailInput } from './invitation-email';

const BASE: TInvitationEmailInput = {
  inviterName: 'Grace Hopper',
  inviterEmail: 'grace@example.com',
  workspaceName: 'Data Team',
  role: 'editor',
  link: 'https://tributary.example.com/invite/abc_123-XYZ',
  expiresAt: new Date('2026-12-01T17:16:45.123Z'),
};

describe('buildInvitationEmail', () => {
  it('says who invited whom to which workspace, with which role, link and expiry', () => {
    const mail = buildInvitationEmail(BASE);
    expect(mail.subject).toBe('Grace Hopper (grace@example.com) invited you to Data Team on Tributary');
    expect(mail.text).toContain('Grace Hopper (grace@example.com) invited you to join the workspace "Data Team" on Tributary as an editor.');
    expect(mail.text).toContain('\nhttps://tributary.example.com/invite/abc_123-XYZ\n');
    expect(mail.text).toContain('expires 2026-12-01 17:16 UTC');
    expect(mail.html).toContain('<a href="https://tributary.example.com/invite/abc_123-XYZ">Accept the invitation</a>');
    expect(mail.html).toContain('<strong>Data Team</strong>');
    expect(mail.html).toContain('as an <strong>editor</strong>');
    expect(mail.html).toContain('expires 2026-12-01 17:16 UTC');
  });

  it.each([
    [{ inviterName: 'Ada', inviterEmail: 'ada@example.com' }, 'Ada (ada@example.com)'],
    [{ inviterName: null, inviterEmail: 'ada@example.com' }, 'ada@example.com'],
    [{ inviterName: '  ', inviterEmail: 'ada@example.com' }, 'ada@example.com'],
    [{ inviterName: 'Ada', inviterEmail: null }, 'Ada'],
    [{ inviterName: null, inviterEmail: null }, 'An admin'],
  ])('names the inviter %j as %s', (inviter, label) => {
    expect(buildInvitationEmail({ ...BASE, ...inviter }).subject).toBe(`${label} invited you to Data Team on Tributary`);
  });

  it.each([
    ['viewer', 'a viewer'],
    ['editor', 'an editor'],
    ['admin', 'an admin'],
    ['owner', 'an owner'],
  ])('reads the %s role as "%s"', (role, phrase) => {
    expect(buildInvitationEmail({ ...BASE, role }).text).toContain(`on Tributary as ${phrase}.`);
  });

  it('escapes every value a person chose in the HTML, and leaves the text as typed', () => {
    const mail = buildInvitationEmail({
      ...BASE,
      inviterName: '<img src=x onerror=alert(1)>',
      workspaceName: 'R&D "Labs" <script>',
      link: 'https://tributary.example.com/invite/a"b<c>',
    });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('<strong>R&amp;D &quot;Labs&quot; &lt;script&gt;</strong>');
    expect(mail.html).toContain('href="https://tributary.example.com/invite/a&quot;b&lt;c&gt;"');
    expect(mail.text).toContain('"R&D "Labs" <script>"');
  });
});

describe('escapeHtml', () => {
  it.each([
    ['plain', 'plain'],
    ['a & b', 'a &amp; b'],
    ['<b>', '&lt;b&gt;'],
    [`"it's"`, '&quot;it&#39;s&quot;'],
    ['&amp;', '&amp;amp;'],
  ])('escapes %j as %j', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });
});
