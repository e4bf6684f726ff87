import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackfills } from '../../server/services/backfills/run-backfills';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { codeOf } from '../support/trpc-code';

const DAG = `
dag_id: etl
schedule: "@daily"
start_date: "2024-01-01"
tasks:
  - { task_id: work, type: empty }
`;

// No scheduler runs here: its backfill step is called by hand, and the runs it creates stay queued,
// so a backfill stays active until cancelled.
describe('tRPC backfills router: the DAG page banner’s backfill and its Pause, Resume and Cancel', () => {
  let database: TTestDatabase;
  const users: Record<'editor' | 'viewer' | 'outsider', TTRPCContext['user']> = { editor: null, viewer: null, outsider: null };
  const as = (user: TTRPCContext['user'], workspaceSlug = 'team') => createCaller({ db: database.db, user, workspaceSlug });

  beforeAll(async () => {
    database = await createTestDatabase('trpc_backfills');
    const team = await createWorkspace(database.db, 'team');
    const other = await createWorkspace(database.db, 'other');
    await deployDag(systemContext(database.db, team.id, 'test'), { source: DAG });
    for (const [key, workspaceId, role] of [['editor', team.id, 'editor'], ['viewer', team.id, 'viewer'], ['outsider', other.id, 'owner']] as const) {
      const user = await database.db.user.create({ data: { email: `${key}@example.com`, name: key } });
      await database.db.membership.create({ data: { workspaceId, userId: user.id, role } });
      users[key] = { id: user.id, email: user.email, name: user.name };
    }
  });
  afterAll(() => database.drop());

  it('shows the running backfill with its range and progress, lets an editor pause, resume and cancel it, then shows none', async () => {
    expect(await as(users.viewer).backfills.active({ dagId: 'etl' })).toBeNull();
    const created = await as(users.editor).runs.createBackfill({ dagId: 'etl', fromDate: '2024-02-01', toDate: '2024-02-03', dryRun: false });
    const id = created.backfill?.id ?? '';
    expect(await runBackfills(database.db, (_id, error) => { throw error; })).toMatchObject({ created: 3 });
    const active = await as(users.viewer).backfills.active({ dagId: 'etl' });
    expect(active).toMatchObject({ id, dag_id: 'etl', state: 'running', from_date: '2024-02-01T00:00:00.000Z', to_date: '2024-02-03T00:00:00.000Z' });
    expect(active?.progress).toMatchObject({ total: 3, queued: 3, success: 0 });

    expect(await as(users.editor).backfills.setState({ id, action: 'pause' })).toMatchObject({ state: 'paused' });
    expect(await as(users.viewer).backfills.active({ dagId: 'etl' })).toMatchObject({ id, state: 'paused' });
    expect(await as(users.editor).backfills.setState({ id, action: 'unpause' })).toMatchObject({ state: 'running' });
    expect(await as(users.editor).backfills.setState({ id, action: 'cancel' })).toMatchObject({ state: 'cancelled' });
    expect(await as(users.viewer).backfills.active({ dagId: 'etl' })).toBeNull();
  });

  it('refuses Pause, Resume and Cancel to a viewer, and hides the backfill from another workspace', async () => {
    const created = await as(users.editor).runs.createBackfill({ dagId: 'etl', fromDate: '2024-03-01', toDate: '2024-03-02', dryRun: false });
    const id = created.backfill?.id ?? '';
    for (const action of ['pause', 'unpause', 'cancel'] as const) {
      expect(await codeOf(as(users.viewer).backfills.setState({ id, action }))).toBe('FORBIDDEN');
    }
    expect(await as(users.viewer).backfills.active({ dagId: 'etl' })).toMatchObject({ id, state: 'running' });
    expect(await codeOf(as(users.outsider, 'other').backfills.setState({ id, action: 'cancel' }))).toBe('NOT_FOUND');
    expect(await codeOf(as(users.outsider, 'other').backfills.active({ dagId: 'etl' }))).toBe('NOT_FOUND');
    expect(await codeOf(as(users.outsider).backfills.active({ dagId: 'etl' }))).toBe('NOT_FOUND');
    expect(await as(users.viewer).backfills.active({ dagId: 'etl' })).toMatchObject({ id, state: 'running' });
  });
});
