import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { createWorkspace, deployUnpaused, waitForRun } from '../support/dag-runs';
import { stopProcess, TestEngine, type TEngineProcess } from '../support/engine';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

describe('a worker runs the downstream tasks it queues while it has free slots', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let scheduler: TEngineProcess;
  let workspaceId: string;

  beforeAll(async () => {
    database = await createTestDatabase('dispatch');
    workspaceId = (await createWorkspace(database.db, 'dispatch')).id;
    engine = new TestEngine(database.url);
    scheduler = engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine.stop();
    await database.drop();
  });

  it('claims them in the scheduling transaction: no job is sent, and no scheduler is needed', async () => {
    await deployUnpaused(database.db, workspaceId, `dag_id: chain
tasks:
  - { task_id: a, type: bash, bash_command: "sleep 1" }
  - { task_id: b, type: bash, bash_command: "echo b", depends_on: a }
  - { task_id: c, type: empty, depends_on: b }
  - { task_id: d, type: empty, depends_on: b }
`);
    const run = await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId: 'chain' });
    await waitFor(async () => (await database.db.taskInstance.findFirst({ where: { dagRunId: run.id, taskId: 'a', state: 'running' } })) !== null, {
      what: 'a to run',
    });
    // From here on only the worker's fast path can move the run.
    await stopProcess(scheduler);
    const { states, instances } = await waitForRun(database.db, run.id);
    expect(states, engine.output().slice(-3000)).toEqual({ a: 'success', b: 'success', c: 'success', d: 'success' });
    const jobs = await database.db.$queryRaw<{ taskInstanceId: string }[]>`
      select data->>'taskInstanceId' as "taskInstanceId" from pgboss.job where name = 'task.execute'`;
    const taskOf = new Map(instances.map((ti) => [ti.id, ti.taskId]));
    expect(jobs.map((job) => taskOf.get(job.taskInstanceId))).toEqual(['a']);
    expect(instances.every((ti) => ti.tryNumber === 1)).toBe(true);
  }, 60_000);
});
