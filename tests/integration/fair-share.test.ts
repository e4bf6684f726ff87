import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../../cli/testing/run-cli';
import type { PrismaClient } from '../../server/db/client';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, createWorkspace, waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

const IN_FLIGHT = ['queued', 'running'];

async function deployAndTrigger(db: PrismaClient, workspaceId: string, source: string, logicalDate?: Date) {
  const ctx = systemContext(db, workspaceId, 'test');
  const deployed = await deployDag(ctx, { source });
  await db.dag.update({ where: { id: deployed.dag.id }, data: { isPaused: false } });
  return triggerDagRun(ctx, { dagId: deployed.spec.dag_id, logicalDate });
}

/** Samples a count every 50 ms in the background until stopped; `max` is the largest value seen. */
function sampleMax(count: () => Promise<number>) {
  let max = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      max = Math.max(max, await count());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return max;
    },
  };
}

describe('fair share: another workspace starts at once while one has thousands of tasks waiting', () => {
  const concurrency = 4;
  let database: TTestDatabase;
  let engine: TestEngine;
  let alpha: string;
  let beta: string;

  beforeAll(async () => {
    database = await createTestDatabase('fair_share');
    alpha = (await createWorkspace(database.db, 'alpha')).id;
    beta = (await createWorkspace(database.db, 'beta')).id;
    // Fewer worker slots than alpha's quota (32, the default), so alpha's queued jobs wait in
    // pg-boss ahead of beta's: what a job's place in that queue is worth shows.
    engine = new TestEngine(database.url, { TRIBUTARY_WORKER_CONCURRENCY: String(concurrency) });
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  it("starts beta's task before alpha's 2,000 drain, and alpha never has more than its quota in flight", async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `t${i + 1}`);
    const backfill = {
      dag_id: 'year_long',
      max_active_tasks: 5000,
      flow: [`start >> [${ids.join(', ')}]`],
      tasks: [{ task_id: 'start', type: 'empty' }, ...ids.map((task_id) => ({ task_id, type: 'bash', bash_command: 'sleep 0.2' }))],
    };
    const alphaInFlight = () => database.db.taskInstance.count({ where: { workspaceId: alpha, state: { in: IN_FLIGHT } } });
    const sampler = sampleMax(alphaInFlight);
    let busiest: number;
    try {
      await deployAndTrigger(database.db, alpha, JSON.stringify(backfill));
      await waitFor(async () => (await database.db.taskInstance.count({ where: { workspaceId: alpha, taskId: { not: 'start' }, state: 'success' } })) >= 2 * concurrency, {
        what: "alpha's first tasks to finish",
        timeoutMs: 60_000,
      });
      const hourly = await deployAndTrigger(database.db, beta, 'dag_id: hourly\ntasks:\n  - { task_id: load, type: bash, bash_command: "echo loaded" }\n');

      const started = await waitFor(
        async () => {
          const instance = await database.db.taskInstance.findFirstOrThrow({ where: { dagRunId: hourly.id } });
          return instance.startDate && instance.queuedAt ? { startDate: instance.startDate, queuedAt: instance.queuedAt } : null;
        },
        { what: "beta's task to start", timeoutMs: 60_000 },
      );
      const alphaNotStarted = await database.db.taskInstance.count({ where: { workspaceId: alpha, state: { in: ['none', 'scheduled', 'queued'] } } });
      expect(alphaNotStarted).toBeGreaterThan(1000);
      // Beta's job went ahead of alpha's queued ones: at most the batch a worker had already
      // fetched started in between (by FIFO alone, all of alpha's ~28 queued jobs would have).
      const alphaStartedMeanwhile = await database.db.taskInstance.count({
        where: { workspaceId: alpha, startDate: { gt: started.queuedAt, lt: started.startDate } },
      });
      expect(alphaStartedMeanwhile).toBeLessThanOrEqual(2 * concurrency);
      expect((await waitForRun(database.db, hourly.id)).states).toEqual({ load: 'success' });
    } finally {
      busiest = await sampler.stop();
    }
    // The quota is what held alpha back: it was reached and never exceeded.
    expect(busiest).toBe(32);
  });
});

