import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWarehouse } from '../../prisma/seed-warehouse';
import { SecretBox } from '../../server/auth/secret-box';
import { createBackfill, type TCreateBackfillInput } from '../../server/services/backfills/create-backfill';
import { getBackfill } from '../../server/services/backfills/get-backfill';
import { setBackfillState } from '../../server/services/backfills/set-backfill-state';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext, type TServiceContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { createWorkspace, waitForRun } from '../support/dag-runs';
import { stopProcess, TestEngine } from '../support/engine';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/**
 * An incremental daily load like examples/daily_orders.yaml. Its start_date is in 2099, so the
 * scheduler's own runs never touch 2025: every 2025 run here is a backfill's (a backfill ignores
 * start_date, as in Airflow).
 */
const ordersDag = (dagId: string, table: string) => `
dag_id: ${dagId}
schedule: "@daily"
start_date: 2099-01-01
max_active_tasks: 64
default_args: { retries: 1, retry_delay: 1s }
tasks:
  - task_id: load_orders
    type: load
    source:
      conn_id: warehouse
      sql: "select order_id, customer_id, order_date, amount from orders where order_date = '{{ ds }}'"
    target: { conn_id: warehouse, table: ${table} }
    mode: incremental
    partition_column: order_date
  - task_id: check_orders
    type: check
    depends_on: load_orders
    conn_id: warehouse
    table: ${table}
    checks: { unique: [order_id], not_null: [order_id, customer_id, order_date, amount] }
`;

/** Runs that take a moment, so pauses, limits and order can be observed while they run. */
const slowDag = (dagId: string, seconds: number) => `
dag_id: ${dagId}
schedule: "@daily"
start_date: 2099-01-01
max_active_tasks: 64
tasks:
  - { task_id: work, type: bash, bash_command: "sleep ${seconds}" }
`;

const YEAR = { fromDate: '2025-01-01', toDate: '2025-12-31' };

