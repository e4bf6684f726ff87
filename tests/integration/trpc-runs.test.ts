import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../server/db/client';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import type { TTRPCContext } from '../../server/trpc/init';
import { decodeGrid } from '../../server/trpc/grid-wire';
import { createCaller } from '../../server/trpc/routers/_app';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { codeOf } from '../support/trpc-code';

// Three tasks whose topological order (extract, transform, load) differs from the spec's order.
const DAG = `
dag_id: etl
schedule: "@daily"
start_date: "2024-01-01"
tasks:
  - task_id: load
    type: empty
  - task_id: extract
    type: empty
  - task_id: transform
    type: empty
    operator: EmptyOperator
flow:
  - extract >> transform >> load
`;

describe('tRPC runs router: the DAG page’s grid, runs, task instances and backfills', () => {
  let database: TTestDatabase;
  const users: Record<'editor' | 'viewer' | 'outsider', TTRPCContext['user']> = { editor: null, viewer: null, outsider: null };
  const as = (user: TTRPCContext['user'], workspaceSlug = 'team') => createCaller({ db: database.db, user, workspaceSlug });
  let runId = '';

  beforeAll(async () => {
    database = await createTestDatabase('trpc_runs');
    const team = await createWorkspace(database.db, 'team');
    const other = await createWorkspace(database.db, 'other');
    await deployDag(systemContext(database.db, team.id, 'test'), { source: DAG });
    for (const [key, workspaceId, role] of [['editor', team.id, 'editor'], ['viewer', team.id, 'viewer'], ['outsider', other.id, 'owner']] as const) {
      const user = await database.db.user.create({ data: { email: `${key}@example.com`, name: key } });
      await database.db.membership.create({ data: { workspaceId, userId: user.id, role } });
      users[key] = { id: user.id, email: user.email, name: user.name };
    }
    // No scheduler runs here: the run stays queued with its instances in `none`.
    runId = (await as(users.editor).runs.trigger({ dagId: 'etl', logicalDate: '2024-03-01T00:00:00.000Z', conf: { a: 1 } })).run_id;
  });
  afterAll(() => database.drop());

  it('returns the grid: tasks in topological order, runs oldest first with every instance, dates as ISO text', async () => {
    await as(users.editor).runs.trigger({ dagId: 'etl', logicalDate: '2024-03-02T00:00:00.000Z' });
    const wire = await as(users.viewer).runs.grid({ dagId: 'etl' });
    // On the wire, each run's instances are cells in the order of the task rows (grid-wire.ts).
    expect(wire.runs[0]?.cells).toEqual([[0, 0, 1, null, null, null, null], [0, 0, 1, null, null, null, null], [0, 0, 1, null, null, null, null]]);
    const grid = decodeGrid(wire);
    expect(grid.tasks.map((task) => task.task_id)).toEqual(['extract', 'transform', 'load']);
    expect(grid.runs.map((run) => run.logical_date)).toEqual(['2024-03-01T00:00:00.000Z', '2024-03-02T00:00:00.000Z']);
    expect(grid.runs[0]).toMatchObject({ run_id: runId, state: 'queued', run_type: 'manual' });
    expect(Object.keys(grid.runs[0]?.task_instances ?? {}).sort()).toEqual(['extract', 'load', 'transform']);
    expect(grid.runs[0]?.task_instances.extract).toEqual({
      state: 'none', try_number: 0, max_tries: 1, queued_at: null, start_date: null, end_date: null, duration: null,
    });
    expect(grid.next_cursor).toBeNull();
  });

  it('pages the grid by next_cursor, older runs on the next page', async () => {
    const newest = await as(users.viewer).runs.grid({ dagId: 'etl', limit: 1 });
    expect(newest.runs.map((run) => run.logical_date)).toEqual(['2024-03-02T00:00:00.000Z']);
    expect(newest.next_cursor).toBe('2024-03-02T00:00:00.000Z');
    const older = await as(users.viewer).runs.grid({ dagId: 'etl', limit: 1, before: newest.next_cursor ?? undefined });
    expect(older.runs.map((run) => run.run_id)).toEqual([runId]);
  });

  it('lists runs filtered by state, and reads a task instance with its (no) attempts', async () => {
    expect((await as(users.viewer).runs.list({ dagId: 'etl', states: ['queued'] })).total).toBe(2);
    expect((await as(users.viewer).runs.list({ dagId: 'etl', states: ['success'] })).total).toBe(0);
    const ti = await as(users.viewer).runs.taskInstance({ dagId: 'etl', runId, taskId: 'transform' });
    expect(ti).toMatchObject({ task_id: 'transform', state: 'none', operator: 'empty', airflow_operator: 'EmptyOperator', attempts: [], output: 'null' });
    expect((await as(users.viewer).runs.taskInstance({ dagId: 'etl', runId, taskId: 'extract' })).airflow_operator).toBeNull();
    // The return value beside the keys xcom_push wrote.
    const run = await database.db.dagRun.findFirstOrThrow({ where: { runId, dag: { dagId: 'etl' } } });
    await database.db.taskInstance.update({ where: { dagRunId_taskId: { dagRunId: run.id, taskId: 'transform' } }, data: { output: { rows: 3 }, xcom: { watermark: '2024-03-01' } } });
    expect(JSON.parse((await as(users.viewer).runs.taskInstance({ dagId: 'etl', runId, taskId: 'transform' })).output)).toEqual({ return_value: { rows: 3 }, watermark: '2024-03-01' });
    await database.db.taskInstance.update({ where: { dagRunId_taskId: { dagRunId: run.id, taskId: 'transform' } }, data: { output: { rows: 3 }, xcom: Prisma.DbNull } });
    expect(JSON.parse((await as(users.viewer).runs.taskInstance({ dagId: 'etl', runId, taskId: 'transform' })).output)).toEqual({ rows: 3 });
    await database.db.taskInstance.update({ where: { dagRunId_taskId: { dagRunId: run.id, taskId: 'transform' } }, data: { output: Prisma.DbNull } });
    expect(await codeOf(as(users.viewer).runs.log({ dagId: 'etl', runId, taskId: 'transform', tryNumber: 1 }))).toBe('NOT_FOUND');
  });

  it('plans a backfill in a dry run without storing it', async () => {
    const { plan, backfill } = await as(users.editor).runs.createBackfill({ dagId: 'etl', fromDate: '2024-01-01', toDate: '2024-01-03', dryRun: true });
    expect(plan.map((item) => [item.logical_date, item.action])).toEqual([
      ['2024-01-01T00:00:00.000Z', 'create'],
      ['2024-01-02T00:00:00.000Z', 'create'],
      ['2024-01-03T00:00:00.000Z', 'create'],
    ]);
    expect(backfill).toBeNull();
    expect(await database.db.backfill.count()).toBe(0);
  });

  it('refuses every mutation to a viewer with FORBIDDEN, changing nothing', async () => {
    const viewer = as(users.viewer);
    const key = { dagId: 'etl', runId, taskId: 'extract' };
    const refused = await Promise.all([
      codeOf(viewer.runs.trigger({ dagId: 'etl' })),
      codeOf(viewer.runs.setRunState({ dagId: 'etl', runId, state: 'failed' })),
      codeOf(viewer.runs.setTaskInstanceState({ ...key, newState: 'success' })),
      codeOf(viewer.runs.clear({ ...key, includeDownstream: true, includeUpstream: false, onlyFailed: false, dryRun: true })),
      codeOf(viewer.runs.createBackfill({ dagId: 'etl', fromDate: '2024-01-01', toDate: '2024-01-02', dryRun: true })),
      codeOf(viewer.runs.clearRun({ dagId: 'etl', runId, onlyFailed: false, dryRun: true })),
    ]);
    expect(refused).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(await database.db.dagRun.count()).toBe(2);
    expect((await as(users.viewer).runs.taskInstance(key)).state).toBe('none');
  });

  it('answers NOT_FOUND for another workspace’s DAG, to reads and mutations alike', async () => {
    const outsider = as(users.outsider, 'other');
    expect(await codeOf(outsider.runs.grid({ dagId: 'etl' }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.runs.dag({ dagId: 'etl' }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.runs.taskInstance({ dagId: 'etl', runId, taskId: 'extract' }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.runs.trigger({ dagId: 'etl' }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.runs.run({ dagId: 'etl', runId }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.runs.clearRun({ dagId: 'etl', runId, onlyFailed: false, dryRun: true }))).toBe('NOT_FOUND');
    expect(await codeOf(as(users.outsider, 'team').runs.grid({ dagId: 'etl' }))).toBe('NOT_FOUND');
  });

  it('lets an editor mark a task instance success and the run failed', async () => {
    const key = { dagId: 'etl', runId, taskId: 'extract' };
    expect(await as(users.editor).runs.setTaskInstanceState({ ...key, newState: 'success' })).toEqual([{ task_id: 'extract', state: 'success' }]);
    const cleared = await as(users.editor).runs.clear({ ...key, includeDownstream: true, includeUpstream: false, onlyFailed: false, dryRun: true });
    expect(cleared.map((ti) => [ti.task_id, ti.state])).toEqual([['extract', 'success']]);
    expect((await as(users.editor).runs.setRunState({ dagId: 'etl', runId, state: 'failed' })).state).toBe('failed');
  });

  it('reads a run for its panel: dates, conf, version and how many instances are in each state', async () => {
    const run = await as(users.viewer).runs.run({ dagId: 'etl', runId });
    expect(run).toMatchObject({
      run_id: runId, run_type: 'manual', logical_date: '2024-03-01T00:00:00.000Z', data_interval_start: '2024-02-29T00:00:00.000Z',
      data_interval_end: '2024-03-01T00:00:00.000Z',
      dag_version: 1, clear_number: 0,
    });
    expect(JSON.parse(run.conf)).toEqual({ a: 1 });
    // The run was marked failed above: its unfinished instances were skipped.
    expect(run.task_states).toEqual([{ state: 'skipped', count: 2 }, { state: 'success', count: 1 }]);
    expect(await codeOf(as(users.viewer).runs.run({ dagId: 'etl', runId: 'nope' }))).toBe('NOT_FOUND');
  });

  it('filters runs by type', async () => {
    expect((await as(users.viewer).runs.list({ dagId: 'etl', runTypes: ['manual'] })).total).toBe(2);
    expect((await as(users.viewer).runs.list({ dagId: 'etl', runTypes: ['scheduled', 'backfill'] })).total).toBe(0);
  });

  it('clears a whole run after a dry run, or only its failed instances, queuing the run again', async () => {
    const editor = as(users.editor);
    await editor.runs.setTaskInstanceState({ dagId: 'etl', runId, taskId: 'transform', newState: 'failed' });
    const onlyFailed = await editor.runs.clearRun({ dagId: 'etl', runId, onlyFailed: true, dryRun: true });
    expect(onlyFailed.map((ti) => [ti.task_id, ti.state])).toEqual([['transform', 'failed']]);
    const all = await editor.runs.clearRun({ dagId: 'etl', runId, onlyFailed: false, dryRun: true });
    expect(all.map((ti) => [ti.task_id, ti.state])).toEqual([['extract', 'success'], ['load', 'skipped'], ['transform', 'failed']]);
    expect((await editor.runs.run({ dagId: 'etl', runId })).clear_number).toBe(0);
    await editor.runs.clearRun({ dagId: 'etl', runId, onlyFailed: false, dryRun: false });
    const after = await editor.runs.run({ dagId: 'etl', runId });
    expect([after.state, after.clear_number, after.task_states]).toEqual(['queued', 1, [{ state: 'none', count: 3 }]]);
  });
});