describe('workspace quotas set by an operator: running tasks and daily log bytes', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let gamma: string;
  let delta: string;
  let admin: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('quotas');
    gamma = (await createWorkspace(database.db, 'gamma')).id;
    // Its own workspace: the other tests' logs count against gamma's day.
    delta = (await createWorkspace(database.db, 'delta')).id;
    admin = { DATABASE_URL: database.url };
    // No scheduler tick during a test (a trigger still wakes it): whatever is queued after the
    // first tick was queued by the worker's fast path when a task ended.
    engine = new TestEngine(database.url, { TRIBUTARY_SCHEDULER_INTERVAL_MS: '600000', TRIBUTARY_WORKER_CONCURRENCY: '8' });
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
  });

  it('set-quota --running-tasks 3: never more than 3 in flight, and the waiting ones are queued as soon as one ends', async () => {
    const set = await runCli(['admin', 'set-quota', 'gamma', '--running-tasks', '3', '--json'], admin);
    expect(set.code, set.stderr).toBe(0);
    expect(parseJson(set)).toMatchObject({ workspace: 'gamma', running_tasks: 3, log_bytes_per_day: 1024 ** 3 });
    const tasks = Array.from({ length: 9 }, (_, i) => `  - { task_id: w${i}, type: bash, bash_command: "sleep 0.3" }`);
    const sampler = sampleMax(() => database.db.taskInstance.count({ where: { workspaceId: gamma, state: { in: IN_FLIGHT } } }));
    let busiest: number;
    try {
      const run = await deployAndTrigger(database.db, gamma, `dag_id: nine\nmax_active_tasks: 16\ntasks:\n${tasks.join('\n')}\n`);
      const { run: finished } = await waitForRun(database.db, run.id, 45_000);
      expect(finished.state).toBe('success');
    } finally {
      busiest = await sampler.stop();
    }
    expect(busiest).toBe(3);
  });

  it('refuses a quota below 1, naming the option', async () => {
    const refused = await runCli(['admin', 'set-quota', 'gamma', '--running-tasks', '0'], admin);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--running-tasks');
    expect((await database.db.workspace.findUniqueOrThrow({ where: { id: gamma } })).maxRunningTasks).toBe(3);
  });

  it('set-quota --log-per-day: output past the day\'s budget is cut with one line, and the next attempt stores only that line', async () => {
    const set = await runCli(['admin', 'set-quota', 'delta', '--log-per-day', '8KiB'], admin);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Log quota: 8 KiB per day (UTC)');
    const source = 'dag_id: chatty\ntasks:\n  - { task_id: talk, type: bash, bash_command: "for i in $(seq 1 400); do echo \\"line $i: the quick brown fox jumps over the lazy dog\\"; done" }\n';
    const notice = "Log truncated: workspace delta's daily log quota of 8 KiB is used up (resets at 00:00 UTC); further output is discarded.\n";

    const first = await deployAndTrigger(database.db, delta, source, new Date('2025-01-01T00:00:00Z'));
    const [talked] = (await waitForRun(database.db, first.id)).instances;
    const log = await attemptLog(database.db, talked!.id, 1);
    expect(log).toContain('line 1: the quick brown fox');
    expect(log).not.toContain('line 400:');
    expect(log.endsWith(notice)).toBe(true);
    const usage = await database.db.workspaceLogUsage.findMany({ where: { workspaceId: delta } });
    expect(usage).toHaveLength(1);
    // The day's row counts exactly what was stored (all but the notice), within the budget.
    const stored = Buffer.byteLength(log) - Buffer.byteLength(notice);
    expect(Number(usage[0]!.bytes)).toBe(stored);
    expect(stored).toBeLessThanOrEqual(8 * 1024);
    expect(stored).toBeGreaterThan(8 * 1024 - 100); // the lines that fitted were kept
    const attempt = await database.db.taskAttempt.findFirstOrThrow({ where: { taskInstanceId: talked!.id } });
    expect(attempt).toMatchObject({ logTruncated: true, logBytes: stored });

    const second = await triggerDagRun(systemContext(database.db, delta, 'test'), { dagId: 'chatty', logicalDate: new Date('2025-01-02T00:00:00Z') });
    const [again] = (await waitForRun(database.db, second.id)).instances;
    expect(await attemptLog(database.db, again!.id, 1)).toBe(notice);
    expect(Number((await database.db.workspaceLogUsage.findFirstOrThrow({ where: { workspaceId: delta } })).bytes)).toBe(stored);
  });
});
