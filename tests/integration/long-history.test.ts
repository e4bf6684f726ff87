import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../server/db/client';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { listDags } from '../../server/services/dags/list-dags';
import { getDagGrid } from '../../server/services/runs/get-dag-grid';
import { listDagRuns } from '../../server/services/runs/list-dag-runs';
import { listRecentRunStates } from '../../server/services/runs/list-recent-run-states';
import { createWorkspace } from '../support/dag-runs';
import { seedLongHistory } from '../support/long-history';
import { explain, planNodes, recordingClient } from '../support/recorded-statements';
import { schedulerTick } from '../support/scheduler-tick';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const RUNS = 50_000;
const HISTORY_TABLES = new Set(['dag_run', 'task_instance']);

/**
 * A DAG that has run every hour for years: the pages that show it must read its newest runs
 * through indexes, never by reading its whole history. Checked on the plans PostgreSQL makes for
 * exactly the statements each service sends (EXPLAIN), not by timing them.
 */
describe(`a DAG with ${RUNS.toLocaleString('en')} runs`, () => {
  let database: TTestDatabase;
  let recorder: ReturnType<typeof recordingClient>;
  let workspaceId: string;
  let lastRunId: string;

  beforeAll(async () => {
    database = await createTestDatabase('long_history');
    workspaceId = (await createWorkspace(database.db, 'history')).id;
    // Other DAGs of the workspace, on the same DAG list page, with a run or none.
    for (let i = 0; i < 10; i++) await deployDag(systemContext(database.db, workspaceId, 'test'), { source: `dag_id: other_${i}\ntasks:\n  - { task_id: a, type: empty }\n` });
    const seeded = await seedLongHistory(database.db, workspaceId, { dagId: 'long', runs: RUNS, tasks: 2 });
    lastRunId = `scheduled__${seeded.lastLogicalDate.toISOString().replace(/\.\d{3}Z$/, '+00:00')}`;
    recorder = recordingClient(database.url);
  });
  afterAll(async () => {
    await recorder?.db.$disconnect();
    await database?.drop();
  });

  const ctx = () => systemContext(recorder.db, workspaceId, 'test');

  /** Every statement `work` sends, with the scans of run history its plan makes. */
  async function historyScans(work: (db: PrismaClient) => Promise<unknown>) {
    const statements = await recorder.record(work);
    expect(statements.length).toBeGreaterThan(0);
    return Promise.all(
      statements.map(async (statement) => ({
        sql: statement.sql.replace(/\s+/g, ' ').slice(0, 200),
        scans: planNodes(await explain(database.url, statement))
          .filter((node) => node['Relation Name'] && HISTORY_TABLES.has(node['Relation Name']))
          .map((node) => `${node['Node Type']} on ${node['Relation Name']}`),
      })),
    );
  }

  function expectNoSequentialScan(plans: { sql: string; scans: string[] }[]) {
    const sequential = plans.filter((plan) => plan.scans.some((scan) => scan.startsWith('Seq Scan')));
    expect(sequential, 'statements reading run history with a sequential scan').toEqual([]);
    // And the history is read at all, through an index (so the check above checked something).
    expect(plans.flatMap((plan) => plan.scans).some((scan) => /Index/.test(scan))).toBe(true);
  }

  it("reads the grid's first page through indexes", async () => {
    const grid = await getDagGrid(ctx(), { dagId: 'long' });
    expect(grid.runs).toHaveLength(25);
    expect(grid.runs.at(-1)?.run_id).toBe(lastRunId);
    expect(Object.keys(grid.runs.at(-1)!.task_instances).sort()).toEqual(['t00', 't01']);
    expectNoSequentialScan(await historyScans(() => getDagGrid(ctx(), { dagId: 'long' })));
  });

  it("reads a year of the grid (365 runs) through indexes, in one statement on run history", async () => {
    const grid = await getDagGrid(ctx(), { dagId: 'long', limit: 365 });
    expect(grid.runs).toHaveLength(365);
    expect(grid.runs.at(-1)?.run_id).toBe(lastRunId);
    expect(grid.has_more_before).toBe(true);
    const plans = await historyScans(() => getDagGrid(ctx(), { dagId: 'long', limit: 365 }));
    expectNoSequentialScan(plans);
    expect(plans.filter((plan) => plan.scans.length > 0).map((plan) => plan.sql)).toHaveLength(1);
  });

  it('reads the runs list, newest first and filtered by state, through indexes', async () => {
    const page = await listDagRuns(ctx(), { dagId: 'long', limit: 25, offset: 0, orderBy: '-logical_date' });
    expect(page.total).toBe(RUNS);
    expect(page.runs[0]?.runId).toBe(lastRunId);
    expectNoSequentialScan(await historyScans(() => listDagRuns(ctx(), { dagId: 'long', limit: 25, offset: 0, orderBy: '-logical_date' })));
    expectNoSequentialScan(
      await historyScans(() => listDagRuns(ctx(), { dagId: 'long', limit: 25, offset: 0, orderBy: '-logical_date', states: ['failed'] })),
    );
  });

  it("reads the DAG list's last-run dots, and its last-run filter, through indexes", async () => {
    const listPage = async () => {
      const { dags } = await listDags(ctx(), { limit: 25, offset: 0 });
      return { dags, recent: await listRecentRunStates(ctx(), dags.map((dag) => dag.id)) };
    };
    const { dags, recent } = await listPage();
    const long = dags.find((dag) => dag.dagId === 'long')!;
    expect(recent.get(long.id)?.map((run) => run.runId)[0]).toBe(lastRunId);
    expect(recent.get(long.id)).toHaveLength(5);
    expect(recent.get(dags.find((dag) => dag.dagId === 'other_0')!.id) ?? []).toEqual([]);
    expectNoSequentialScan(await historyScans(listPage));
    // Its newest run succeeded (every tenth run failed; the others have no run): the filter reads
    // one run per DAG, not the history.
    expect((await listDags(ctx(), { limit: 25, offset: 0, lastRunState: 'success' })).dags.map((dag) => dag.dagId)).toEqual(['long']);
    expectNoSequentialScan(await historyScans(() => listDags(ctx(), { limit: 25, offset: 0, lastRunState: 'success' })));
  });

  it("keeps the scheduler's idle tick off the run history", async () => {
    const nothingToQueue = async () => {
      throw new Error('an idle tick queues nothing');
    };
    await schedulerTick(recorder.db, nothingToQueue, new Date());
    const plans = await historyScans((db) => schedulerTick(db, nothingToQueue, new Date()));
    const sequential = plans.filter((plan) => plan.scans.some((scan) => scan.startsWith('Seq Scan')));
    expect(sequential, 'statements reading run history with a sequential scan').toEqual([]);
  });
});
