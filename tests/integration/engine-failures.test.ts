import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBoss } from '../../server/queue/boss';
import { sendJob } from '../../server/queue/boss';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { setTaskInstanceState } from '../../server/services/task-instances/set-task-instance-state';
import { attemptLog, createWorkspace, deployUnpaused as deployUnpausedDag, waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

describe('execution engine under failure', () => {
  let database: TTestDatabase;
  let workspaceId: string;
  let engine: TestEngine;

  beforeAll(async () => {
    database = await createTestDatabase('failures');
    workspaceId = (await createWorkspace(database.db)).id;
  });
  afterEach(async () => {
    await engine?.stop('SIGKILL');
  });
  afterAll(() => database.drop());

  const ctx = () => systemContext(database.db, workspaceId, 'test');
  const deployUnpaused = (source: string) => deployUnpausedDag(database.db, workspaceId, source);
  const instanceOf = (runPk: string, taskId: string) =>
    database.db.taskInstance.findUniqueOrThrow({ where: { dagRunId_taskId: { dagRunId: runPk, taskId } } });

  it('retries a task whose worker was SIGKILLed mid-task (zombie detection), and it succeeds', async () => {
    engine = new TestEngine(database.url);
    engine.startScheduler();
    const doomed = engine.startWorker();
    await deployUnpaused(`
dag_id: survives_kill
tasks:
  - { task_id: work, type: bash, bash_command: "sleep 2; echo finished", retries: 1, retry_delay: 1s }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'survives_kill' });
    await waitFor(async () => (await instanceOf(run.id, 'work')).state === 'running', { what: 'the task to start' });
    doomed.child.kill('SIGKILL');
    engine.startWorker();
    const { states, instances } = await waitForRun(database.db, run.id, 90_000);
    expect(states, engine.output()).toEqual({ work: 'success' });
    const attempts = await database.db.taskAttempt.findMany({ where: { taskInstanceId: instances[0]!.id }, orderBy: { tryNumber: 'asc' } });
    expect(attempts.map((a) => [a.tryNumber, a.state])).toEqual([[1, 'up_for_retry'], [2, 'success']]);
    expect(await attemptLog(database.db, instances[0]!.id, 1)).toMatch(/No heartbeat for more than 3s/);
  });

  it('creates no duplicate run with two schedulers running at once', async () => {
    engine = new TestEngine(database.url);
    engine.startScheduler();
    engine.startScheduler();
    const start = new Date(Date.now() - 30 * 3600_000);
    start.setUTCMinutes(0, 0, 0);
    const deployed = await deployUnpaused(`
dag_id: two_schedulers
schedule: "@hourly"
start_date: "${start.toISOString()}"
catchup: true
tasks:
  - { task_id: noop, type: empty }
`);
    const expected = Math.floor((Date.now() - start.getTime()) / 3600_000);
    await waitFor(async () => (await database.db.dagRun.count({ where: { dagPk: deployed.dag.id } })) >= expected, { what: `${expected} runs` });
    // Both schedulers keep ticking for a while; still exactly one run per interval.
    await waitFor(async () => (await database.db.job.count({ where: { jobType: 'scheduler', state: 'running' } })) >= 2);
    const runs = await database.db.dagRun.findMany({ where: { dagPk: deployed.dag.id }, select: { logicalDate: true } });
    expect(runs).toHaveLength(expected);
    expect(new Set(runs.map((r) => r.logicalDate.getTime())).size).toBe(expected);
  });

  it('runs a task once when its job is delivered twice', async () => {
    engine = new TestEngine(database.url);
    await deployUnpaused(`
dag_id: delivered_twice
tasks:
  - { task_id: once, type: bash, bash_command: "echo ran" }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'delivered_twice' });
    // No scheduler: queue the instance by hand, then deliver its job twice.
    await database.db.dagRun.update({ where: { id: run.id }, data: { state: 'running' } });
    const instance = await instanceOf(run.id, 'once');
    await database.db.taskInstance.update({ where: { id: instance.id }, data: { state: 'queued' } });
    const boss = await startBoss(database.url, { supervise: false });
    await sendJob(boss, 'task.execute', { taskInstanceId: instance.id, tryNumber: 1 });
    await sendJob(boss, 'task.execute', { taskInstanceId: instance.id, tryNumber: 1 });
    await boss.stop({ graceful: false });
    engine.startWorker();
    engine.startWorker();
    await waitFor(async () => (await instanceOf(run.id, 'once')).state === 'success', { what: 'the task to succeed' });
    await waitFor(async () => {
      const rows = await database.db.$queryRaw<{ pending: bigint }[]>`select count(*) as pending from pgboss.job where name = 'task.execute' and state in ('created', 'retry', 'active')`;
      return rows[0]?.pending === 0n;
    }, { what: 'both deliveries to be handled' });
    expect(await database.db.taskAttempt.count({ where: { taskInstanceId: instance.id } })).toBe(1);
    expect((await attemptLog(database.db, instance.id, 1)).match(/^ran$/gm)).toHaveLength(1);
  });

  it('on SIGTERM stops taking work, and fails a task still running after the grace period into the retry path', async () => {
    engine = new TestEngine(database.url);
    engine.startScheduler();
    const worker = engine.startWorker();
    await deployUnpaused(`
dag_id: shutdown
tasks:
  - { task_id: long, type: bash, bash_command: "sleep 60", retries: 1, retry_delay: 1h }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'shutdown' });
    await waitFor(async () => (await instanceOf(run.id, 'long')).state === 'running', { what: 'the task to start' });
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    const instance = await instanceOf(run.id, 'long');
    expect(instance.state).toBe('up_for_retry');
    expect(await attemptLog(database.db, instance.id, 1)).toMatch(/shutting down/);
  });

  it('stops a running task marked success, keeps the mark, and records the attempt as discarded', async () => {
    engine = new TestEngine(database.url);
    engine.startScheduler();
    engine.startWorker();
    await deployUnpaused(`
dag_id: marked_while_running
tasks:
  - { task_id: long, type: bash, bash_command: "sleep 60" }
  - { task_id: after, type: bash, bash_command: "echo after", depends_on: long }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'marked_while_running' });
    await waitFor(async () => (await instanceOf(run.id, 'long')).state === 'running', { what: 'the task to start' });
    await setTaskInstanceState(ctx(), { dagId: 'marked_while_running', runId: run.runId, taskId: 'long', newState: 'success', dryRun: false });
    const { states, instances } = await waitForRun(database.db, run.id);
    expect(states, engine.output().slice(-3000)).toEqual({ after: 'success', long: 'success' });
    const long = instances.find((ti) => ti.taskId === 'long')!;
    const attempt = await waitFor(
      async () => {
        const row = await database.db.taskAttempt.findUniqueOrThrow({ where: { taskInstanceId_tryNumber: { taskInstanceId: long.id, tryNumber: 1 } } });
        return row.endDate ? row : null;
      },
      { what: "the stopped attempt's outcome" },
    );
    expect(attempt.state).toBe('failed');
    expect(attempt.errorMessage).toMatch(/changed while this attempt ran .*its result was discarded/);
    expect(long.tryNumber).toBe(1);
  });

  it('creates no runs for a paused DAG, and the missed ones once it is unpaused (catchup)', async () => {
    engine = new TestEngine(database.url);
    engine.startScheduler();
    engine.startWorker();
    const start = new Date(Date.now() - 5 * 86400_000);
    const day = start.toISOString().slice(0, 10);
    const deployed = await deployDag(ctx(), {
      source: `
dag_id: catching_up
schedule: "@daily"
start_date: ${day}
catchup: true
tasks:
  - { task_id: noop, type: empty }
`,
    });
    await waitFor(async () => (await database.db.job.count({ where: { jobType: 'scheduler', state: 'running' } })) > 0);
    expect(await database.db.dagRun.count({ where: { dagPk: deployed.dag.id } })).toBe(0);
    await database.db.dag.update({ where: { id: deployed.dag.id }, data: { isPaused: false } });
    await waitFor(async () => (await database.db.dagRun.count({ where: { dagPk: deployed.dag.id, state: 'success' } })) === 5, {
      what: '5 successful daily runs',
      timeoutMs: 60_000,
    });
    const runs = await database.db.dagRun.findMany({ where: { dagPk: deployed.dag.id }, orderBy: { logicalDate: 'asc' } });
    expect(runs.map((r) => r.logicalDate.toISOString().slice(0, 10))[0]).toBe(day);
    expect(runs.every((r) => r.runType === 'scheduled')).toBe(true);
  });

  it('caps an attempt\'s log with a clear truncation line', async () => {
    engine = new TestEngine(database.url, { TRIBUTARY_LOG_CAP_BYTES: '4096' });
    engine.startScheduler();
    engine.startWorker();
    await deployUnpaused(`
dag_id: chatty
tasks:
  - { task_id: chatty, type: bash, bash_command: "seq 1 100000" }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'chatty' });
    const { states, instances } = await waitForRun(database.db, run.id);
    expect(states, engine.output()).toEqual({ chatty: 'success' });
    const log = await attemptLog(database.db, instances[0]!.id, 1);
    expect(Buffer.byteLength(log)).toBeLessThan(4096 + 1024);
    expect(log).toMatch(/Log truncated: this attempt's log reached the 4 KiB cap/);
    expect(log).not.toContain('\n100000\n');
    const attempt = await database.db.taskAttempt.findFirstOrThrow({ where: { taskInstanceId: instances[0]!.id } });
    expect(attempt.logTruncated).toBe(true);
  });
});