describe('backfills executed by the real scheduler and workers', () => {
  let database: TTestDatabase;
  let warehouse: TWarehouseDatabase;
  let warehouseClient: pg.Client;
  let engine: TestEngine;
  let scheduler: ReturnType<TestEngine['startScheduler']>;
  let ctx: TServiceContext;

  const fail = () => `\n${engine.output().slice(-4000)}`;
  const sql = async <T extends pg.QueryResultRow>(text: string) => (await warehouseClient.query<T>(text)).rows;

  const deploy = async (source: string) => {
    const deployed = await deployDag(ctx, { source });
    await database.db.dag.update({ where: { id: deployed.dag.id }, data: { isPaused: false } });
  };
  const backfill = (dagId: string, input: Omit<TCreateBackfillInput, 'dagId'>) => createBackfill(ctx, { dagId, ...input });
  const runsOf = (backfillId: string, state?: string) => database.db.dagRun.count({ where: { backfillId, ...(state ? { state } : {}) } });

  /** Waits for the backfill to reach `state`, sampling its running runs on every poll. */
  const waitForBackfill = async (id: string, state: string, timeoutMs = 60_000) => {
    let maxRunning = 0;
    const done = await waitFor(
      async () => {
        maxRunning = Math.max(maxRunning, await runsOf(id, 'running'));
        const current = await getBackfill(ctx, id);
        return current.state === state ? current : null;
      },
      { timeoutMs, what: `backfill ${id} to be ${state}` },
    );
    return { backfill: done, maxRunning };
  };

  /** Per-day row counts of a table, for the days of [from, to]. */
  const dailyCounts = (table: string, from: string, to: string) =>
    sql<{ day: string; n: string }>(
      `select to_char(order_date, 'YYYY-MM-DD') as day, count(*) as n from ${table}
       where order_date between '${from}' and '${to}' group by 1 order by 1`,
    );

  beforeAll(async () => {
    database = await createTestDatabase('backfills');
    warehouse = await createWarehouseDatabase('backfills_wh');
    await seedWarehouse(warehouse.url);
    warehouseClient = new pg.Client({ connectionString: warehouse.url });
    await warehouseClient.connect();
    ctx = systemContext(database.db, (await createWorkspace(database.db, 'backfills')).id, 'test');
    engine = new TestEngine(database.url, { TRIBUTARY_WORKER_CONCURRENCY: '32' });
    const url = new URL(warehouse.url);
    await createConnection(ctx, new SecretBox(engine.secretKey), {
      connId: 'warehouse',
      connType: 'postgres',
      host: url.hostname,
      port: Number(url.port || 5432),
      login: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      schema: decodeURIComponent(url.pathname.slice(1)),
    });
    scheduler = engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine.stop();
    await warehouseClient.end();
    await database.drop();
    await warehouse.drop();
  });

  describe('a year of daily orders', () => {
    beforeAll(() => deploy(ordersDag('orders_year', 'orders_daily')));

    it('dry run plans 365 creates and stores nothing', async () => {
      const result = await backfill('orders_year', { ...YEAR, dryRun: true });
      expect(result.backfill).toBeNull();
      expect(result.plan).toHaveLength(365);
      expect(result.plan.every((item) => item.action === 'create')).toBe(true);
      expect(result.plan[0]!.logicalDate.toISOString()).toBe('2025-01-01T00:00:00.000Z');
      expect(await database.db.backfill.count()).toBe(0);
      expect(await database.db.dagRun.count()).toBe(0);
    });

    it('creates exactly 365 backfill runs, never more running than max_active_runs, and loads every day once', async () => {
      const created = await backfill('orders_year', { ...YEAR, maxActiveRuns: 16 });
      expect(created.backfill?.state).toBe('running');
      const { backfill: done, maxRunning } = await waitForBackfill(created.backfill!.id, 'completed', 180_000);
      expect(done.progress, fail()).toEqual({ total: 365, queued: 0, running: 0, success: 365, failed: 0 });
      expect(done.completedAt).not.toBeNull();
      expect(maxRunning).toBeGreaterThan(1);
      expect(maxRunning).toBeLessThanOrEqual(16);
      const runs = await database.db.dagRun.findMany({ where: { dag: { dagId: 'orders_year' } } });
      expect(runs).toHaveLength(365);
      expect(runs.every((run) => run.runType === 'backfill' && run.backfillId === done.id && run.runId.startsWith('backfill__'))).toBe(true);
      const partitions = await sql<{ n: string }>('select count(distinct order_date) as n from orders_daily');
      expect(Number(partitions[0]!.n)).toBe(365);
      expect(await dailyCounts('orders_daily', '2025-01-01', '2025-12-31')).toEqual(await dailyCounts('orders', '2025-01-01', '2025-12-31'));
    }, 240_000);

    it('with reprocess none, a second backfill of the year skips every date and completes with no new run', async () => {
      const dry = await backfill('orders_year', { ...YEAR, dryRun: true });
      expect(dry.plan.every((item) => item.action === 'skip' && /already exists/.test(item.reason))).toBe(true);
      const created = await backfill('orders_year', YEAR);
      const { backfill: done } = await waitForBackfill(created.backfill!.id, 'completed');
      expect(done.progress.total).toBe(0);
      expect(await database.db.dagRun.count({ where: { dag: { dagId: 'orders_year' } } })).toBe(365);
    });

    it('with reprocess completed, redoes the 90 runs of the first quarter once each, leaves the rest alone, and leaves an identical table', async () => {
      const checksum = `select md5(string_agg(t::text, ',' order by order_id)) as sum, count(*) as n from orders_daily t`;
      const before = await sql<{ sum: string; n: string }>(checksum);
      const quarter = { fromDate: '2025-01-01', toDate: '2025-03-31' };
      const dry = await backfill('orders_year', { ...YEAR, reprocessBehavior: 'completed', dryRun: true });
      expect(dry.plan).toHaveLength(365);
      expect(dry.plan.every((item) => item.action === 'reprocess')).toBe(true);
      const created = await backfill('orders_year', { ...quarter, reprocessBehavior: 'completed', maxActiveRuns: 16 });
      const { backfill: done, maxRunning } = await waitForBackfill(created.backfill!.id, 'completed', 180_000);
      expect(done.progress, fail()).toEqual({ total: 90, queued: 0, running: 0, success: 90, failed: 0 });
      expect(maxRunning).toBeLessThanOrEqual(16);
      const runs = await database.db.dagRun.findMany({ where: { dag: { dagId: 'orders_year' } }, select: { clearNumber: true, logicalDate: true }, orderBy: { logicalDate: 'asc' } });
      // Reprocessed exactly once: the step runs every tick, but a run it attached is never cleared again.
      const inQuarter = (run: { logicalDate: Date }) => run.logicalDate < new Date('2025-04-01T00:00:00Z');
      expect(runs.filter(inQuarter).map((run) => run.clearNumber)).toEqual(Array(90).fill(1));
      expect(runs.filter((run) => !inQuarter(run)).map((run) => run.clearNumber)).toEqual(Array(275).fill(0));
      expect(await sql(checksum)).toEqual(before);
    }, 240_000);
  });

  it('survives a scheduler killed mid-backfill: a new scheduler completes it with the right counts', async () => {
    await deploy(ordersDag('orders_restart', 'orders_daily_restart'));
    const created = await backfill('orders_restart', { fromDate: '2025-02-01', toDate: '2025-04-30', maxActiveRuns: 4 });
    const id = created.backfill!.id;
    await waitFor(async () => (await runsOf(id, 'success')) >= 10, { what: 'the first runs to succeed' });
    await stopProcess(scheduler, 'SIGKILL');
    expect(await runsOf(id, 'success')).toBeLessThan(89);
    scheduler = engine.startScheduler();
    const { backfill: done } = await waitForBackfill(id, 'completed', 120_000);
    expect(done.progress, fail()).toEqual({ total: 89, queued: 0, running: 0, success: 89, failed: 0 });
    expect(await dailyCounts('orders_daily_restart', '2025-01-01', '2025-12-31')).toEqual(await dailyCounts('orders', '2025-02-01', '2025-04-30'));
  }, 180_000);

  it('runs a backfill of a paused DAG, which stays paused: its schedule creates nothing meanwhile', async () => {
    // Unpaused, this schedule would catch up every day since 2025 at once.
    const deployed = await deployDag(ctx, { source: slowDag('slow_paused', 0.1).replace('start_date: 2099-01-01', 'start_date: 2025-01-01\ncatchup: true') });
    expect(deployed.dag.isPaused).toBe(true);
    const created = await backfill('slow_paused', { fromDate: '2025-01-01', toDate: '2025-01-03' });
    await waitForBackfill(created.backfill!.id, 'completed');
    const runs = await database.db.dagRun.findMany({ where: { dagPk: deployed.dag.id } });
    expect(runs.map((run) => [run.runType, run.state])).toEqual([['backfill', 'success'], ['backfill', 'success'], ['backfill', 'success']]);
    expect((await database.db.dag.findUniqueOrThrow({ where: { id: deployed.dag.id } })).isPaused).toBe(true);
  });

  it('runs a run_backwards backfill newest logical date first', async () => {
    await deploy(slowDag('slow_backwards', 0.1));
    const created = await backfill('slow_backwards', { fromDate: '2025-01-01', toDate: '2025-01-06', runBackwards: true, maxActiveRuns: 1 });
    expect(created.plan.map((item) => item.logicalDate.toISOString().slice(0, 10))).toEqual([
      '2025-01-06', '2025-01-05', '2025-01-04', '2025-01-03', '2025-01-02', '2025-01-01',
    ]);
    const { maxRunning } = await waitForBackfill(created.backfill!.id, 'completed');
    expect(maxRunning).toBeLessThanOrEqual(1);
    const runs = await database.db.dagRun.findMany({ where: { backfillId: created.backfill!.id }, orderBy: { startDate: 'asc' } });
    expect(runs.map((run) => run.logicalDate.toISOString().slice(0, 10))).toEqual([
      '2025-01-06', '2025-01-05', '2025-01-04', '2025-01-03', '2025-01-02', '2025-01-01',
    ]);
  });

  it('pause holds queued runs, unpause resumes, cancel drops the runs not started and lets running ones finish', async () => {
    await deploy(slowDag('slow_pause', 1));
    await deploy(slowDag('slow_marker', 0));
    const created = await backfill('slow_pause', { fromDate: '2025-01-01', toDate: '2025-01-12', maxActiveRuns: 2 });
    const id = created.backfill!.id;
    await expect(backfill('slow_pause', { fromDate: '2025-02-01', toDate: '2025-02-02' })).rejects.toMatchObject({ code: 'conflict' });
    await waitFor(async () => (await runsOf(id, 'running')) > 0, { what: 'a running run' });
    expect((await setBackfillState(ctx, id, 'pause')).state).toBe('paused');
    await waitFor(async () => (await runsOf(id, 'running')) === 0, { what: 'the running runs to finish' });
    const held = await runsOf(id, 'queued');
    expect(held).toBeGreaterThan(0);
    // A manual run of another DAG going end to end takes several scheduler ticks: none of them
    // may start a run of the paused backfill.
    const marker = await triggerDagRun(ctx, { dagId: 'slow_marker' });
    await waitForRun(database.db, marker.id);
    expect(await runsOf(id, 'queued')).toBe(held);
    expect(await runsOf(id, 'running')).toBe(0);

    expect((await setBackfillState(ctx, id, 'unpause')).state).toBe('running');
    await waitFor(async () => (await runsOf(id, 'running')) > 0, { what: 'the unpaused backfill to start runs' });
    const cancelled = await setBackfillState(ctx, id, 'cancel');
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.completedAt).not.toBeNull();
    expect(cancelled.progress.queued).toBe(0);
    expect(cancelled.progress.running).toBeGreaterThan(0);
    await waitFor(async () => (await runsOf(id, 'running')) === 0, { what: 'the running runs of the cancelled backfill to finish' });
    const after = await getBackfill(ctx, id);
    expect(after.state).toBe('cancelled');
    expect(after.progress.failed).toBe(0);
    expect(after.progress.success).toBe(after.progress.total);
    expect(after.progress.total).toBeLessThan(12);
    // Once cancelled, the DAG may have a new backfill; it creates the dates the cancelled one dropped.
    const again = await backfill('slow_pause', { fromDate: '2025-01-01', toDate: '2025-01-12', maxActiveRuns: 12, dryRun: true });
    expect(again.plan.filter((item) => item.action === 'create')).toHaveLength(12 - after.progress.total);
  }, 120_000);
});
