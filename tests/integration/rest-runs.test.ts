import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';

const SPEC = `dag_id: pipeline
tasks:
  - { task_id: extract, type: bash, bash_command: "echo extract" }
  - { task_id: transform, type: bash, bash_command: "echo transform", depends_on: [extract] }
  - { task_id: load, type: empty, depends_on: [transform] }
`;
const RUN_1 = 'manual__2024-01-01T00:00:00+00:00';
const RUN_3 = 'manual__2024-01-03T00:00:00+00:00';
const runPath = (runId: string) => `/dags/pipeline/dagRuns/${encodeURIComponent(runId)}`;
const ids = (list: { dag_run_id: string }[]) => list.map((item) => item.dag_run_id);
const taskIds = (list: { task_id: string }[]) => list.map((item) => item.task_id);

describe('REST v1: DAG runs, task instances and logs', () => {
  let rest: TRestFixture;

  beforeAll(async () => {
    rest = await startRestFixture('rest_runs');
    expect((await rest.editor('PUT', '/dags/pipeline', SPEC, { 'content-type': 'application/yaml' })).status).toBe(201);
  });
  afterAll(async () => {
    await rest.close();
  });

  /** Test setup only: puts instances in the states a scenario starts from (no engine runs here). */
  async function setStates(runId: string, states: Record<string, string>) {
    const run = await rest.database.db.dagRun.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, runId } });
    for (const [taskId, state] of Object.entries(states)) {
      await rest.database.db.taskInstance.update({ where: { dagRunId_taskId: { dagRunId: run.id, taskId } }, data: { state } });
    }
    return run;
  }
  async function statesOf(runId: string) {
    const response = await rest.viewer('GET', `${runPath(runId)}/taskInstances`);
    return Object.fromEntries(response.body.task_instances.map((ti: { task_id: string; state: string | null }) => [ti.task_id, ti.state]));
  }

  it('triggers runs: 200 with Airflow run JSON, 409 for a second run of one logical date', async () => {
    const first = await rest.editor('POST', '/dags/pipeline/dagRuns', { logical_date: '2024-01-01T00:00:00Z', conf: { region: 'eu' } });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({
      dag_run_id: RUN_1, dag_id: 'pipeline', logical_date: '2024-01-01T00:00:00.000Z', run_type: 'manual', state: 'queued',
      conf: { region: 'eu' }, external_trigger: true, dag_version: 1, clear_number: 0, backfill_id: null, start_date: null,
    });
    expect(typeof first.body.queued_at).toBe('string');
    const duplicate = await rest.editor('POST', '/dags/pipeline/dagRuns', { logical_date: '2024-01-01T00:00:00Z' });
    expect(duplicate.status).toBe(409);
    expect((await rest.editor('POST', '/dags/pipeline/dagRuns', { logical_date: '2024-01-02T00:00:00Z', dag_run_id: 'my_run' })).body.dag_run_id).toBe('my_run');
    expect((await rest.editor('POST', '/dags/pipeline/dagRuns', { logical_date: '2024-01-03T00:00:00Z' })).status).toBe(200);
    expect((await rest.editor('POST', '/dags/pipeline/dagRuns', { logical_date: 'yesterday' })).body.errors[0].path).toBe('logical_date');
    const audit = await rest.database.db.auditLog.count({ where: { workspaceId: rest.workspaceId, action: 'dag_run.trigger' } });
    expect(audit).toBe(3);
  });

  it('triggers a run for now twice in a row: two runs, each run id with its fraction of a second as Airflow writes it', async () => {
    expect((await rest.editor('PUT', '/dags/now_pipeline', SPEC.replace('dag_id: pipeline', 'dag_id: now_pipeline'), { 'content-type': 'application/yaml' })).status).toBe(201);
    const [now1, now2] = [await rest.editor('POST', '/dags/now_pipeline/dagRuns', {}), await rest.editor('POST', '/dags/now_pipeline/dagRuns', {})];
    expect([now1.status, now2.status]).toEqual([200, 200]);
    expect(now1.body.dag_run_id).not.toBe(now2.body.dag_run_id);
    for (const run of [now1.body, now2.body]) {
      expect(run.dag_run_id).toMatch(/^manual__\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/);
      expect(run.dag_run_id).toBe(`manual__${String(run.logical_date).replace(/(\.\d{3})Z$/, '$1000+00:00').replace('.000000+', '+')}`);
    }
  });

  it('lists runs in pages, ordered and filtered by state and logical date', async () => {
    const all = await rest.viewer('GET', '/dags/pipeline/dagRuns');
    expect([all.body.total_entries, ids(all.body.dag_runs)]).toEqual([3, [RUN_3, 'my_run', RUN_1]]);
    expect(ids((await rest.viewer('GET', '/dags/pipeline/dagRuns?order_by=logical_date')).body.dag_runs)).toEqual([RUN_1, 'my_run', RUN_3]);
    const page = await rest.viewer('GET', '/dags/pipeline/dagRuns?limit=1&offset=1');
    expect([page.body.total_entries, ids(page.body.dag_runs)]).toEqual([3, ['my_run']]);
    const range = await rest.viewer('GET', `/dags/pipeline/dagRuns?logical_date_gte=${encodeURIComponent('2024-01-02T00:00:00Z')}&logical_date_lte=2024-01-02T23:00:00Z`);
    expect(ids(range.body.dag_runs)).toEqual(['my_run']);
    const run1 = await rest.database.db.dagRun.findFirstOrThrow({ where: { runId: RUN_1 } });
    await rest.database.db.dagRun.update({ where: { id: run1.id }, data: { state: 'running', startDate: new Date('2024-06-01T00:00:00Z') } });
    const run3 = await rest.database.db.dagRun.findFirstOrThrow({ where: { runId: RUN_3 } });
    await rest.database.db.dagRun.update({ where: { id: run3.id }, data: { state: 'running', startDate: new Date('2024-05-01T00:00:00Z') } });
    expect(ids((await rest.viewer('GET', '/dags/pipeline/dagRuns?state=running')).body.dag_runs)).toEqual([RUN_3, RUN_1]);
    expect((await rest.viewer('GET', '/dags/pipeline/dagRuns?state=running&state=queued')).body.total_entries).toBe(3);
    expect(ids((await rest.viewer('GET', '/dags/pipeline/dagRuns?order_by=-start_date')).body.dag_runs)).toEqual([RUN_1, RUN_3, 'my_run']);
    expect(ids((await rest.viewer('GET', '/dags/pipeline/dagRuns?order_by=start_date')).body.dag_runs)).toEqual([RUN_3, RUN_1, 'my_run']);
    expect((await rest.viewer('GET', '/dags/pipeline/dagRuns?state=exploded')).status).toBe(400);
    expect((await rest.viewer('GET', '/dags/pipeline/dagRuns?order_by=dag_id')).status).toBe(400);
  });

  it('shows one run, and lists and shows its task instances in Airflow shape', async () => {
    const run = await rest.viewer('GET', runPath(RUN_1));
    expect([run.status, run.body.dag_run_id, run.body.state]).toEqual([200, RUN_1, 'running']);
    const list = await rest.viewer('GET', `${runPath(RUN_1)}/taskInstances`);
    expect(list.body.total_entries).toBe(3);
    expect(taskIds(list.body.task_instances)).toEqual(['extract', 'load', 'transform']);
    expect(list.body.task_instances[0]).toMatchObject({
      task_id: 'extract', dag_id: 'pipeline', dag_run_id: RUN_1, logical_date: '2024-01-01T00:00:00.000Z', state: null,
      try_number: 0, max_tries: 1, start_date: null, pool: 'default_pool', pool_slots: 1, operator: 'bash', note: null,
    });
    const paged = await rest.viewer('GET', `${runPath(RUN_1)}/taskInstances?limit=2&offset=2`);
    expect([paged.body.total_entries, taskIds(paged.body.task_instances)]).toEqual([3, ['transform']]);
    const one = await rest.viewer('GET', `${runPath(RUN_1)}/taskInstances/load`);
    expect([one.body.task_id, one.body.operator]).toEqual(['load', 'empty']);
    expect((await rest.viewer('GET', `${runPath(RUN_1)}/taskInstances/nope`)).status).toBe(404);
    expect((await rest.viewer('GET', runPath('no_such_run'))).status).toBe(404);
  });

  it('marks a run success: every unfinished instance succeeds; audited', async () => {
    await setStates(RUN_1, { extract: 'success', transform: 'running' });
    const marked = await rest.editor('PATCH', runPath(RUN_1), { state: 'success' });
    expect([marked.status, marked.body.state, typeof marked.body.end_date]).toEqual([200, 'success', 'string']);
    expect(await statesOf(RUN_1)).toEqual({ extract: 'success', transform: 'success', load: 'success' });
    const audit = await rest.database.db.auditLog.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, action: 'dag_run.set_state' } });
    expect([audit.targetId, audit.details]).toEqual([`pipeline/${RUN_1}`, { from: 'running', to: 'success', task_instances: 2 }]);
  });

  it('marks a run failed: scheduled/queued/running instances fail, other unfinished ones are skipped', async () => {
    await setStates('my_run', { extract: 'queued', transform: 'up_for_retry' });
    const marked = await rest.editor('PATCH', runPath('my_run'), { state: 'failed' });
    expect(marked.body.state).toBe('failed');
    expect(await statesOf('my_run')).toEqual({ extract: 'failed', transform: 'skipped', load: 'skipped' });
    expect((await rest.editor('PATCH', runPath('my_run'), { state: 'running' })).status).toBe(400);
  });

  it('clears a whole run with state queued: every instance back to no state, the run queued again', async () => {
    const cleared = await rest.editor('PATCH', runPath(RUN_1), { state: 'queued' });
    expect([cleared.body.state, cleared.body.clear_number, cleared.body.end_date]).toEqual(['queued', 1, null]);
    expect(await statesOf(RUN_1)).toEqual({ extract: null, transform: null, load: null });
  });

  it('marks a task instance success (dry run first), clearing failed instances downstream as Airflow does', async () => {
    await setStates('my_run', { transform: 'upstream_failed', load: 'upstream_failed' });
    const path = `${runPath('my_run')}/taskInstances/extract`;
    const dry = await rest.editor('PATCH', path, { new_state: 'success', dry_run: true });
    expect([dry.status, dry.body.total_entries, dry.body.task_instances[0].state]).toEqual([200, 1, 'success']);
    expect((await statesOf('my_run')).extract).toBe('failed');
    const marked = await rest.editor('PATCH', path, { new_state: 'success' });
    expect(marked.body.task_instances.map((ti: { task_id: string; state: string }) => [ti.task_id, ti.state])).toEqual([['extract', 'success']]);
    expect(await statesOf('my_run')).toEqual({ extract: 'success', transform: null, load: null });
    expect((await rest.viewer('GET', runPath('my_run'))).body.state).toBe('queued');
    expect((await rest.editor('PATCH', path, { new_state: 'success' })).body.task_instances).toEqual([]);
    const audit = await rest.database.db.auditLog.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, action: 'task_instance.set_state' } });
    expect(audit.details).toEqual({ from: 'failed', to: 'success', downstream_cleared: 2 });
    expect((await rest.editor('PATCH', path, { new_state: 'running' })).status).toBe(400);
  });

  it('answers 404 for runs of another workspace and 403 for a viewer on each mutation', async () => {
    for (const path of [runPath(RUN_1), '/dags/pipeline/dagRuns', `${runPath(RUN_1)}/taskInstances`, `${runPath(RUN_1)}/taskInstances/extract`]) {
      expect((await rest.stranger('GET', path)).status, path).toBe(404);
    }
    expect((await rest.stranger('PATCH', runPath(RUN_1), { state: 'failed' })).status).toBe(404);
    expect((await rest.stranger('POST', '/dags/pipeline/dagRuns', {})).status).toBe(404);
    expect((await rest.stranger('PATCH', `${runPath(RUN_1)}/taskInstances/extract`, { new_state: 'failed' })).status).toBe(404);
    expect((await rest.viewer('POST', '/dags/pipeline/dagRuns', {})).status).toBe(403);
    expect((await rest.viewer('PATCH', runPath(RUN_1), { state: 'failed' })).status).toBe(403);
    expect((await rest.viewer('PATCH', `${runPath(RUN_1)}/taskInstances/extract`, { new_state: 'failed' })).status).toBe(403);
    expect((await rest.viewer('GET', runPath(RUN_1))).body.state).toBe('queued');
  });

  describe('logs', () => {
    let full = '';
    const logPath = (tryNumber: number) => `${runPath(RUN_3)}/taskInstances/extract/logs/${tryNumber}`;

    beforeAll(async () => {
      const run = await rest.database.db.dagRun.findFirstOrThrow({ where: { runId: RUN_3 } });
      const instance = await rest.database.db.taskInstance.findUniqueOrThrow({ where: { dagRunId_taskId: { dagRunId: run.id, taskId: 'extract' } } });
      const finished = await rest.database.db.taskAttempt.create({ data: { workspaceId: rest.workspaceId, taskInstanceId: instance.id, tryNumber: 1, state: 'success', endDate: new Date() } });
      // 100,000 lines in 50 chunks of 2,000, as the log writer stores them: about 6 MB.
      const chunks = Array.from({ length: 50 }, (_, c) =>
        Array.from({ length: 2000 }, (_, l) => `line ${String(c * 2000 + l + 1).padStart(6, '0')}: some output from the extract step\n`).join(''),
      );
      full = chunks.join('');
      await rest.database.db.logChunk.createMany({ data: chunks.map((content, seq) => ({ workspaceId: rest.workspaceId, attemptId: finished.id, seq, stream: 'stdout', content })) });
      const running = await rest.database.db.taskAttempt.create({ data: { workspaceId: rest.workspaceId, taskInstanceId: instance.id, tryNumber: 2, state: 'running' } });
      await rest.database.db.logChunk.create({ data: { workspaceId: rest.workspaceId, attemptId: running.id, seq: 0, stream: 'stdout', content: 'still going\n' } });
    });

    it('serves a long log as text/plain in pages of at most 1 MiB, continued by token', async () => {
      const first = await rest.viewer('GET', logPath(1));
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toContain('text/plain');
      expect(first.text.startsWith('line 000001: ')).toBe(true);
      expect(Buffer.byteLength(first.text)).toBeLessThanOrEqual(1024 * 1024);
      const token = first.headers.get('x-continuation-token');
      expect(token).toBeTruthy();
      const second = await rest.viewer('GET', `${logPath(1)}?token=${token}`);
      expect(full.startsWith(first.text + second.text)).toBe(true);
    });

    it('pages through the whole log as JSON until the token is null; full_content returns everything', async () => {
      const pages: string[] = [];
      let token: string | null = null;
      do {
        const response = await rest.viewer('GET', `${logPath(1)}${token ? `?token=${token}` : ''}`, undefined, { accept: 'application/json' });
        expect(Buffer.byteLength(response.body.content)).toBeLessThanOrEqual(1024 * 1024);
        pages.push(response.body.content);
        token = response.body.continuation_token;
      } while (token !== null && pages.length < 100);
      // About 5 MB: at least five pages, none over 1 MiB.
      expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(Buffer.byteLength(full) / (1024 * 1024)));
      expect(pages.join('')).toBe(full);
      expect(pages.join('').split('\n')).toHaveLength(100_001);
      const whole = await rest.viewer('GET', `${logPath(1)}?full_content=true`, undefined, { accept: 'application/json' });
      expect([whole.body.content === full, whole.body.continuation_token]).toEqual([true, null]);
    });

    it('keeps a token for a running attempt so a reader can poll for more', async () => {
      const live = await rest.viewer('GET', logPath(2), undefined, { accept: 'application/json' });
      expect(live.body.content).toBe('still going\n');
      expect(live.body.continuation_token).toBeTruthy();
      const next = await rest.viewer('GET', `${logPath(2)}?token=${live.body.continuation_token}`, undefined, { accept: 'application/json' });
      expect([next.body.content, next.body.continuation_token]).toEqual(['', live.body.continuation_token]);
    });

    it('answers 404 for an unknown try or another workspace, 400 for a forged token', async () => {
      expect((await rest.viewer('GET', logPath(3))).status).toBe(404);
      expect((await rest.stranger('GET', logPath(1))).status).toBe(404);
      expect((await rest.viewer('GET', `${logPath(1)}?token=not-ours`)).status).toBe(400);
      expect((await rest.viewer('GET', logPath(0))).status).toBe(400);
    });
  });
});
