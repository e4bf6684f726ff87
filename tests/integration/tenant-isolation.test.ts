import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/migrate';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, createWorkspace, runToEnd, waitForRun } from '../support/dag-runs';
import { stopProcess, TestEngine } from '../support/engine';
import { getHealth } from '../../server/services/health/get-health';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

/**
 * What a stranger's task can reach on a shared worker: workspace B deploys bash and script tasks
 * that look for the platform's secrets and try to take the machine down, on a real worker
 * process in the real sandbox (TRIBUTARY_TASK_SANDBOX=bwrap: no sandbox, no worker).
 */
describe('tenant isolation: a workspace’s task on a shared worker', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let dataDir: string;
  let workspaceA: string;
  let workspaceB: string;
  const authSecret = `auth-secret-${Math.random().toString(36).slice(2)}`;
  const pgPassword = `pg-password-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    database = await createTestDatabase('isolation');
    workspaceA = (await createWorkspace(database.db, 'team-a')).id;
    workspaceB = (await createWorkspace(database.db, 'team-b')).id;
    // The worker's data directory, as `npm start` keeps it, outside /tmp like a real one.
    await mkdir(path.join(ROOT, '.test-data'), { recursive: true });
    dataDir = await mkdtemp(path.join(ROOT, '.test-data', 'isolation-'));
    // A process limit of 128, not the default 1,024: the fork bomb below then saturates the
    // machine for a fraction of a second instead of seconds, which starved the heartbeats of
    // other test files' engines running beside this one past their 3 s zombie threshold.
    engine = new TestEngine(database.url, { TRIBUTARY_TASK_SANDBOX: 'bwrap', AUTH_SECRET: authSecret, TRIBUTARY_DATA_DIR: dataDir, TRIBUTARY_TASK_MAX_PROCESSES: '128' });
    await writeFile(path.join(dataDir, 'secret.key'), `${engine.secretKey}\n`, { mode: 0o600 });
    await writeFile(path.join(dataDir, 'auth.secret'), `${authSecret}\n`, { mode: 0o600 });
    await writeFile(path.join(dataDir, 'pg.password'), `${pgPassword}\n`, { mode: 0o600 });
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine.stop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const databasePassword = () => decodeURIComponent(new URL(database.url).password);

  it('cannot read any secret, see other processes, run as root or write outside its scratch directory', async () => {
    const finished = await runToEnd(
      database.db,
      workspaceB,
      `
dag_id: snoop
tasks:
  - task_id: look
    type: bash
    bash_command: |
      echo "uid=$(id -u)"
      echo "processes=$(ls /proc | grep -cE '^[0-9]+$')"
      cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'
      cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' '; echo
      for f in ${dataDir}/secret.key ${dataDir}/auth.secret ${dataDir}/pg.password ${ROOT}/package.json; do cat "$f" 2>&1; done
      needle=$(echo ${Buffer.from(databasePassword()).toString('base64')} | base64 -d)
      grep -rslF "$needle" /etc /usr/local /tmp /dev/shm 2>/dev/null | sed 's/^/FOUND: /'
      for p in /tmp/x /etc/x ${ROOT}/x ${dataDir}/x /x "$HOME/mine"; do touch "$p" 2>/dev/null && echo "wrote $p"; done
      true
`,
    );
    expect(finished.states).toEqual({ look: 'success' });
    const log = await attemptLog(database.db, finished.instances[0]!.id, 1);
    for (const secret of [database.url, databasePassword(), engine.secretKey, authSecret, pgPassword]) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/DATABASE_URL|TRIBUTARY_SECRET_KEY|AUTH_SECRET/);
    expect(log).toMatch(/^uid=(?!0$)\d+$/m);
    expect(Number(/^processes=(\d+)$/m.exec(log)?.[1])).toBeLessThanOrEqual(5);
    // Neither the worker, the scheduler nor this test runner is visible.
    for (const process of ['worker/main.ts', 'worker/scheduler.ts', 'vitest']) expect(log).not.toContain(process);
    expect(log).not.toMatch(/^FOUND: /m);
    expect(log).toContain(`${dataDir}/secret.key: No such file or directory`);
    expect(log).toContain(`${ROOT}/package.json: No such file or directory`);
    expect(log.match(/^wrote .*$/gm)).toEqual([expect.stringMatching(/^wrote \/tmp\/tributary-task-[^/]+\/mine$/)]);
    expect((await getHealth(database.db, 30)).task_sandbox).toMatchObject({ status: 'sandboxed', detail: expect.stringMatching(/^bubblewrap: /) });
  });

  it('ends a fork bomb and a 4 GiB allocation as task failures with the reason, while the worker and other tasks run on', async () => {
    const ctxA = systemContext(database.db, workspaceA, 'test');
    const neighbour = await deployDag(ctxA, {
      source: `
dag_id: steady
tasks:
  - { task_id: tick, type: bash, bash_command: "for i in $(seq 1 40); do sleep 0.1; done; echo still here" }
`,
    });
    await database.db.dag.update({ where: { id: neighbour.dag.id }, data: { isPaused: false } });
    const steadyRun = await triggerDagRun(ctxA, { dagId: 'steady' });

    const attacks = await runToEnd(
      database.db,
      workspaceB,
      `
dag_id: attacks
tasks:
  - { task_id: fork_bomb, type: bash, bash_command: "bomb() { bomb | bomb & }; bomb; sleep 120", execution_timeout: 90s }
  - { task_id: python_4gib, type: bash, bash_command: "python3 -c 'b = bytearray(4 * 1024 ** 3)'" }
  - { task_id: script_4gib, type: script, code: "const big = Buffer.alloc(4 * 1024 ** 3); return big.length;" }
`,
      { timeoutMs: 120_000 },
    );
    expect(attacks.states).toEqual({ fork_bomb: 'failed', python_4gib: 'failed', script_4gib: 'failed' });
    const attempts = await database.db.taskAttempt.findMany({ where: { taskInstanceId: { in: attacks.instances.map((i) => i.id) } }, include: { taskInstance: true } });
    const reasons = Object.fromEntries(attempts.map((attempt) => [attempt.taskInstance.taskId, attempt.errorMessage ?? '']));
    expect(reasons.fork_bomb).toContain("reached the sandbox's limit of 128 processes and threads (TRIBUTARY_TASK_MAX_PROCESSES)");
    expect(await attemptLog(database.db, attacks.instances.find((i) => i.taskId === 'python_4gib')!.id, 1)).toMatch(
      /MemoryError[\s\S]*An allocation failed: the sandbox limits a task to 2 GiB of memory \(TRIBUTARY_TASK_MEMORY_LIMIT\)/,
    );
    expect(reasons.script_4gib).toMatch(/Array buffer allocation failed[\s\S]*limits a task to 2 GiB of memory/);

    // Workspace A's task ran through it all, and the worker still takes work.
    const steady = await waitForRun(database.db, steadyRun.id);
    expect(steady.states).toEqual({ tick: 'success' });
    expect(await attemptLog(database.db, steady.instances[0]!.id, 1)).toContain('still here');
    const after = await runToEnd(database.db, workspaceB, 'dag_id: after\ntasks:\n  - { task_id: hello, type: bash, bash_command: "echo hello" }\n');
    expect(after.states).toEqual({ hello: 'success' });
    expect(engine.processes.every((p) => p.child.exitCode === null)).toBe(true);
  });
});

describe('sandbox modes: what a worker does when bubblewrap cannot work', () => {
  let database: TTestDatabase;
  // A sandbox that cannot be built: a read-only path it must show tasks does not exist.
  const broken = { TRIBUTARY_TASK_SANDBOX_PATHS: '/no/such/tool' };

  beforeAll(async () => {
    database = await createTestDatabase('sandbox_modes');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('bwrap: the worker refuses to start, saying why', async () => {
    const engine = new TestEngine(database.url, { ...broken, TRIBUTARY_TASK_SANDBOX: 'bwrap' });
    const worker = engine.startWorker();
    expect(await worker.exited).not.toBe(0);
    expect(worker.output()).toContain('TRIBUTARY_TASK_SANDBOX=bwrap, but the task sandbox does not work on this machine: TRIBUTARY_TASK_SANDBOX_PATHS names /no/such/tool');
  });

  it('auto: the worker runs tasks unsandboxed, says so in its log, and the health check and /status show it', async () => {
    const engine = new TestEngine(database.url, { ...broken, TRIBUTARY_TASK_SANDBOX: 'auto' });
    const worker = engine.startWorker();
    try {
      const health = await waitFor(async () => {
        const answer = await getHealth(database.db, 30);
        return answer.task_sandbox.status === 'unknown' ? null : answer;
      }, { what: 'the worker to report its sandbox' });
      expect(health.task_sandbox).toMatchObject({ status: 'unsandboxed', unsandboxed_workers: 1 });
      expect(health.task_sandbox.detail).toMatch(/^unavailable, task processes run unsandboxed: .*\/no\/such\/tool/);
      expect(worker.output()).toContain('task sandbox unavailable, task processes run unsandboxed');
    } finally {
      await stopProcess(worker);
    }
  });
});
