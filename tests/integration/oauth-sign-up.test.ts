import { randomUUID } from 'node:crypto';
import type { AdapterUser } from 'next-auth/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authAdapter } from '../../server/auth/auth-adapter';
import { signUp } from '../../server/services/users/sign-up';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

/** What Auth.js hands the adapter on a first OAuth sign-in: the profile, a random id of its own. */
const oauthUser = (email: string, name: string | null): AdapterUser => ({
  id: randomUUID(),
  email,
  name,
  image: 'https://github.example.com/avatar.png',
  emailVerified: null,
});

const GITHUB_ACCOUNT = (providerAccountId: string, userId: string) => ({
  userId,
  type: 'oauth' as const,
  provider: 'github',
  providerAccountId,
  access_token: 'gho_test',
  token_type: 'bearer' as const,
  scope: 'read:user,user:email',
});

describe('first OAuth sign-in: the user and their personal workspace (Auth.js adapter)', () => {
  let database: TTestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('oauth_sign_up');
  });
  afterAll(() => database.drop());

  const workspacesOf = (userId: string) =>
    database.db.membership.findMany({ where: { userId }, select: { role: true, workspace: { select: { slug: true, name: true, id: true } } } });

  it('creates the user with a personal workspace they own, with its default pool, under the database id', async () => {
    const adapter = authAdapter(database.db);
    const input = oauthUser('Grace.Hopper@Navy.example', 'Grace Hopper');
    const user = await adapter.createUser!(input);

    // Auth.js puts this id into the session token (`sub`): it must be the row's id, not Auth.js's.
    expect(user.id).not.toBe(input.id);
    expect(await database.db.user.findUnique({ where: { id: user.id } })).toMatchObject({
      email: 'grace.hopper@navy.example',
      name: 'Grace Hopper',
      passwordHash: null,
    });
    const memberships = await workspacesOf(user.id);
    expect(memberships).toEqual([{ role: 'owner', workspace: expect.objectContaining({ slug: 'grace-hopper', name: "Grace Hopper's workspace" }) }]);
    const pools = await database.db.pool.findMany({ where: { workspaceId: memberships[0]!.workspace.id } });
    expect(pools.map((pool) => pool.name)).toEqual(['default_pool']);
  });

  it('finds the same user on the next sign-in through the linked account: no second user or workspace', async () => {
    const adapter = authAdapter(database.db);
    const user = await adapter.createUser!(oauthUser('linus@kernel.example', null));
    await adapter.linkAccount!(GITHUB_ACCOUNT('1001', user.id));

    const again = await adapter.getUserByAccount!({ provider: 'github', providerAccountId: '1001' });
    expect(again?.id).toBe(user.id);
    expect(await database.db.user.count({ where: { email: 'linus@kernel.example' } })).toBe(1);
    // Without a name from the provider, the workspace is named after the email's local part.
    expect(await workspacesOf(user.id)).toEqual([{ role: 'owner', workspace: expect.objectContaining({ slug: 'linus', name: "linus's workspace" }) }]);
  });

  it('follows the password sign-up slug rules: a taken slug gets the next free suffix', async () => {
    await signUp(database.db, { email: 'ada@one.example', password: 'correct horse battery', name: 'Ada' });
    const adapter = authAdapter(database.db);
    const user = await adapter.createUser!(oauthUser('ada@two.example', 'Ada Two'));
    expect((await workspacesOf(user.id)).map((m) => m.workspace.slug)).toEqual(['ada-2']);
  });

  it('fails for an email that already has a user, leaving no orphan workspace behind', async () => {
    // Auth.js refuses this case before the adapter (OAuthAccountNotLinked); this is the race
    // where a password sign-up takes the email between its check and the insert.
    await signUp(database.db, { email: 'taken@example.com', password: 'correct horse battery', name: 'Taken' });
    const workspacesBefore = await database.db.workspace.count();
    const adapter = authAdapter(database.db);
    await expect(adapter.createUser!(oauthUser('taken@example.com', 'Someone Else'))).rejects.toMatchObject({ code: 'P2002' });
    expect(await database.db.workspace.count()).toBe(workspacesBefore);
    expect(await database.db.user.count({ where: { email: 'taken@example.com' } })).toBe(1);
  });
});
