import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { createWorkspace, deployUnpaused as deployUnpausedDag, waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

/** Samples `count()` until `done()`; returns the largest value seen. */
async function maxWhile(count: () => Promise<number>, done: () => Promise<boolean>): Promise<number> {
  let max = 0;
  while (!(await done())) {
    max = Math.max(max, await count());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return max;
}

describe('execution engine limits: pools, max_active_runs, dagrun_timeout, depends_on_past', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let workspaceId: string;

  beforeAll(async () => {
    database = await createTestDatabase('limits');
    workspaceId = (await createWorkspace(database.db, 'limits')).id;
    await database.db.pool.create({ data: { workspaceId, name: 'one_at_a_time', slots: 1 } });
    engine = new TestEngine(database.url);
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine.stop();
    await database.drop();
  });

  const ctx = () => systemContext(database.db, workspaceId, 'test');
  const deployUnpaused = (source: string) => deployUnpausedDag(database.db, workspaceId, source);

  it('never runs more task instances in a pool than its slots', async () => {
    await deployUnpaused(`
dag_id: pooled
default_args: { pool: one_at_a_time }
tasks:
  - { task_id: a, type: bash, bash_command: "sleep 0.5" }
  - { task_id: b, type: bash, bash_command: "sleep 0.5" }
  - { task_id: c, type: bash, bash_command: "sleep 0.5" }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'pooled' });
    const isDone = async () => ['success', 'failed'].includes((await database.db.dagRun.findUniqueOrThrow({ where: { id: run.id } })).state);
    const busiest = await maxWhile(() => database.db.taskInstance.count({ where: { dagRunId: run.id, state: { in: ['queued', 'running'] } } }), isDone);
    expect(busiest).toBe(1);
    expect((await waitForRun(database.db, run.id)).states).toEqual({ a: 'success', b: 'success', c: 'success' });
  });

  it('keeps at most max_active_runs runs of a DAG running during catchup', async () => {
    const start = new Date(Date.now() - 12 * 3600_000);
    start.setUTCMinutes(0, 0, 0);
    const deployed = await deployUnpaused(`
dag_id: limited_runs
schedule: "@hourly"
start_date: "${start.toISOString()}"
catchup: true
max_active_runs: 2
tasks:
  - { task_id: work, type: bash, bash_command: "sleep 0.3" }
`);
    const total = Math.floor((Date.now() - start.getTime()) / 3600_000);
    const done = async () => (await database.db.dagRun.count({ where: { dagPk: deployed.dag.id, state: 'success' } })) >= total;
    const busiest = await maxWhile(() => database.db.dagRun.count({ where: { dagPk: deployed.dag.id, state: 'running' } }), done);
    expect(busiest).toBe(2);
  });

  it('fails a run past its dagrun_timeout and stops its running task', async () => {
    const started = Date.now();
    await deployUnpaused(`
dag_id: timed_out
dagrun_timeout: 2s
tasks:
  - { task_id: slow, type: bash, bash_command: "sleep 60" }
  - { task_id: after, type: empty, depends_on: slow }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'timed_out' });
    const { run: finished, states } = await waitForRun(database.db, run.id, 60_000);
    expect(finished.state).toBe('failed');
    expect(states).toEqual({ slow: 'failed', after: 'skipped' });
    expect(Date.now() - started).toBeLessThan(30_000);
    // The worker saw the change at its next heartbeat and killed the process.
    await waitFor(async () => (await database.db.taskAttempt.findFirst({ where: { taskInstance: { dagRunId: run.id, taskId: 'slow' } } }))?.endDate, {
      what: 'the attempt to end',
    });
  });

  it('with depends_on_past, waits for the previous run of the task to succeed', async () => {
    await deployUnpaused(`
dag_id: ordered
default_args: { depends_on_past: true }
tasks:
  - { task_id: step, type: bash, bash_command: "exit {{ params.code }}" }
params: { code: 0 }
`);
    const first = await triggerDagRun(ctx(), { dagId: 'ordered', logicalDate: new Date('2025-01-01T00:00:00Z'), conf: { code: 1 } });
    expect((await waitForRun(database.db, first.id)).states).toEqual({ step: 'failed' });
    const second = await triggerDagRun(ctx(), { dagId: 'ordered', logicalDate: new Date('2025-01-02T00:00:00Z') });
    await waitFor(async () => (await database.db.dagRun.findUniqueOrThrow({ where: { id: second.id } })).state === 'running', { what: 'the second run to start' });
    // Several scheduler ticks later, the second run's task has still not been scheduled.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const waiting = await database.db.taskInstance.findFirstOrThrow({ where: { dagRunId: second.id } });
    expect(waiting.state).toBe('none');
  });
});
