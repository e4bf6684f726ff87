import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDagRunState } from '../../server/domain/state/dag-run-transitions';
import { AppError } from '../../server/services/app-error';
import { systemContext, type TServiceContext } from '../../server/services/context';
import { deployDag, type TDeployResult } from '../../server/services/dags/deploy-dag';
import { getDagGrid, type TDagGrid, type TGetDagGridInput } from '../../server/services/runs/get-dag-grid';
import type { TRunType } from '../../server/domain/schedule/run-id';
import { insertDagRuns } from '../../server/services/runs/insert-dag-runs';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

// `load` is listed first but runs last: the grid must follow the topological order, not the spec's.
const V1 = `dag_id: pipeline
tasks:
  - { task_id: load, type: empty, depends_on: [transform] }
  - { task_id: legacy_export, type: bash, bash_command: "echo old", depends_on: [extract] }
  - { task_id: transform, type: empty, depends_on: [extract] }
  - { task_id: extract, type: bash, bash_command: "echo extract" }
`;
const V2 = `dag_id: pipeline
tasks:
  - { task_id: load, type: empty, depends_on: [transform] }
  - { task_id: transform, type: empty, depends_on: [extract] }
  - { task_id: extract, type: bash, bash_command: "echo extract" }
`;
const DAY = 86_400_000;
const day = (n: number) => new Date(Date.UTC(2024, 0, n));
const runIds = (grid: TDagGrid) => grid.runs.map((run) => run.run_id);

