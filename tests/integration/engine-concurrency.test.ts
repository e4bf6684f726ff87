import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { clearTaskInstances } from '../../server/services/task-instances/clear-task-instances';
import { createWorkspace, deployUnpaused as deployUnpausedDag, waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const CLEAR = { onlyFailed: false, onlyRunning: false, includeUpstream: false, includeDownstream: false, dryRun: false, resetDagRuns: true, useLatestVersion: false };

describe('engine under concurrent writers: lock order, and the retries a clear gives back', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let workspaceId: string;
  const ctx = () => systemContext(database.db, workspaceId, 'test');

  beforeAll(async () => {
    database = await createTestDatabase('concurrency');
    workspaceId = (await createWorkspace(database.db, 'concurrency')).id;
    await database.db.workspace.update({ where: { id: workspaceId }, data: { maxRunningTasks: 10_000 } });
    await database.db.pool.updateMany({ where: { workspaceId }, data: { slots: 10_000 } });
    // Production's zombie threshold: hundreds of sandboxed tasks on a 2-core machine can delay a
    // heartbeat past the 3 s the other engine tests use, and this test is about lock order.
    engine = new TestEngine(database.url, { TRIBUTARY_WORKER_CONCURRENCY: '32', TRIBUTARY_ZOMBIE_THRESHOLD: '60' });
    engine.startScheduler();
    for (let i = 0; i < 4; i++) engine.startWorker();
  });
  afterAll(async () => {
    await engine.stop();
    await database.drop();
  });

  /** Deadlocks PostgreSQL detected in this test's database so far. */
  async function deadlocks(): Promise<number> {
    const [row] = await database.db.$queryRaw<{ deadlocks: bigint }[]>`select deadlocks from pg_stat_database where datname = current_database()`;
    return Number(row?.deadlocks ?? 0);
  }

  const deployUnpaused = (source: string) => deployUnpausedDag(database.db, workspaceId, source);

  it('gives a cleared task whose tries were used up its retries again, as Airflow does', async () => {
    await deployUnpaused(`
dag_id: always_fails
tasks:
  - { task_id: flaky, type: bash, bash_command: "exit 1", retries: 2, retry_delay: 0 }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'always_fails' });
    const first = await waitForRun(database.db, run.id);
    expect(first.instances.map((i) => [i.state, i.tryNumber, i.maxTries])).toEqual([['failed', 3, 3]]);

    await clearTaskInstances(ctx(), { ...CLEAR, dagId: 'always_fails', dagRunId: run.runId, taskIds: ['flaky'] });
    const second = await waitForRun(database.db, run.id);
    // Three more tries (4, 5, 6), not one.
    expect(second.instances.map((i) => [i.state, i.tryNumber, i.maxTries])).toEqual([['failed', 6, 6]]);
    const attempts = await database.db.taskAttempt.findMany({ where: { taskInstanceId: second.instances[0]!.id }, orderBy: { tryNumber: 'asc' } });
    expect(attempts.map((a) => [a.tryNumber, a.state])).toEqual([
      [1, 'up_for_retry'], [2, 'up_for_retry'], [3, 'failed'], [4, 'up_for_retry'], [5, 'up_for_retry'], [6, 'failed'],
    ]);
  });

  it('schedules and records 200 tasks whose 20 upstreams end together on 4 workers, 20 runs at once, without a deadlock', async () => {
    // Each upstream's end makes its worker's fast path plan the same 200 downstream instances,
    // while the other workers' group commits, claims and heartbeats touch them too.
    const ups = Array.from({ length: 20 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    const mids = Array.from({ length: 200 }, (_, i) => `t${String(i).padStart(3, '0')}`);
    await deployUnpaused(
      [
        'dag_id: wide',
        'max_active_tasks: 1000',
        'max_active_runs: 20',
        'tasks:',
        ...ups.map((id) => `  - { task_id: ${id}, type: bash, bash_command: "true" }`),
        ...mids.map((id) => `  - { task_id: ${id}, type: empty, depends_on: [${ups.join(', ')}] }`),
        `  - { task_id: end, type: empty, depends_on: [${mids.join(', ')}] }`,
        '',
      ].join('\n'),
    );
    const before = await deadlocks();
    const runs = [];
    for (let i = 0; i < 20; i++) runs.push(await triggerDagRun(ctx(), { dagId: 'wide', logicalDate: new Date(Date.UTC(2025, 0, 1 + i)) }));
    for (const run of runs) {
      const finished = await waitForRun(database.db, run.id, 600_000);
      const failed = finished.instances.filter((instance) => instance.state !== 'success').map((instance) => instance.id);
      const reasons = await database.db.taskAttempt.findMany({ where: { taskInstanceId: { in: failed } }, select: { tryNumber: true, errorMessage: true }, take: 3 });
      expect(finished.run.state, `${JSON.stringify(reasons)}\n${engine.output().split('\n').filter((line) => /warn|error|"level":(40|50)/i.test(line)).slice(0, 5).join('\n')}`).toBe('success');
      expect(new Set(Object.values(finished.states))).toEqual(new Set(['success']));
      // Each task ran once: no outcome was lost to zombie detection and retried.
      expect(finished.instances.filter((instance) => instance.tryNumber !== 1).map((instance) => instance.taskId)).toEqual([]);
    }
    expect(await deadlocks()).toBe(before);
    expect(engine.output()).not.toMatch(/deadlock|could not record an outcome/i);
  });
});
