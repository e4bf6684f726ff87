import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/services/app-error';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const spec = (dagId: string, extract = 'echo extract') => `dag_id: ${dagId}
schedule: "0 2 * * *"
start_date: "2024-01-01"
tasks:
  - task_id: extract
    type: bash
    bash_command: ${extract}
  - task_id: load
    type: empty
    depends_on: extract
`;

// Line 10 names a task that does not exist; line 2 is not a cron.
const BROKEN = `dag_id: orders
schedule: "not a cron"
start_date: "2024-01-01"
tasks:
  - task_id: extract
    type: bash
    bash_command: echo extract
  - task_id: load
    type: empty
    depends_on: extrakt
`;

async function failure(call: Promise<unknown>): Promise<{ code: string; problems: AppError['problems'] }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, problems: error.cause instanceof AppError ? error.cause.problems : [] };
    throw error;
  }
  return { code: 'OK', problems: [] };
}

describe('tRPC authoring: validate and save DAG specs from the editor', () => {
  let database: TTestDatabase;
  const users: Record<'editor' | 'viewer' | 'outsider', TTRPCContext['user']> = { editor: null, viewer: null, outsider: null };
  const as = (user: TTRPCContext['user']) => createCaller({ db: database.db, user, workspaceSlug: 'team' });
  const versionsOf = async (dagId: string) => (await as(users.editor).authoring.versions({ dagId })).versions.map((v) => v.version);

  beforeAll(async () => {
    database = await createTestDatabase('trpc_authoring');
    const team = await createWorkspace(database.db, 'team');
    const other = await createWorkspace(database.db, 'other');
    await deployDag(systemContext(database.db, team.id, 'test'), { source: spec('orders') });
    for (const [key, workspaceId, role] of [['editor', team.id, 'editor'], ['viewer', team.id, 'viewer'], ['outsider', other.id, 'owner']] as const) {
      const user = await database.db.user.create({ data: { email: `${key}@example.com`, name: key } });
      await database.db.membership.create({ data: { workspaceId, userId: user.id, role } });
      users[key] = { id: user.id, email: user.email, name: user.name };
    }
  });
  afterAll(() => database.drop());

  it('validates with the deploy parser: every problem at its line and column', async () => {
    const result = await as(users.viewer).authoring.validate({ source: BROKEN });
    expect(result.valid).toBe(false);
    expect(result.tasks).toEqual([]);
    const places = result.problems.map((problem) => [problem.path, problem.line, problem.column]);
    expect(places).toContainEqual(['schedule', 2, 11]);
    expect(places).toContainEqual(['tasks[1].depends_on', 10, 17]);
    expect(result.problems.find((problem) => problem.line === 10)?.message).toMatch(/extrakt/);
  });

  it('returns the tasks with their upstreams for a valid spec (what the preview draws)', async () => {
    const result = await as(users.viewer).authoring.validate({ source: spec('orders') });
    expect(result).toMatchObject({ valid: true, problems: [], dag_id: 'orders' });
    expect(result.tasks).toEqual([
      { task_id: 'extract', type: 'bash', upstream: [] },
      { task_id: 'load', type: 'empty', upstream: ['extract'] },
    ]);
  });

  it('refuses a viewer’s save with FORBIDDEN and an invalid spec with BAD_REQUEST and its problems, keeping the version', async () => {
    expect((await failure(as(users.viewer).authoring.save({ source: spec('orders', 'echo changed'), dagId: 'orders' }))).code).toBe('FORBIDDEN');
    const refused = await failure(as(users.editor).authoring.save({ source: BROKEN, dagId: 'orders' }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.problems.map((problem) => problem.line)).toEqual([2, 10]);
    expect(await versionsOf('orders')).toEqual([1]);
    expect((await as(users.editor).authoring.source({ dagId: 'orders', version: 1 })).source).toBe(spec('orders'));
  });

  it('saves a changed spec as a new current version, and the same text as no change', async () => {
    const saved = await as(users.editor).authoring.save({ source: spec('orders', 'echo changed'), dagId: 'orders' });
    expect(saved).toEqual({ status: 'updated', dag_id: 'orders', is_paused: true, version: 2, warnings: [] });
    expect(await as(users.editor).authoring.versions({ dagId: 'orders' })).toMatchObject({ current: 2, versions: [{ version: 2 }, { version: 1 }] });
    expect((await as(users.editor).authoring.save({ source: spec('orders', 'echo changed'), dagId: 'orders' })).status).toBe('unchanged');
  });

  it('creates a new DAG paused, and refuses to create one whose dag_id exists', async () => {
    expect(await as(users.editor).authoring.save({ source: spec('fresh'), create: true })).toEqual({ status: 'created', dag_id: 'fresh', is_paused: true, version: 1, warnings: [] });
    const taken = await failure(as(users.editor).authoring.save({ source: spec('orders', 'echo other'), create: true }));
    expect(taken.code).toBe('CONFLICT');
    expect(await versionsOf('orders')).toEqual([2, 1]);
  });

  it('lists the repository’s examples with their sources', async () => {
    const examples = await as(users.viewer).authoring.examples();
    expect(examples.map((example) => example.name)).toContain('hello_world');
    expect(examples.find((example) => example.name === 'hello_world')?.source).toMatch(/^dag_id: hello_world$/m);
  });

  it('answers NOT_FOUND to a member of another workspace', async () => {
    expect((await failure(as(users.outsider).authoring.validate({ source: spec('orders') }))).code).toBe('NOT_FOUND');
    expect((await failure(as(users.outsider).authoring.save({ source: spec('orders', 'echo x'), dagId: 'orders' }))).code).toBe('NOT_FOUND');
    expect((await failure(as(users.outsider).authoring.versions({ dagId: 'orders' }))).code).toBe('NOT_FOUND');
  });
});
