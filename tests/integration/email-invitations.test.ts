import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/db/embedded-postgres';
import { resetEnvCache } from '../../server/env';
import { acceptInvitation } from '../../server/services/members/accept-invitation';
import { createInvitation } from '../../server/services/members/invitations';
import { createWorkspace } from '../../server/services/workspaces/create-workspace';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { startSmtpSink, type TSmtpSink } from '../support/smtp-sink';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

type TUser = NonNullable<TTRPCContext['user']>;

const ORIGIN = 'http://tributary.test:3000';
const CREDENTIALS = { user: 'mailer', pass: 'p@ss:w0rd-secret' };
const ENV_KEYS = ['SMTP_URL', 'SMTP_FROM', 'TRIBUTARY_PUBLIC_URL'] as const;

/** The product reads configuration through server/env.ts: set the variables, then reset its cache. */
function setEnv(values: Partial<Record<(typeof ENV_KEYS)[number], string>>) {
  for (const key of ENV_KEYS) {
    const value = values[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
}

function linkIn(text: string): string {
  const match = /https?:\/\/[^\s"<]+\/invite\/[A-Za-z0-9_-]+/.exec(text);
  if (!match) throw new Error(`no invitation link in:\n${text}`);
  return match[0];
}

describe('invitations sent by email', () => {
  let database: TTestDatabase;
  let admin: TUser;
  let workspaceId: string;
  let invitees = 0;
  const sinks: TSmtpSink[] = [];
  const asAdmin = (origin: string | null = ORIGIN) => createCaller({ db: database.db, user: admin, workspaceSlug: 'team', origin });
  const nextInvitee = () => `invitee${++invitees}@example.com`;
  const sink = async (options?: Parameters<typeof startSmtpSink>[0]) => {
    const started = await startSmtpSink(options);
    sinks.push(started);
    return started;
  };
  const signUpUser = async (email: string) => {
    const user = await database.db.user.create({ data: { email, name: email.split('@')[0] ?? null } });
    return { id: user.id, email: user.email };
  };

  beforeAll(async () => {
    setEnv({});
    database = await createTestDatabase('email_invitations');
    const team = await createWorkspace(database.db, { slug: 'team', name: 'Data <Team>' });
    workspaceId = team.id;
    const user = await database.db.user.create({ data: { email: 'grace@example.com', name: 'Grace Hopper' } });
    admin = { id: user.id, email: user.email, name: user.name };
    await database.db.membership.create({ data: { workspaceId, userId: user.id, role: 'admin' } });
  });
  afterEach(async () => {
    setEnv({});
    await Promise.all(sinks.splice(0).map((started) => started.close()));
  });
  afterAll(() => database.drop());

  it('mails the link through the configured server, with its credentials, and the link admits the invitee', async () => {
    const smtp = await sink({ auth: CREDENTIALS });
    setEnv({ SMTP_URL: smtp.url(), SMTP_FROM: 'Tributary Test <robot@tributary.test>' });
    const email = nextInvitee();

    const invitation = await asAdmin().settings.members.invite({ email, role: 'viewer' });

    expect(invitation).toMatchObject({ email, emailed: true, emailError: null });
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.user).toBe(CREDENTIALS.user);
    expect(mail.to).toEqual([email]);
    expect(mail.from).toBe('robot@tributary.test');
    expect(mail.header('To')).toBe(email);
    expect(mail.header('Subject')).toBe('Grace Hopper (grace@example.com) invited you to Data <Team> on Tributary');
    // Both parts: the text as typed, the HTML escaped.
    expect(mail.decoded).toContain('join the workspace "Data <Team>" on Tributary as a viewer');
    expect(mail.decoded).toContain('<strong>Data &lt;Team&gt;</strong>');
    const link = linkIn(mail.decoded);
    expect(link).toBe(`${ORIGIN}/invite/${invitation.token}`);

    const row = await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.emailedAt).toBeInstanceOf(Date);
    const pending = await asAdmin().settings.members.invitations();
    expect(pending.find((entry) => entry.id === invitation.id)?.emailedAt).toBe(row.emailedAt?.toISOString());

    const invitee = await signUpUser(email);
    const token = link.split('/invite/')[1]!;
    expect(await acceptInvitation(database.db, invitee, token)).toEqual({ workspaceSlug: 'team', role: 'viewer' });
    expect(await database.db.membership.findFirst({ where: { workspaceId, userId: invitee.id }, select: { role: true } })).toEqual({ role: 'viewer' });
  });

  it('builds the link on TRIBUTARY_PUBLIC_URL when it is set, not on the request origin', async () => {
    const smtp = await sink();
    setEnv({ SMTP_URL: smtp.url(), TRIBUTARY_PUBLIC_URL: 'https://tributary.example.com/' });

    const invitation = await asAdmin().settings.members.invite({ email: nextInvitee(), role: 'editor' });

    expect(invitation.emailed).toBe(true);
    expect(linkIn(smtp.messages[0]!.decoded)).toBe(`https://tributary.example.com/invite/${invitation.token}`);
  });

  it('keeps the invitation and gives the reason when the server refuses the recipient', async () => {
    const smtp = await sink({ auth: CREDENTIALS, rejectRecipient: () => 'No such mailbox here' });
    setEnv({ SMTP_URL: smtp.url() });
    const email = nextInvitee();

    const invitation = await asAdmin().settings.members.invite({ email, role: 'viewer' });

    expect(invitation.emailed).toBe(false);
    expect(invitation.emailError).toContain(`127.0.0.1:${smtp.port}`);
    expect(invitation.emailError).toContain('550');
    expect(invitation.emailError).toContain('No such mailbox here');
    expect(invitation.emailError).not.toContain(CREDENTIALS.pass);
    expect(smtp.messages).toHaveLength(0);
    const row = await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.emailedAt).toBeNull();
    expect((await asAdmin().settings.members.invitations()).find((entry) => entry.id === invitation.id)).toMatchObject({ email, emailedAt: null });
    expect(await database.db.auditLog.count({ where: { action: 'invitation.create', targetId: invitation.id } })).toBe(1);
    // The admin passes the link on by hand, and it works.
    const invitee = await signUpUser(email);
    expect(await acceptInvitation(database.db, invitee, invitation.token)).toEqual({ workspaceSlug: 'team', role: 'viewer' });
  });

  it('says the credentials were refused, without repeating the password', async () => {
    const smtp = await sink({ auth: CREDENTIALS });
    const wrong = { user: 'mailer', pass: 'not-the-password-123' };
    setEnv({ SMTP_URL: smtp.url(wrong) });

    const invitation = await asAdmin().settings.members.invite({ email: nextInvitee(), role: 'viewer' });

    expect(invitation.emailed).toBe(false);
    expect(invitation.emailError).toContain('refused the username or password');
    expect(invitation.emailError).not.toContain(wrong.pass);
    expect(smtp.messages).toHaveLength(0);
  });

  it('gives up quickly when nothing listens at the SMTP address', async () => {
    setEnv({ SMTP_URL: `smtp://127.0.0.1:${await freePort()}` });
    const started = Date.now();

    const invitation = await asAdmin().settings.members.invite({ email: nextInvitee(), role: 'viewer' });

    expect(invitation.emailed).toBe(false);
    expect(invitation.emailError).toMatch(/could not connect|connection failed/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('sends nothing and reports no error when SMTP is not configured', async () => {
    const smtp = await sink();
    setEnv({});

    const invitation = await asAdmin().settings.members.invite({ email: nextInvitee(), role: 'viewer' });

    expect(invitation).toMatchObject({ emailed: false, emailError: null });
    expect(invitation.token.length).toBeGreaterThan(20);
    expect(smtp.messages).toHaveLength(0);
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).emailedAt).toBeNull();
  });

  it('says why when the caller knows no public address to link to', async () => {
    const smtp = await sink();
    setEnv({ SMTP_URL: smtp.url() });
    const ctx = { db: database.db, workspaceId, role: 'admin' as const, actor: { type: 'user' as const, id: admin.id, label: admin.email } };

    const invitation = await createInvitation(ctx, { email: nextInvitee(), role: 'viewer' });

    expect(invitation.emailed).toBe(false);
    expect(invitation.emailError).toContain('TRIBUTARY_PUBLIC_URL');
    expect(smtp.messages).toHaveLength(0);
  });
});