describe('the run grid of a DAG', () => {
  let database: TTestDatabase;
  let ctx: TServiceContext;
  let stranger: TServiceContext;
  /** run_id of every run, oldest first. */
  const allRunIds: string[] = [];

  async function addRuns(deployed: TDeployResult, runType: TRunType, days: number[], state: TDagRunState) {
    const created = await insertDagRuns(database.db, {
      workspaceId: ctx.workspaceId, dagPk: deployed.dag.id, dagVersionId: deployed.version.id, spec: deployed.spec, runType,
      infos: days.map((n) => ({ logicalDate: day(n), dataInterval: { start: day(n), end: new Date(day(n).getTime() + DAY) }, runAfter: day(n + 1) })),
    });
    // Test setup only: the states a scenario starts from, written directly (no engine runs here).
    await database.db.dagRun.updateMany({ where: { id: { in: created.map((run) => run.id) } }, data: { state } });
    allRunIds.push(...created.map((run) => run.runId));
    return created;
  }

  beforeAll(async () => {
    database = await createTestDatabase('dag_grid');
    ctx = systemContext(database.db, (await createWorkspace(database.db, 'grid')).id, 'test');
    stranger = systemContext(database.db, (await createWorkspace(database.db, 'elsewhere')).id, 'test');
    const v1 = await deployDag(ctx, { source: V1 });
    const [first] = await addRuns(v1, 'scheduled', [1, 2], 'success');
    await addRuns(v1, 'manual', [3], 'failed');
    const v2 = await deployDag(ctx, { source: V2 });
    await addRuns(v2, 'scheduled', [4, 5, 6, 7], 'success');
    await addRuns(v2, 'scheduled', [8, 9], 'failed');
    await addRuns(v2, 'manual', [10], 'running');
    await database.db.taskInstance.update({
      where: { dagRunId_taskId: { dagRunId: first!.id, taskId: 'extract' } },
      data: { state: 'success', tryNumber: 2, maxTries: 3, queuedAt: day(2), startDate: new Date(day(2).getTime() + 1000), endDate: new Date(day(2).getTime() + 4000), duration: 3 },
    });
  });
  afterAll(async () => {
    await database.drop();
  });

  /** Every page from the newest back, following next_cursor; pages are returned newest first. */
  async function allPages(input: Omit<TGetDagGridInput, 'dagId' | 'beforeLogicalDate'>): Promise<TDagGrid[]> {
    const pages: TDagGrid[] = [];
    let cursor: string | null = null;
    do {
      const page = await getDagGrid(ctx, { dagId: 'pipeline', ...input, ...(cursor ? { beforeLogicalDate: new Date(cursor) } : {}) });
      pages.push(page);
      cursor = page.next_cursor;
      expect(pages.length, 'paging must end').toBeLessThan(20);
    } while (cursor);
    return pages;
  }

  it('lists tasks in topological order of the current version, removed tasks last, runs oldest to newest', async () => {
    const grid = await getDagGrid(ctx, { dagId: 'pipeline', limit: 100 });
    expect(grid.tasks).toEqual([
      { task_id: 'extract', type: 'bash', upstream: [], group: null },
      { task_id: 'transform', type: 'empty', upstream: ['extract'], group: null },
      { task_id: 'load', type: 'empty', upstream: ['transform'], group: null },
      { task_id: 'legacy_export', type: 'bash', upstream: ['extract'], group: null },
    ]);
    expect(runIds(grid)).toEqual(allRunIds);
    expect([grid.has_more_before, grid.next_cursor]).toEqual([false, null]);
    expect(grid.runs.map((run) => run.dag_version)).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2, 2]);
    expect(Object.keys(grid.runs[0]!.task_instances).sort()).toEqual(['extract', 'legacy_export', 'load', 'transform']);
    expect(Object.keys(grid.runs[9]!.task_instances).sort()).toEqual(['extract', 'load', 'transform']);
  });

  it('returns each run and instance with the fields a square and its tooltip show', async () => {
    const grid = await getDagGrid(ctx, { dagId: 'pipeline', limit: 100 });
    expect(grid.runs[0]).toMatchObject({
      run_id: 'scheduled__2024-01-01T00:00:00+00:00', logical_date: day(1), data_interval_start: day(1), data_interval_end: day(2),
      state: 'success', run_type: 'scheduled', start_date: null, end_date: null, dag_version: 1,
    });
    expect(grid.runs[0]!.task_instances.extract).toEqual({
      state: 'success', try_number: 2, max_tries: 3, queued_at: day(2), start_date: new Date(day(2).getTime() + 1000),
      end_date: new Date(day(2).getTime() + 4000), duration: 3,
    });
    expect(grid.runs[0]!.task_instances.load).toMatchObject({ state: 'none', try_number: 0, start_date: null });
  });

  it('pages back with the cursor: every run exactly once, none missed, each page oldest to newest', async () => {
    const pages = await allPages({ limit: 3 });
    expect(pages.map((page) => page.runs.length)).toEqual([3, 3, 3, 1]);
    expect(pages.map((page) => page.has_more_before)).toEqual([true, true, true, false]);
    expect(pages.flatMap(runIds).length).toBe(allRunIds.length);
    expect([...pages].reverse().flatMap(runIds)).toEqual(allRunIds);
    expect(pages[0]!.next_cursor).toBe(pages[0]!.runs[0]!.logical_date.toISOString());
  });

  it('shows a removed task only on pages that hold runs of a version that had it', async () => {
    const pages = await allPages({ limit: 3 });
    expect(pages[0]!.tasks.map((task) => task.task_id)).toEqual(['extract', 'transform', 'load']);
    expect(pages.at(-1)!.tasks.map((task) => task.task_id)).toEqual(['extract', 'transform', 'load', 'legacy_export']);
  });

  it('filters by run state and run type, and pages within the filter', async () => {
    const failed = await allPages({ limit: 2, state: 'failed' });
    expect([...failed].reverse().flatMap(runIds)).toEqual([allRunIds[2], allRunIds[7], allRunIds[8]]);
    const manual = await getDagGrid(ctx, { dagId: 'pipeline', runType: 'manual' });
    expect(runIds(manual)).toEqual([allRunIds[2], allRunIds[9]]);
    const both = await getDagGrid(ctx, { dagId: 'pipeline', runType: 'scheduled', state: 'failed' });
    expect(runIds(both)).toEqual([allRunIds[7], allRunIds[8]]);
    const none = await getDagGrid(ctx, { dagId: 'pipeline', state: 'queued' });
    expect([none.runs, none.has_more_before, none.next_cursor]).toEqual([[], false, null]);
  });

  it('defaults to the newest 25 runs, takes up to 365 and refuses a limit outside 1-365', async () => {
    expect((await getDagGrid(ctx, { dagId: 'pipeline' })).runs.length).toBe(10);
    expect((await getDagGrid(ctx, { dagId: 'pipeline', limit: 365 })).runs.length).toBe(10);
    for (const limit of [0, 366, 2.5]) {
      await expect(getDagGrid(ctx, { dagId: 'pipeline', limit })).rejects.toMatchObject({ code: 'invalid_input' });
    }
  });

  it("treats another workspace's DAG as not existing", async () => {
    const error = await getDagGrid(stranger, { dagId: 'pipeline' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'not_found' });
    await expect(getDagGrid(ctx, { dagId: 'no_such_dag' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('shows a run without task instances as an empty column', async () => {
    const v2 = await database.db.dagVersion.findFirstOrThrow({ where: { dag: { dagId: 'pipeline' } }, orderBy: { version: 'desc' } });
    const [bare] = await insertDagRuns(database.db, {
      workspaceId: ctx.workspaceId, dagPk: v2.dagPk, dagVersionId: v2.id, spec: (await deployDag(ctx, { source: V2 })).spec, runType: 'manual',
      infos: [{ logicalDate: day(20), dataInterval: { start: day(20), end: day(21) }, runAfter: day(21) }],
    });
    // Test setup only: no code path leaves a run without instances, but the read must not depend on it.
    await database.db.taskInstance.deleteMany({ where: { dagRunId: bare!.id } });
    const grid = await getDagGrid(ctx, { dagId: 'pipeline', limit: 1 });
    expect(grid.runs.map((run) => [run.run_id, run.task_instances])).toEqual([[bare!.runId, {}]]);
  });

  it("names each row's task group: the spec's group, else an id prefix two tasks share", async () => {
    await deployDag(ctx, {
      source: `dag_id: grouped
tasks:
  - { task_id: start, type: empty }
  - { task_id: extract.orders, type: empty, depends_on: [start] }
  - { task_id: extract__users, type: empty, depends_on: [start] }
  - { task_id: check_a, type: empty, group: checks, depends_on: [extract.orders] }
  - { task_id: check_b, type: empty, group: checks, depends_on: [extract__users] }
  - { task_id: load.final, type: empty, depends_on: [check_a, check_b] }
`,
    });
    const grid = await getDagGrid(ctx, { dagId: 'grouped' });
    expect(grid.tasks.map((task) => [task.task_id, task.group])).toEqual([
      ['start', null], ['extract.orders', 'extract'], ['extract__users', 'extract'], ['check_a', 'checks'], ['check_b', 'checks'], ['load.final', null],
    ]);
  });
});
