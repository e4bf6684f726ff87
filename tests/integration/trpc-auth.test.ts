import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/password';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { signUp } from '../../server/services/users/sign-up';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { codeOf } from '../support/trpc-code';

const DAG = (dagId: string, tags: string[]) => `
dag_id: ${dagId}
schedule: "0 2 * * *"
start_date: "2024-01-01"
tags: [${tags.join(', ')}]
tasks:
  - task_id: only
    type: empty
`;

describe('tRPC: sessions, workspaces and roles', () => {
  let database: TTestDatabase;
  const users: Record<'editor' | 'viewer' | 'outsider', TTRPCContext['user']> = { editor: null, viewer: null, outsider: null };

  const as = (user: TTRPCContext['user'], workspaceSlug: string | null = 'team') =>
    createCaller({ db: database.db, user, workspaceSlug });

  beforeAll(async () => {
    database = await createTestDatabase('trpc_auth');
    const team = await createWorkspace(database.db, 'team');
    const other = await createWorkspace(database.db, 'other');
    const ctx = systemContext(database.db, team.id, 'test');
    await deployDag(ctx, { source: DAG('load_orders', ['sales']) });
    await deployDag(ctx, { source: DAG('nightly_report', ['reports']) });
    for (const [key, workspaceId, role] of [['editor', team.id, 'editor'], ['viewer', team.id, 'viewer'], ['outsider', other.id, 'owner']] as const) {
      const user = await database.db.user.create({ data: { email: `${key}@example.com`, name: key } });
      await database.db.membership.create({ data: { workspaceId, userId: user.id, role } });
      users[key] = { id: user.id, email: user.email, name: user.name };
    }
  });
  afterAll(() => database.drop());

  it('filters DAGs by the state of their latest run', async () => {
    const ctx = systemContext(database.db, (await database.db.workspace.findUniqueOrThrow({ where: { slug: 'team' } })).id, 'test');
    const loadOrders = await triggerDagRun(ctx, { dagId: 'load_orders', logicalDate: new Date('2024-01-01T00:00:00Z') });
    const newer = await triggerDagRun(ctx, { dagId: 'load_orders', logicalDate: new Date('2024-01-02T00:00:00Z') });
    const report = await triggerDagRun(ctx, { dagId: 'nightly_report', logicalDate: new Date('2024-01-01T00:00:00Z') });
    // load_orders: an old failure, then a success (the latest counts); nightly_report: failed.
    await database.db.dagRun.update({ where: { id: loadOrders.id }, data: { state: 'failed' } });
    await database.db.dagRun.update({ where: { id: newer.id }, data: { state: 'success' } });
    await database.db.dagRun.update({ where: { id: report.id }, data: { state: 'failed' } });
    const ids = async (lastRunState: 'success' | 'failed' | 'running') =>
      (await as(users.viewer).dags.list({ lastRunState })).dags.map((dag) => dag.dag_id);
    expect(await ids('success')).toEqual(['load_orders']);
    expect(await ids('failed')).toEqual(['nightly_report']);
    expect(await ids('running')).toEqual([]);
    await database.db.dagRun.deleteMany({ where: { id: { in: [loadOrders.id, newer.id, report.id] } } });
  });

  it('lists a member’s DAGs with schedules in words, filtered by search and tag', async () => {
    const all = await as(users.editor).dags.list({});
    expect(all.total).toBe(2);
    expect(all.dags.map((dag) => dag.schedule_description)).toEqual(['every day at 02:00 UTC', 'every day at 02:00 UTC']);
    expect(all.allTags).toEqual(['reports', 'sales']);
    expect((await as(users.editor).dags.list({ search: 'NIGHT' })).dags.map((dag) => dag.dag_id)).toEqual(['nightly_report']);
    expect((await as(users.editor).dags.list({ tags: ['sales'] })).dags.map((dag) => dag.dag_id)).toEqual(['load_orders']);
    expect(await as(users.editor).workspaces.list()).toEqual([{ slug: 'team', name: 'team', role: 'editor' }]);
  });

  it('lets an editor unpause a DAG', async () => {
    expect(await as(users.editor).dags.setPaused({ dagId: 'load_orders', isPaused: false })).toEqual({ dag_id: 'load_orders', is_paused: false });
  });

  it('lets a viewer read but refuses a viewer’s mutation with FORBIDDEN, changing nothing', async () => {
    expect((await as(users.viewer).dags.list({})).total).toBe(2);
    expect(await codeOf(as(users.viewer).dags.setPaused({ dagId: 'nightly_report', isPaused: false }))).toBe('FORBIDDEN');
    const dag = await database.db.dag.findFirstOrThrow({ where: { dagId: 'nightly_report' } });
    expect(dag.isPaused).toBe(true);
  });

  it('answers NOT_FOUND to a member of another workspace, exactly as for a missing workspace', async () => {
    expect(await codeOf(as(users.outsider).dags.list({}))).toBe('NOT_FOUND');
    expect(await codeOf(as(users.outsider).dags.setPaused({ dagId: 'load_orders', isPaused: true }))).toBe('NOT_FOUND');
    expect(await codeOf(as(users.editor, 'no-such-workspace').dags.list({}))).toBe('NOT_FOUND');
  });

  it('refuses every procedure without a session with UNAUTHORIZED', async () => {
    expect(await codeOf(as(null).dags.list({}))).toBe('UNAUTHORIZED');
    expect(await codeOf(as(null).workspaces.list())).toBe('UNAUTHORIZED');
    expect(await codeOf(as(null).dags.setPaused({ dagId: 'load_orders', isPaused: true }))).toBe('UNAUTHORIZED');
  });
});

describe('sign-up', () => {
  let database: TTestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sign_up');
  });
  afterAll(() => database.drop());

  it('creates the user with an argon2 hash, a personal workspace and the owner membership', async () => {
    const { user, workspaceSlug } = await signUp(database.db, { email: 'Ada.Lovelace@Example.com', password: 'correct horse battery', name: 'Ada' });
    expect(user.email).toBe('ada.lovelace@example.com');
    expect(workspaceSlug).toBe('ada-lovelace');
    const stored = await database.db.user.findUniqueOrThrow({ where: { id: user.id }, include: { memberships: { include: { workspace: true } } } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash ?? '', 'correct horse battery')).toBe(true);
    expect(stored.memberships.map((m) => [m.workspace.slug, m.role])).toEqual([['ada-lovelace', 'owner']]);
    expect(await database.db.pool.count({ where: { workspaceId: stored.memberships[0]?.workspaceId } })).toBe(1);
  });

  it('makes the workspace slug unique when the local part is taken', async () => {
    const { workspaceSlug } = await signUp(database.db, { email: 'ada.lovelace@other.org', password: 'another long password', name: 'Ada 2' });
    expect(workspaceSlug).toBe('ada-lovelace-2');
  });

  it('refuses a duplicate email with a generic error and leaves no orphan workspace', async () => {
    const before = await database.db.workspace.count();
    const refused = signUp(database.db, { email: 'ada.lovelace@example.com', password: 'yet another password', name: 'X' });
    // Generic: it does not say that this email has an account.
    await expect(refused).rejects.toMatchObject({ code: 'conflict', message: 'Could not create an account with these details. If you already have one, log in.' });
    expect(await database.db.workspace.count()).toBe(before);
  });

  it('refuses a password under 10 characters', async () => {
    await expect(signUp(database.db, { email: 'short@example.com', password: 'short', name: 'S' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await database.db.user.count({ where: { email: 'short@example.com' } })).toBe(0);
  });
});
