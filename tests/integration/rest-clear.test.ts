import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';

const YAML = { 'content-type': 'application/yaml' };
// a >> b >> c, a >> d
const GRAPH = `dag_id: graph
tasks:
  - { task_id: a, type: empty }
  - { task_id: b, type: empty, depends_on: [a] }
  - { task_id: c, type: empty, depends_on: [b] }
  - { task_id: d, type: empty, depends_on: [a] }
`;
const RUN_1 = 'manual__2024-01-01T00:00:00+00:00';
const RUN_2 = 'manual__2024-01-02T00:00:00+00:00';
type TCleared = { task_id: string; dag_run_id: string; state: string | null };
// eslint-style escape hatch for tests, as rest-client: bodies are asserted field by field.
const refs = (body: Record<string, any>) => (body.task_instances as TCleared[]).map((ti) => `${ti.dag_run_id.slice(8, 18)}/${ti.task_id}:${ti.state}`);

describe('REST v1: clearing task instances', () => {
  let rest: TRestFixture;

  beforeAll(async () => {
    rest = await startRestFixture('rest_clear');
    // The DAG stays paused: its runs never start, so the states set below stay put.
    expect((await rest.editor('PUT', '/dags/graph', GRAPH, YAML)).status).toBe(201);
    for (const date of ['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z']) {
      expect((await rest.editor('POST', '/dags/graph/dagRuns', { logical_date: date })).status).toBe(200);
    }
    await setRun(RUN_1, 'failed', { a: 'success', b: 'failed', c: 'upstream_failed', d: 'success' });
    await setRun(RUN_2, 'running', { a: 'success', b: 'success', c: 'running', d: 'failed' });
  });
  afterAll(async () => {
    await rest.close();
  });

  /** Test setup only: the states a scenario starts from. */
  async function setRun(runId: string, state: string, states: Record<string, string>) {
    const run = await rest.database.db.dagRun.update({ where: { dagPk_runId: { dagPk: (await dagPk()).id, runId } }, data: { state } });
    for (const [taskId, taskState] of Object.entries(states)) {
      await rest.database.db.taskInstance.update({ where: { dagRunId_taskId: { dagRunId: run.id, taskId } }, data: { state: taskState } });
    }
  }
  const dagPk = () => rest.database.db.dag.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, dagId: 'graph' }, select: { id: true } });
  async function snapshot() {
    const rows = await rest.database.db.taskInstance.findMany({ where: { workspaceId: rest.workspaceId }, select: { id: true, state: true, tryNumber: true } });
    return rows.sort((x, y) => x.id.localeCompare(y.id));
  }
  const clear = (body: Record<string, unknown>) => rest.editor('POST', '/dags/graph/clearTaskInstances', body);

  it('by default (dry_run and only_failed, as Airflow) lists failed and upstream_failed instances and changes nothing', async () => {
    const before = await snapshot();
    const response = await clear({});
    expect(response.status, response.text).toBe(200);
    expect(refs(response.body)).toEqual(['2024-01-01/b:failed', '2024-01-01/c:upstream_failed', '2024-01-02/d:failed']);
    expect(response.body.task_instances[0]).toMatchObject({ dag_id: 'graph', dag_run_id: RUN_1, logical_date: '2024-01-01T00:00:00.000Z' });
    expect(await snapshot()).toEqual(before);
    expect(await rest.database.db.auditLog.count({ where: { workspaceId: rest.workspaceId, action: 'task_instances.clear' } })).toBe(0);
  });

  it('selects tasks with their downstream or upstream closure in each run, by run, date range and state', async () => {
    const base = { only_failed: false };
    expect(refs((await clear({ ...base, task_ids: ['b'] })).body)).toEqual(['2024-01-01/b:failed', '2024-01-02/b:success']);
    expect(refs((await clear({ ...base, task_ids: ['b'], include_downstream: true, dag_run_id: RUN_1 })).body)).toEqual([
      '2024-01-01/b:failed', '2024-01-01/c:upstream_failed',
    ]);
    expect(refs((await clear({ ...base, task_ids: ['c'], include_upstream: true, start_date: '2024-01-02T00:00:00Z' })).body)).toEqual([
      '2024-01-02/a:success', '2024-01-02/b:success', '2024-01-02/c:running',
    ]);
    expect(refs((await clear({ ...base, end_date: '2024-01-01T12:00:00Z', task_ids: ['d'] })).body)).toEqual(['2024-01-01/d:success']);
    expect(refs((await clear({ only_failed: false, only_running: true })).body)).toEqual(['2024-01-02/c:running']);
  });

  it('clears for real in one go: instances back to no state, the failed run queued again, audited with counts', async () => {
    const response = await clear({ dag_run_id: RUN_1, dry_run: false });
    expect(refs(response.body)).toEqual(['2024-01-01/b:failed', '2024-01-01/c:upstream_failed']);
    const run = await rest.viewer('GET', `/dags/graph/dagRuns/${encodeURIComponent(RUN_1)}`);
    expect([run.body.state, run.body.clear_number, run.body.logical_date]).toEqual(['queued', 1, '2024-01-01T00:00:00.000Z']);
    const instances = await rest.viewer('GET', `/dags/graph/dagRuns/${encodeURIComponent(RUN_1)}/taskInstances`);
    expect(instances.body.task_instances.map((ti: TCleared) => [ti.task_id, ti.state])).toEqual([['a', 'success'], ['b', null], ['c', null], ['d', 'success']]);
    const audit = await rest.database.db.auditLog.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, action: 'task_instances.clear' } });
    expect([audit.targetId, audit.details]).toEqual(['graph', { task_instances: 2, dag_runs: 1, use_latest_version: false }]);
  });

  it('keeps the run state with reset_dag_runs false', async () => {
    await setRun(RUN_2, 'success', {});
    const response = await clear({ dag_run_id: RUN_2, dry_run: false, reset_dag_runs: false });
    expect(refs(response.body)).toEqual(['2024-01-02/d:failed']);
    const run = await rest.viewer('GET', `/dags/graph/dagRuns/${encodeURIComponent(RUN_2)}`);
    expect([run.body.state, run.body.clear_number]).toEqual(['success', 0]);
  });

  it('re-pins the run to the current version with use_latest_version, creating instances of added tasks', async () => {
    const v2 = GRAPH.replace('dag_id: graph', 'dag_id: graph\ndescription: v2') + '  - { task_id: e, type: empty, depends_on: [d] }\n';
    expect((await rest.editor('PUT', '/dags/graph', v2, YAML)).body.version).toBe(2);
    await setRun(RUN_1, 'failed', { b: 'failed' });
    const kept = await clear({ dag_run_id: RUN_1, dry_run: false });
    expect(refs(kept.body)).toEqual(['2024-01-01/b:failed']);
    expect((await rest.viewer('GET', `/dags/graph/dagRuns/${encodeURIComponent(RUN_1)}`)).body.dag_version).toBe(1);
    await setRun(RUN_1, 'failed', { b: 'failed' });
    await clear({ dag_run_id: RUN_1, dry_run: false, use_latest_version: true });
    const run = await rest.viewer('GET', `/dags/graph/dagRuns/${encodeURIComponent(RUN_1)}`);
    expect([run.body.dag_version, run.body.clear_number]).toEqual([2, 3]);
    const instances = await rest.viewer('GET', `/dags/graph/dagRuns/${encodeURIComponent(RUN_1)}/taskInstances`);
    expect(instances.body.task_instances.map((ti: TCleared) => ti.task_id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('answers 400 for an unknown task, 404 for an unknown run or another workspace, 403 for a viewer', async () => {
    const unknown = await clear({ task_ids: ['zzz'] });
    expect([unknown.status, unknown.body.errors[0].path]).toEqual([400, 'task_ids']);
    expect((await clear({ dag_run_id: 'nope' })).status).toBe(404);
    expect((await clear({ only_failed: 'yes' })).body.errors[0].path).toBe('only_failed');
    expect((await rest.stranger('POST', '/dags/graph/clearTaskInstances', {})).status).toBe(404);
    expect((await rest.viewer('POST', '/dags/graph/clearTaskInstances', {})).status).toBe(403);
  });

  describe('with the real scheduler and worker', () => {
    let engine: TestEngine;
    const dir = `/tmp/tributary-clear-${randomBytes(5).toString('hex')}`;

    beforeAll(async () => {
      // The task reads its input from a folder the operator shares with tasks, read-only.
      await mkdir(dir, { recursive: true });
      engine = new TestEngine(rest.database.url, { TRIBUTARY_TASK_SANDBOX_PATHS: dir });
      engine.startScheduler();
      engine.startWorker();
    });
    afterAll(async () => {
      await engine.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('re-runs a task that failed on a broken input, once fixed, with the same logical date, keeping try 1 and its log', async () => {
      const source = `dag_id: fix_and_clear
is_paused_upon_creation: false
tasks:
  - { task_id: check, type: bash, bash_command: "cat ${dir}/ready", retries: 0 }
  - { task_id: report, type: bash, bash_command: "echo reported", depends_on: [check] }
`;
      expect((await rest.editor('PUT', '/dags/fix_and_clear', source, YAML)).status).toBe(201);
      const triggered = await rest.editor('POST', '/dags/fix_and_clear/dagRuns', { logical_date: '2024-03-01T00:00:00Z' });
      const runPath = `/dags/fix_and_clear/dagRuns/${encodeURIComponent(triggered.body.dag_run_id)}`;
      const run = await rest.database.db.dagRun.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, runId: triggered.body.dag_run_id } });
      const failed = await waitForRun(rest.database.db, run.id, 90_000);
      expect(failed.states, engine.output()).toEqual({ check: 'failed', report: 'upstream_failed' });

      await writeFile(`${dir}/ready`, 'ready-content\n');
      const cleared = await rest.editor('POST', '/dags/fix_and_clear/clearTaskInstances', {
        dag_run_id: triggered.body.dag_run_id, task_ids: ['check'], include_downstream: true, only_failed: true, dry_run: false,
      });
      expect(refs(cleared.body)).toEqual(['2024-03-01/check:failed', '2024-03-01/report:upstream_failed']);

      const rerun = await waitForRun(rest.database.db, run.id, 90_000);
      expect(rerun.states, engine.output()).toEqual({ check: 'success', report: 'success' });
      const after = await rest.viewer('GET', runPath);
      expect([after.body.logical_date, after.body.state, after.body.clear_number]).toEqual(['2024-03-01T00:00:00.000Z', 'success', 1]);
      const check = await rest.viewer('GET', `${runPath}/taskInstances/check`);
      expect([check.body.state, check.body.try_number]).toEqual(['success', 2]);
      const attempts = await rest.database.db.taskAttempt.findMany({ where: { taskInstance: { dagRunId: run.id, taskId: 'check' } }, orderBy: { tryNumber: 'asc' } });
      expect(attempts.map((a) => [a.tryNumber, a.state])).toEqual([[1, 'failed'], [2, 'success']]);
      expect((await rest.viewer('GET', `${runPath}/taskInstances/check/logs/1`)).text).toMatch(/No such file or directory/);
      expect((await rest.viewer('GET', `${runPath}/taskInstances/check/logs/2`)).text).toContain('ready-content');
    });
  });
});
