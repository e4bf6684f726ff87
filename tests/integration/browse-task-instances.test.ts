import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../server/db/client';
import { systemContext, type TServiceContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { getWorkspaceHome } from '../../server/services/home/get-workspace-home';
import { browseTaskInstances, decodeBrowseCursor, listDagOwners, type TBrowseTaskInstancesInput } from '../../server/services/task-instances/browse-task-instances';
import { createWorkspace } from '../support/dag-runs';
import { seedLongHistory } from '../support/long-history';
import { explain, planNodes, recordingClient } from '../support/recorded-statements';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const HOUR = 3_600_000;
const T0 = new Date('2026-02-01T00:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

/** Two DAGs of two owners, runs at hours 0..5 with three tasks each, and a neighbour workspace. */
async function seed(db: PrismaClient, slug: string, prefix: string) {
  const workspace = await createWorkspace(db, slug);
  const ctx = systemContext(db, workspace.id, 'test');
  for (const [dagId, owner] of [[`${prefix}alpha`, 'ana'], [`${prefix}beta`, 'bo']] as const) {
    const { dag, version } = await deployDag(ctx, { source: `dag_id: ${dagId}\ndefault_args: { owner: ${owner} }\ntasks:\n  - { task_id: t1, type: empty }\n  - { task_id: t2, type: empty }\n  - { task_id: t3, type: empty }\n` });
    for (let hour = 0; hour < 6; hour++) {
      const failed = hour % 3 === 1;
      const run = await db.dagRun.create({
        data: {
          workspaceId: workspace.id, dagPk: dag.id, dagVersionId: version.id, runId: `manual__${hour}`, runType: 'manual',
          state: failed ? 'failed' : 'success', logicalDate: at(hour), dataIntervalStart: at(hour), dataIntervalEnd: at(hour), runAfter: at(hour),
        },
      });
      await db.taskInstance.createMany({
        data: ['t1', 't2', 't3'].map((taskId) => ({
          workspaceId: workspace.id, dagRunId: run.id, taskId, taskType: 'empty',
          state: failed && taskId === 't2' ? 'failed' : failed && taskId === 't3' ? 'upstream_failed' : 'success',
        })),
      });
    }
  }
  return ctx;
}

/** Every page of a listing, following the cursor. */
async function allPages(ctx: TServiceContext, input: Omit<TBrowseTaskInstancesInput, 'after'>) {
  const keys: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await browseTaskInstances(ctx, { ...input, after: cursor ? decodeBrowseCursor(cursor) : undefined });
    keys.push(...page.instances.map((ti) => `${ti.logicalDate.toISOString().slice(11, 13)}:${ti.dagId}:${ti.taskId}`));
    cursor = page.next;
    pages++;
  } while (cursor && pages < 100);
  return { keys, pages };
}

describe('task-instance browser', () => {
  let database: TTestDatabase;
  let ctx: TServiceContext;

  beforeAll(async () => {
    database = await createTestDatabase('browse_ti');
    ctx = await seed(database.db, 'browse', '');
    await seed(database.db, 'browse-other', 'other_');
  });
  afterAll(() => database?.drop());

  it('lists newest logical date first, then dag_id and task_id, only the workspace’s own', async () => {
    const { instances, next } = await browseTaskInstances(ctx, { limit: 100 });
    expect(next).toBeNull();
    expect(instances).toHaveLength(36);
    expect(instances.slice(0, 4).map((ti) => `${ti.dagId}:${ti.runId}:${ti.taskId}`)).toEqual(['alpha:manual__5:t1', 'alpha:manual__5:t2', 'alpha:manual__5:t3', 'beta:manual__5:t1']);
    expect(instances.some((ti) => ti.dagId.startsWith('other_'))).toBe(false);
  });

  it('pages by keyset: every row once, in order, whatever the page size', async () => {
    const whole = await allPages(ctx, { limit: 100 });
    for (const limit of [1, 4, 7]) {
      const paged = await allPages(ctx, { limit });
      expect(paged.keys).toEqual(whole.keys);
      expect(paged.pages).toBe(Math.ceil(36 / limit));
    }
  });

  it('filters by state, run state, DAG, owner and logical date range, together', async () => {
    const keys = async (input: Omit<TBrowseTaskInstancesInput, 'limit'>) => (await allPages(ctx, { ...input, limit: 5 })).keys;
    expect(await keys({ states: ['failed'] })).toEqual(['04:alpha:t2', '04:beta:t2', '01:alpha:t2', '01:beta:t2']);
    expect(await keys({ runStates: ['failed'], dagId: 'beta' })).toEqual(['04:beta:t1', '04:beta:t2', '04:beta:t3', '01:beta:t1', '01:beta:t2', '01:beta:t3']);
    expect(await keys({ owner: 'ana', states: ['upstream_failed'] })).toEqual(['04:alpha:t3', '01:alpha:t3']);
    expect(await keys({ from: at(2), to: at(3), states: ['success'], dagId: 'alpha' })).toEqual(['03:alpha:t1', '03:alpha:t2', '03:alpha:t3', '02:alpha:t1', '02:alpha:t2', '02:alpha:t3']);
    expect(await keys({ dagId: 'other_alpha' })).toEqual([]);
  });

  it('refuses a cursor it did not make, naming the field', async () => {
    expect(() => decodeBrowseCursor('not-a-cursor')).toThrow(/^after: /);
  });

  it('offers the owners of the workspace’s DAGs as a filter', async () => {
    expect(await listDagOwners(ctx)).toEqual(['ana', 'bo']);
  });
});

describe('home and task-instance browser on a DAG with a long history', () => {
  let database: TTestDatabase;
  let recorder: ReturnType<typeof recordingClient>;
  let workspaceId: string;

  beforeAll(async () => {
    database = await createTestDatabase('browse_long');
    workspaceId = (await createWorkspace(database.db, 'history')).id;
    for (let i = 0; i < 5; i++) await deployDag(systemContext(database.db, workspaceId, 'test'), { source: `dag_id: other_${i}\ntasks:\n  - { task_id: a, type: empty }\n` });
    await seedLongHistory(database.db, workspaceId, { dagId: 'long', runs: 20_000, tasks: 2 });
    recorder = recordingClient(database.url);
  });
  afterAll(async () => {
    await recorder?.db.$disconnect();
    await database?.drop();
  });

  /** The scans of dag_run and task_instance in the plans of every statement `work` sends. */
  async function historyScans(work: () => Promise<unknown>) {
    const statements = await recorder.record(work);
    const plans = await Promise.all(statements.map((statement) => explain(database.url, statement)));
    return plans.flatMap((plan) => planNodes(plan))
      .filter((node) => node['Relation Name'] === 'dag_run' || node['Relation Name'] === 'task_instance')
      .map((node) => `${node['Node Type']} on ${node['Relation Name']}`);
  }

  it.each([
    ['the home', () => getWorkspaceHome(systemContext(recorder.db, workspaceId, 'test'), new Date('2022-04-15T00:00:00Z'))],
    ['the browser, unfiltered', () => browseTaskInstances(systemContext(recorder.db, workspaceId, 'test'), { limit: 50 })],
    ['the browser, by state and range', () => browseTaskInstances(systemContext(recorder.db, workspaceId, 'test'), { limit: 50, states: ['failed'], from: new Date('2021-01-01T00:00:00Z'), to: new Date('2021-02-01T00:00:00Z') })],
  ])('%s reads run history through indexes only', async (_name, work) => {
    const scans = await historyScans(work);
    expect(scans.filter((scan) => scan.startsWith('Seq Scan'))).toEqual([]);
    // Read at all, through an index (a bitmap heap scan is one), so the check above checked something.
    expect(scans.some((scan) => /Index|Bitmap Heap/.test(scan)), scans.join(', ')).toBe(true);
  });

  it('pages the long history: the second page starts where the first ended', async () => {
    const ctx = systemContext(database.db, workspaceId, 'test');
    const first = await browseTaskInstances(ctx, { limit: 3 });
    const second = await browseTaskInstances(ctx, { limit: 3, after: decodeBrowseCursor(first.next!) });
    expect([...first.instances, ...second.instances].map((ti) => `${ti.runId}:${ti.taskId}`)).toEqual([
      'scheduled__2022-04-13T07:00:00+00:00:t00', 'scheduled__2022-04-13T07:00:00+00:00:t01',
      'scheduled__2022-04-13T06:00:00+00:00:t00', 'scheduled__2022-04-13T06:00:00+00:00:t01',
      'scheduled__2022-04-13T05:00:00+00:00:t00', 'scheduled__2022-04-13T05:00:00+00:00:t01',
    ]);
  });
});
