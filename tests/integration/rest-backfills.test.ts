import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackfills } from '../../server/services/backfills/run-backfills';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';

const dailyDag = (dagId: string) => `
dag_id: ${dagId}
schedule: "@daily"
start_date: 2099-01-01
tasks:
  - { task_id: a, type: empty }
  - { task_id: b, type: empty, depends_on: a }
`;

/**
 * REST v1 for backfills, and the scheduler's backfill step called in-process (no scheduler or
 * worker here, so nothing starts runs and every state is the one this file sets).
 */
describe('REST v1: backfills', () => {
  let rest: TRestFixture;
  const stepErrors: unknown[] = [];

  const step = () => runBackfills(rest.database.db, (_id, error) => stepErrors.push(error));
  const runStates = async (dagId: string) =>
    (await rest.database.db.dagRun.findMany({ where: { dag: { dagId } }, orderBy: { logicalDate: 'asc' }, select: { state: true } })).map((r) => r.state);
  const finishRuns = async (dagId: string, state: 'success' | 'failed', logicalDates?: string[]) => {
    const where = { dag: { dagId }, ...(logicalDates ? { logicalDate: { in: logicalDates.map((d) => new Date(`${d}T00:00:00Z`)) } } : {}) };
    await rest.database.db.taskInstance.updateMany({ where: { dagRun: where }, data: { state } });
    await rest.database.db.dagRun.updateMany({ where, data: { state, endDate: new Date() } });
  };

  beforeAll(async () => {
    rest = await startRestFixture('rest_backfills');
    const ctx = systemContext(rest.database.db, rest.workspaceId, 'test');
    for (const dagId of ['daily', 'redo']) await deployDag(ctx, { source: dailyDag(dagId) });
    await deployDag(ctx, { source: 'dag_id: manual_only\nschedule: null\ntasks:\n  - { task_id: a, type: empty }\n' });
    await deployDag(systemContext(rest.database.db, rest.otherWorkspaceId, 'test'), { source: dailyDag('daily') });
  });
  afterAll(async () => {
    await rest.close();
  });

  const JANUARY_10 = { dag_id: 'daily', from_date: '2025-01-01', to_date: '2025-01-10' };

  it('a dry run returns the plan for every date and stores nothing', async () => {
    const response = await rest.editor('POST', '/backfills', { ...JANUARY_10, dry_run: true });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ dry_run: true, dag_id: 'daily', from_date: '2025-01-01T00:00:00.000Z', total_entries: 10 });
    expect(response.body.summary).toEqual({ create: 10, reprocess: 0, skip: 0 });
    expect(response.body.plan[9]).toEqual({
      logical_date: '2025-01-10T00:00:00.000Z', data_interval_start: '2025-01-10T00:00:00.000Z', data_interval_end: '2025-01-11T00:00:00.000Z',
      action: 'create', reason: 'no run for this date yet',
    });
    expect(await rest.database.db.backfill.count()).toBe(0);
  });

  it('refuses what it cannot backfill: 400 without a schedule or with a bad body, 404 for an unknown DAG', async () => {
    const manual = await rest.editor('POST', '/backfills', { ...JANUARY_10, dag_id: 'manual_only' });
    expect(manual.status).toBe(400);
    expect(manual.body.detail).toMatch(/backfill needs a schedule/);
    const reversed = await rest.editor('POST', '/backfills', { ...JANUARY_10, from_date: '2025-02-01' });
    expect(reversed.status).toBe(400);
    expect(reversed.body.detail).toMatch(/reversed/);
    const behavior = await rest.editor('POST', '/backfills', { ...JANUARY_10, reprocess_behavior: 'all' });
    expect(behavior.status).toBe(400);
    expect(behavior.body.errors[0].path).toBe('reprocess_behavior');
    const date = await rest.editor('POST', '/backfills', { ...JANUARY_10, to_date: 'next tuesday' });
    expect(date.body.errors[0].path).toBe('to_date');
    expect((await rest.editor('POST', '/backfills', { ...JANUARY_10, max_active_runs: 0 })).status).toBe(400);
    expect((await rest.editor('POST', '/backfills', { ...JANUARY_10, dag_id: 'nope' })).status).toBe(404);
    expect(await rest.database.db.backfill.count()).toBe(0);
  });

  it('creates a running backfill (audited), one active per DAG; viewers read only, other workspaces see nothing', async () => {
    expect((await rest.viewer('POST', '/backfills', JANUARY_10)).status).toBe(403);
    const created = await rest.editor('POST', '/backfills', { ...JANUARY_10, max_active_runs: 3, dag_run_conf: { source: 'test' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      dag_id: 'daily', state: 'running', reprocess_behavior: 'none', max_active_runs: 3, run_backwards: false,
      dag_run_conf: { source: 'test' }, completed_at: null, progress: { total: 0, queued: 0, running: 0, success: 0, failed: 0 },
    });
    expect(created.body.plan).toHaveLength(10);
    const audit = await rest.database.db.auditLog.findFirst({ where: { action: 'backfill.create', targetId: created.body.id } });
    expect(audit?.details).toMatchObject({ dag_id: 'daily', max_active_runs: 3 });
    const second = await rest.editor('POST', '/backfills', JANUARY_10);
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(created.body.id);

    const listed = await rest.viewer('GET', '/backfills?dag_id=daily');
    expect(listed.body.total_entries).toBe(1);
    expect(listed.body.backfills[0].id).toBe(created.body.id);
    expect((await rest.viewer('GET', `/backfills/${created.body.id}`)).body.state).toBe('running');
    expect((await rest.viewer('POST', `/backfills/${created.body.id}/pause`)).status).toBe(403);
    expect((await rest.stranger('GET', `/backfills/${created.body.id}`)).status).toBe(404);
    expect((await rest.stranger('POST', `/backfills/${created.body.id}/cancel`)).status).toBe(404);
    expect((await rest.stranger('GET', '/backfills')).body.total_entries).toBe(0);
  });

  it('the scheduler step creates the runs once, with the conf; pause, unpause and cancel (which drops queued runs)', async () => {
    const [backfill] = (await rest.editor('GET', '/backfills?dag_id=daily')).body.backfills;
    expect(await step()).toEqual({ created: 10, reprocessed: 0, completed: 0 });
    expect(await step()).toEqual({ created: 0, reprocessed: 0, completed: 0 });
    expect(stepErrors).toEqual([]);
    const runs = await rest.database.db.dagRun.findMany({ where: { backfillId: backfill.id } });
    expect(runs.every((run) => run.runType === 'backfill' && run.state === 'queued')).toBe(true);
    expect(runs[0]!.conf).toEqual({ source: 'test' });
    expect((await rest.editor('GET', `/backfills/${backfill.id}`)).body.progress).toEqual({ total: 10, queued: 10, running: 0, success: 0, failed: 0 });

    expect((await rest.editor('POST', `/backfills/${backfill.id}/pause`)).body.state).toBe('paused');
    expect((await rest.editor('POST', `/backfills/${backfill.id}/pause`)).status).toBe(200);
    expect((await rest.editor('POST', `/backfills/${backfill.id}/unpause`)).body.state).toBe('running');
    await rest.database.db.dagRun.updateMany({ where: { backfillId: backfill.id, logicalDate: new Date('2025-01-01T00:00:00Z') }, data: { state: 'running' } });
    const cancelled = await rest.editor('POST', `/backfills/${backfill.id}/cancel`);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', progress: { total: 1, queued: 0, running: 1 } });
    expect(cancelled.body.completed_at).not.toBeNull();
    expect((await rest.editor('POST', `/backfills/${backfill.id}/unpause`)).status).toBe(409);
    const actions = await rest.database.db.auditLog.findMany({ where: { targetId: backfill.id }, orderBy: { id: 'asc' }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(['backfill.create', 'backfill.pause', 'backfill.unpause', 'backfill.cancel']);
    expect(await step()).toEqual({ created: 0, reprocessed: 0, completed: 0 });
  });

  it('reprocesses finished runs once per backfill, never a queued one, and completes when its runs are done', async () => {
    const first = await rest.editor('POST', '/backfills', { dag_id: 'redo', from_date: '2025-03-01', to_date: '2025-03-05' });
    await step();
    await finishRuns('redo', 'success');
    expect((await step()).completed).toBe(1);
    expect((await rest.editor('GET', `/backfills/${first.body.id}`)).body).toMatchObject({ state: 'completed', progress: { total: 5, success: 5 } });

    await finishRuns('redo', 'failed', ['2025-03-02', '2025-03-04']);
    await rest.database.db.dagRun.updateMany({ where: { logicalDate: new Date('2025-03-05T00:00:00Z'), dag: { dagId: 'redo' } }, data: { state: 'queued' } });
    const second = await rest.editor('POST', '/backfills', { dag_id: 'redo', from_date: '2025-03-01', to_date: '2025-03-05', reprocess_behavior: 'failed' });
    expect(second.body.plan.map((item: { action: string }) => item.action)).toEqual(['skip', 'reprocess', 'skip', 'reprocess', 'skip']);
    expect(second.body.plan[4].reason).toMatch(/queued/);
    expect(await step()).toEqual({ created: 0, reprocessed: 2, completed: 0 });
    expect(await runStates('redo')).toEqual(['success', 'queued', 'success', 'queued', 'queued']);
    // The cleared runs fail again: they belong to this backfill now and are not reprocessed a second time.
    await finishRuns('redo', 'failed', ['2025-03-02', '2025-03-04', '2025-03-05']);
    expect(await step()).toEqual({ created: 0, reprocessed: 0, completed: 1 });
    const done = (await rest.editor('GET', `/backfills/${second.body.id}`)).body;
    expect(done).toMatchObject({ state: 'completed', progress: { total: 2, failed: 2 } });
    const cleared = await rest.database.db.dagRun.findMany({ where: { backfillId: second.body.id }, select: { clearNumber: true, runType: true } });
    expect(cleared).toEqual([{ clearNumber: 1, runType: 'backfill' }, { clearNumber: 1, runType: 'backfill' }]);
  });

  it('cancelling keeps the existing runs it cleared for reprocessing (marked failed), deleting only runs it created', async () => {
    const third = await rest.editor('POST', '/backfills', { dag_id: 'redo', from_date: '2025-03-01', to_date: '2025-03-06', reprocess_behavior: 'completed' });
    expect(third.body.summary).toEqual({ create: 1, reprocess: 5, skip: 0 });
    expect(await step()).toEqual({ created: 1, reprocessed: 5, completed: 0 });
    const cancelled = await rest.editor('POST', `/backfills/${third.body.id}/cancel`);
    expect(cancelled.body.progress).toMatchObject({ total: 5, queued: 0, failed: 5 });
    expect(await runStates('redo')).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(await rest.database.db.auditLog.findFirst({ where: { action: 'backfill.cancel', targetId: third.body.id } })).toMatchObject({
      details: { deleted_runs: 1, failed_runs: 5 },
    });
  });
});
