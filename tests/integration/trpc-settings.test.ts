import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import type { TRole } from '../../server/services/context';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { codeOf } from '../support/trpc-code';

type TUser = NonNullable<TTRPCContext['user']>;
const NAMES = ['owner', 'admin', 'editor', 'viewer', 'outsider', 'newcomer', 'latecomer'] as const;

describe('tRPC: workspace settings', () => {
  let database: TTestDatabase;
  const users = {} as Record<(typeof NAMES)[number], TUser>;
  const as = (name: (typeof NAMES)[number], workspaceSlug: string | null = 'team') => createCaller({ db: database.db, user: users[name], workspaceSlug });

  beforeAll(async () => {
    // The router reads the key through server/env.ts, like the web app.
    process.env.TRIBUTARY_SECRET_KEY = generateKey();
    resetEnvCache();
    database = await createTestDatabase('trpc_settings');
    const team = await createWorkspace(database.db, 'team');
    const other = await createWorkspace(database.db, 'other');
    for (const name of NAMES) {
      const user = await database.db.user.create({ data: { email: `${name}@example.com`, name } });
      users[name] = { id: user.id, email: user.email, name: user.name };
      const workspaceId = name === 'outsider' ? other.id : team.id;
      if (name !== 'newcomer' && name !== 'latecomer') await database.db.membership.create({ data: { workspaceId, userId: user.id, role: name === 'outsider' ? 'owner' : name } });
    }
  });
  afterAll(() => database.drop());

  it('refuses each kind of mutation below its role, and lets that role through', async () => {
    const variable = { key: 'region', value: 'eu', mode: 'create' } as const;
    expect(await codeOf(as('viewer').settings.variables.set(variable))).toBe('FORBIDDEN');
    expect(await codeOf(as('editor').settings.variables.set(variable))).toBe('OK');
    const connection = { connId: 'warehouse', connType: 'postgres', host: 'db', port: 5432, password: 's3cret' };
    expect(await codeOf(as('editor').settings.connections.create(connection))).toBe('FORBIDDEN');
    expect(await codeOf(as('admin').settings.connections.create(connection))).toBe('OK');
    expect(await codeOf(as('editor').settings.pools.create({ name: 'etl', slots: 4 }))).toBe('FORBIDDEN');
    expect(await codeOf(as('admin').settings.pools.create({ name: 'etl', slots: 4 }))).toBe('OK');
    expect(await codeOf(as('editor').settings.tokens.create({ name: 'ci', role: 'viewer' }))).toBe('FORBIDDEN');
    expect(await codeOf(as('editor').settings.members.invite({ email: 'x@example.com', role: 'viewer' }))).toBe('FORBIDDEN');
    expect(await codeOf(as('viewer').settings.variables.delete({ key: 'region' }))).toBe('FORBIDDEN');
    expect((await as('viewer').settings.variables.list({})).variables.map((row) => row.key)).toEqual(['region']);
    expect((await as('viewer').settings.auditLog({})).entries[0]?.action).toBe('pool.create');
  });

  it('never returns a connection password, only whether one is set', async () => {
    const { connections } = await as('viewer').settings.connections.list({});
    expect(connections).toHaveLength(1);
    expect(connections[0]?.hasPassword).toBe(true);
    expect(JSON.stringify(connections)).not.toContain('s3cret');
  });

  it('shows an API token once: the list holds its prefix only', async () => {
    const created = await as('admin').settings.tokens.create({ name: 'ci', role: 'editor' });
    expect(created.token).toMatch(/^trb_/);
    const listed = await as('admin').settings.tokens.list();
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(listed[0]?.prefix).toBe(created.token.slice(0, 10));
  });

  it('keeps the default pool and reports pool use', async () => {
    expect(await codeOf(as('admin').settings.pools.delete({ name: 'default_pool' }))).toBe('BAD_REQUEST');
    const pools = await as('viewer').settings.pools.list();
    expect(pools.map((pool) => [pool.name, pool.slots, pool.queued + pool.running])).toEqual([['default_pool', 128, 0], ['etl', 4, 0]]);
  });

  it('never removes or demotes the last owner', async () => {
    const ownerId = users.owner.id;
    expect(await codeOf(as('owner').settings.members.changeRole({ userId: ownerId, role: 'admin' }))).toBe('CONFLICT');
    expect(await codeOf(as('owner').settings.members.remove({ userId: ownerId }))).toBe('CONFLICT');
    expect(await codeOf(as('admin').settings.members.remove({ userId: ownerId }))).toBe('FORBIDDEN');
    const owner = await database.db.membership.findFirstOrThrow({ where: { userId: ownerId } });
    expect(owner.role).toBe('owner');
  });

  it('runs an invitation from creation to membership, and refuses its reuse', async () => {
    const invitation = await as('admin').settings.members.invite({ email: 'newcomer@example.com', role: 'editor' });
    expect(await database.db.invitation.count({ where: { tokenHash: invitation.token } })).toBe(0);
    expect((await as('admin').settings.members.invitations()).map((row) => row.email)).toEqual(['newcomer@example.com']);
    const newcomer = createCaller({ db: database.db, user: users.newcomer, workspaceSlug: null });
    expect(await newcomer.settings.members.accept({ token: invitation.token })).toEqual({ workspaceSlug: 'team', role: 'editor' as TRole });
    expect(await as('newcomer').settings.members.list()).toContainEqual(expect.objectContaining({ email: 'newcomer@example.com', role: 'editor' }));
    const latecomer = createCaller({ db: database.db, user: users.latecomer, workspaceSlug: null });
    expect(await codeOf(latecomer.settings.members.accept({ token: invitation.token }))).toBe('NOT_FOUND');
    expect(await as('admin').settings.members.invitations()).toEqual([]);
  });

  it('refuses an expired invitation', async () => {
    const invitation = await as('admin').settings.members.invite({ email: 'latecomer@example.com', role: 'viewer' });
    await database.db.invitation.updateMany({ where: { email: 'latecomer@example.com' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const latecomer = createCaller({ db: database.db, user: users.latecomer, workspaceSlug: null });
    expect(await codeOf(latecomer.settings.members.accept({ token: invitation.token }))).toBe('NOT_FOUND');
    expect(await database.db.membership.count({ where: { userId: users.latecomer.id } })).toBe(0);
  });

  it('answers NOT_FOUND to a member of another workspace', async () => {
    expect(await codeOf(as('outsider').settings.variables.list({}))).toBe('NOT_FOUND');
    expect(await codeOf(as('outsider').settings.connections.delete({ connId: 'warehouse' }))).toBe('NOT_FOUND');
    expect(await codeOf(as('outsider', 'other').settings.connections.delete({ connId: 'warehouse' }))).toBe('NOT_FOUND');
    expect(await codeOf(as('outsider', 'other').settings.members.remove({ userId: users.viewer.id }))).toBe('NOT_FOUND');
  });
});
