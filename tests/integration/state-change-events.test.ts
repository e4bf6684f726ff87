import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/services/context';
import { setDagRunState } from '../../server/services/runs/set-dag-run-state';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { clearTaskInstances } from '../../server/services/task-instances/clear-task-instances';
import { setTaskInstanceState } from '../../server/services/task-instances/set-task-instance-state';
import { createWorkspace, deployUnpaused as deployUnpausedDag, waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

/** The event stream every state writer records into, read as (task or run, from → to, reason, actor). */
describe('state-change events', () => {
  let database: TTestDatabase;
  let workspaceId: string;
  let engine: TestEngine;

  beforeAll(async () => {
    database = await createTestDatabase('state_events');
    workspaceId = (await createWorkspace(database.db)).id;
  });
  afterEach(async () => {
    await engine?.stop('SIGKILL');
  });
  afterAll(() => database.drop());

  const ctx = () => systemContext(database.db, workspaceId, 'alice@example.com');
  const eventsOf = async (runPk: string) => {
    const rows = await database.db.$queryRaw<{ taskId: string | null; tryNumber: number | null; fromState: string; toState: string; reason: string; actor: string | null }[]>`
      select ti."taskId", e."tryNumber", e."fromState", e."toState", e.reason, e.actor
      from state_change_event e left join task_instance ti on ti.id = e."taskInstanceId"
      where e."dagRunId" = ${runPk} order by e.id`;
    return rows.map((row) => `${row.taskId ?? 'run'}${row.tryNumber ? `#${row.tryNumber}` : ''} ${row.fromState}→${row.toState} ${row.reason}${row.actor ? ` by ${row.actor}` : ''}`);
  };

  it('records what the engine decides: ends of tries, retries, upstream failures, run start and end — and not its bookkeeping moves', async () => {
    engine = new TestEngine(database.url);
    engine.startScheduler();
    engine.startWorker();
    await deployUnpausedDag(database.db, workspaceId, `
dag_id: events_engine
tasks:
  - { task_id: ok, type: bash, bash_command: "echo fine" }
  - { task_id: flaky, type: bash, bash_command: "exit 3", retries: 1, retry_delay: 1s, depends_on: ok }
  - { task_id: after, type: empty, depends_on: flaky }
  - { task_id: slow, type: bash, bash_command: "sleep 30", execution_timeout: 1s }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'events_engine' });
    const { states } = await waitForRun(database.db, run.id, 90_000);
    expect(states, engine.output()).toEqual({ ok: 'success', flaky: 'failed', after: 'upstream_failed', slow: 'failed' });
    const events = await eventsOf(run.id);
    expect(events.filter((line) => line.startsWith('run'))).toEqual(['run queued→running run_started', 'run running→failed run_failed']);
    expect(events).toEqual(expect.arrayContaining([
      'ok#1 running→success task_succeeded',
      'flaky#1 running→up_for_retry task_retry',
      'flaky#2 running→failed task_failed',
      'after none→upstream_failed upstream_failed',
      'slow#1 running→failed timeout',
    ]));
    expect(events).toHaveLength(7);
  });

  it('records marks and clears with who did them, in the same transaction as the change', async () => {
    await deployUnpausedDag(database.db, workspaceId, `
dag_id: events_marks
tasks:
  - { task_id: a, type: empty }
  - { task_id: b, type: empty, depends_on: a }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'events_marks' });
    await setTaskInstanceState(ctx(), { dagId: 'events_marks', runId: run.runId, taskId: 'a', newState: 'failed', dryRun: false });
    await setDagRunState(ctx(), { dagId: 'events_marks', runId: run.runId, state: 'success' });
    await clearTaskInstances(ctx(), {
      dagId: 'events_marks', dagRunId: run.runId, taskIds: ['a'], dryRun: false, resetDagRuns: true, useLatestVersion: false,
      onlyFailed: false, onlyRunning: false, includeUpstream: false, includeDownstream: false,
    });
    expect(await eventsOf(run.id)).toEqual([
      'a none→failed marked by alice@example.com',
      'run queued→success marked by alice@example.com',
      'b none→success marked by alice@example.com',
      'a failed→none cleared by alice@example.com',
      'run success→queued cleared by alice@example.com',
    ]);
  });

  it('leaves no event behind when the change rolls back', async () => {
    await deployUnpausedDag(database.db, workspaceId, `
dag_id: events_rollback
tasks:
  - { task_id: a, type: empty }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'events_rollback' });
    const instance = await database.db.taskInstance.findUniqueOrThrow({ where: { dagRunId_taskId: { dagRunId: run.id, taskId: 'a' } } });
    const { transitionTaskInstances } = await import('../../server/services/task-instances/transition-task-instances');
    await expect(database.db.$transaction(async (tx) => {
      await transitionTaskInstances(tx, { ids: [instance.id], from: ['none'], to: 'failed', event: { reason: 'marked', actor: 'x' } });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await eventsOf(run.id)).toEqual([]);
  });
});
