import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../../server/env';
import { AppError } from '../../server/services/app-error';
import type { TServiceContext } from '../../server/services/context';
import { acceptInvitation } from '../../server/services/members/accept-invitation';
import { describeInvitation } from '../../server/services/members/describe-invitation';
import { createInvitation } from '../../server/services/members/invitations';
import { createWorkspace } from '../../server/services/workspaces/create-workspace';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

async function refusal(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the service to refuse, and it accepted');
}

/** Only the account with the invited email joins, whoever holds the link. */
describe('an invitation is accepted only by the invited account', () => {
  let database: TTestDatabase;
  let admin: TServiceContext;
  let workspaceId: string;
  const user = async (email: string, name: string | null = null) => {
    const row = await database.db.user.create({ data: { email, name } });
    return { id: row.id, email: row.email };
  };
  const memberships = (userId: string) => database.db.membership.count({ where: { workspaceId, userId } });
  const invite = (email: string) => createInvitation(admin, { email, role: 'editor' });

  beforeAll(async () => {
    // No SMTP: the invitations are links to pass on, as without mail configured.
    delete process.env.SMTP_URL;
    resetEnvCache();
    database = await createTestDatabase('invitation_account');
    workspaceId = (await createWorkspace(database.db, { slug: 'acme', name: 'Acme Data' })).id;
    const grace = await user('grace@example.com', 'Grace Hopper');
    await database.db.membership.create({ data: { workspaceId, userId: grace.id, role: 'admin' } });
    admin = { db: database.db, workspaceId, role: 'admin', actor: { type: 'user', id: grace.id, label: grace.email } };
  });
  afterAll(() => database.drop());

  it("refuses Bob with Alice's link, naming both emails, and leaves the link usable for Alice", async () => {
    const invitation = await invite('alice@example.com');
    const bob = await user('bob@example.com');

    const error = await refusal(acceptInvitation(database.db, bob, invitation.token));

    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('This invitation is for alice@example.com; you are signed in as bob@example.com.');
    expect(await memberships(bob.id)).toBe(0);
    const row = await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ acceptedAt: null, acceptedById: null });
    const alice = await user('alice@example.com');
    expect(await acceptInvitation(database.db, alice, invitation.token)).toEqual({ workspaceSlug: 'acme', role: 'editor' });
    expect(await memberships(alice.id)).toBe(1);
  });

  it('reads the email from the account, not from what the caller says it is', async () => {
    const invitation = await invite('carol@example.com');
    const mallory = await user('mallory@example.com');

    const error = await refusal(acceptInvitation(database.db, { id: mallory.id, email: 'carol@example.com' }, invitation.token));

    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('you are signed in as mallory@example.com');
    expect(await memberships(mallory.id)).toBe(0);
  });

  it('compares the emails without case, and nothing else', async () => {
    const invitation = await invite('Dana.Scully@Example.com');
    const nearMiss = await user('dana.scully@example.org');
    expect((await refusal(acceptInvitation(database.db, nearMiss, invitation.token))).code).toBe('forbidden');
    // An account row stored with other capitals (as an OAuth provider may give it).
    const dana = await user('dana.scully@EXAMPLE.COM');

    expect(await acceptInvitation(database.db, dana, invitation.token)).toEqual({ workspaceSlug: 'acme', role: 'editor' });
    expect(await memberships(dana.id)).toBe(1);
  });

  it('describes a usable invitation by workspace, inviter and role, and no used one', async () => {
    const invitation = await invite('erin@example.com');

    expect(await describeInvitation(database.db, invitation.token)).toMatchObject({
      email: 'erin@example.com',
      role: 'editor',
      workspaceName: 'Acme Data',
      inviterName: 'Grace Hopper',
      inviterEmail: 'grace@example.com',
    });
    await acceptInvitation(database.db, await user('erin@example.com'), invitation.token);
    expect(await describeInvitation(database.db, invitation.token)).toBeNull();
    expect(await describeInvitation(database.db, 'not-a-token')).toBeNull();
  });
});
