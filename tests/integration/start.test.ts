import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../server/db/client';
import { freePort } from '../../server/db/embedded-postgres';
import { embeddedDatabaseUrl, readEmbeddedPassword, runningEmbeddedServer } from '../../server/db/embedded-postgres-address';
import { ROOT } from '../../scripts/migrate';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { waitFor } from '../support/test-database';

type TStarted = { child: ChildProcess; output: () => string; exited: Promise<number | null>; hasExited: () => boolean };

// A first start builds the web app: minutes on a busy 2-core machine.
const START_TIMEOUT_MS = 300_000;

/** `npm start` as a user runs it (embedded PostgreSQL: DATABASE_URL removed). */
function start(dataDir: string, port: number, extraEnv: Record<string, string> = {}): TStarted {
  const { DATABASE_URL: _ignored, ...environment } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...environment, PORT: String(port), TRIBUTARY_DATA_DIR: dataDir, NODE_ENV: 'production', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let hasExited = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      hasExited = true;
      resolve(code);
    }),
  );
  return { child, output: () => output, exited, hasExited: () => hasExited };
}

/** Waits for the ready line; fails at once, with the output, if the launcher exits first. */
async function ready(started: TStarted) {
  await waitFor(
    async () => {
      if (started.hasExited()) throw new Error(`npm start exited before it was ready:\n${started.output()}`);
      // The last line of the start: the lines before it (the demo login) are out by then.
      return started.output().includes('[tributary] press Ctrl-C to stop');
    },
    { timeoutMs: START_TIMEOUT_MS - 30_000, what: 'the ready line' },
  );
}

async function health(port: number) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    return { status: response.status, body: (await response.json()) as Record<string, Record<string, unknown>> };
  } catch {
    return null;
  }
}

/** The demo `warehouse` connection as stored, and the port the embedded server listens on now. */
async function demoWarehouse(dataDir: string) {
  const pgDir = path.join(dataDir, 'pg');
  const port = runningEmbeddedServer(pgDir)?.port ?? 0;
  const client = new pg.Client({ connectionString: embeddedDatabaseUrl(port, 'tributary', readEmbeddedPassword(pgDir)) });
  await client.connect();
  try {
    const { rows } = await client.query<{ login: string; port: number }>(`select login, port from connection where "connId" = 'warehouse'`);
    return { connection: rows[0], serverPort: port };
  } finally {
    await client.end();
  }
}

describe('npm start', () => {
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tributary-start-'));
    // mkdtemp makes the folder private; as root, PostgreSQL runs as `postgres` and must enter it.
    await chmod(dataDir, 0o755);
    port = await freePort();
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('serves /api/v1/health with the database, scheduler and worker healthy, and stops cleanly on Ctrl-C', async () => {
    const first = start(path.join(dataDir, 'data'), port);
    try {
      await ready(first);
      expect(first.output()).toContain('demo login: demo@tributary.local / tributary-demo');
      const answer = await waitFor(async () => {
        const result = await health(port);
        // A worker is alive from its first heartbeat and knows its sandbox once it has tried it
        // (a bwrap run, seconds on a busy machine): until then the sandbox reads `unknown`.
        const sandboxKnown = result?.body.task_sandbox?.status !== 'unknown';
        return result?.body.scheduler?.status === 'healthy' && result.body.workers?.status === 'healthy' && sandboxKnown ? result : null;
      }, { timeoutMs: 60_000, what: 'a healthy scheduler and worker that has checked its sandbox' });
      expect(answer.status).toBe(200);
      expect(answer.body.metadatabase).toEqual({ status: 'healthy' });
      expect(answer.body.workers?.alive).toBe(1);
      // bubblewrap is installed here (.ci/run installs it): npm start's worker sandboxes tasks.
      expect(answer.body.task_sandbox).toMatchObject({ status: 'sandboxed', unsandboxed_workers: 0 });
      expect(first.output()).toContain('set a new random password');
      expect(((await stat(path.join(dataDir, 'data', 'pg.password'))).mode & 0o777).toString(8)).toBe('600');
      const warehouse = await demoWarehouse(path.join(dataDir, 'data'));
      expect(warehouse.connection).toEqual({ login: 'tributary_warehouse', port: warehouse.serverPort });
    } finally {
      first.child.kill('SIGINT');
    }
    expect(await first.exited).toBe(0);
    // PostgreSQL was stopped, not orphaned: it removes its pid file on a clean shutdown.
    expect(existsSync(path.join(dataDir, 'data', 'pg', 'postmaster.pid'))).toBe(false);
    expect(await health(port)).toBeNull();
  }, START_TIMEOUT_MS);

  it('starts again on the same data directory, keeping its data', async () => {
    const second = start(path.join(dataDir, 'data'), port);
    try {
      await ready(second);
      expect(second.output()).not.toContain('building the web app');
      const examples = (await readdir(path.join(ROOT, 'examples'))).filter((file) => file.endsWith('.yaml')).length;
      expect(second.output()).toContain(`workspace 'demo', ${examples} example DAGs`);
      expect((await health(port))?.status).toBe(200);
      expect(second.output()).not.toContain('set a new random password');
      // The embedded server listens on a new port at each start; the demo connection follows it.
      const warehouse = await demoWarehouse(path.join(dataDir, 'data'));
      expect(warehouse.connection).toEqual({ login: 'tributary_warehouse', port: warehouse.serverPort });
    } finally {
      second.child.kill('SIGINT');
    }
    expect(await second.exited).toBe(0);
  }, START_TIMEOUT_MS);

  it('restarts a worker killed with SIGKILL, whose task dies with it and succeeds on its next try, while the web keeps serving', async () => {
    // A short zombie threshold, so that the lost try is noticed in seconds rather than a minute.
    const third = start(path.join(dataDir, 'data'), port, { TRIBUTARY_ZOMBIE_THRESHOLD: '5', TRIBUTARY_TASK_HEARTBEAT: '1' });
    const pgDir = path.join(dataDir, 'data', 'pg');
    let db: PrismaClient | null = null;
    try {
      await ready(third);
      db = createPrismaClient(embeddedDatabaseUrl(runningEmbeddedServer(pgDir)?.port ?? 0, 'tributary', readEmbeddedPassword(pgDir)), { max: 2 });
      const workspace = await db.workspace.findUniqueOrThrow({ where: { slug: 'demo' } });
      const ctx = systemContext(db, workspace.id, 'test');
      // The try number in the sleep tells the two tries apart on the host.
      await deployDag(ctx, { source: 'dag_id: heal_me\nis_paused_upon_creation: false\ntasks:\n  - { task_id: slow, type: bash, bash_command: "sleep 3.$AIRFLOW_CTX_TRY_NUMBER; echo done", retries: 1, retry_delay: 0 }\n' });
      const run = await triggerDagRun(ctx, { dagId: 'heal_me' });
      await waitFor(async () => (await processesNamed('sleep 3.1')).length > 0, { timeoutMs: 60_000, what: 'the first try to run' });
      const [worker] = await db.$queryRaw<{ pid: number }[]>`select pid from job where "jobType" = 'worker' and state = 'running' order by "startDate" desc limit 1`;
      process.kill(worker!.pid, 'SIGKILL');

      await waitFor(async () => third.output().includes('worker exited unexpectedly (SIGKILL); restarting it in 1s'), { what: 'the restart' });
      // The task's processes died with their worker (its sandbox dies with it).
      await waitFor(async () => (await processesNamed('sleep 3.1')).length === 0, { timeoutMs: 5_000, what: 'the first try to end' });
      expect((await health(port))?.status).toBe(200);
      const finished = await waitFor(async () => {
        const instance = await db!.taskInstance.findFirstOrThrow({ where: { dagRunId: run.id } });
        return instance.state === 'success' ? instance : null;
      }, { timeoutMs: 90_000, what: 'the second try to succeed' });
      expect(finished.tryNumber).toBe(2);
      expect(third.hasExited()).toBe(false);
    } finally {
      await db?.$disconnect();
      third.child.kill('SIGINT');
    }
    expect(await third.exited).toBe(0);
  }, START_TIMEOUT_MS);
});

/** Host pids whose command line is exactly `command`. */
async function processesNamed(command: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const lines = await Promise.all(pids.map(async (pid) => [Number(pid), (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ').trim()] as const));
  return lines.filter(([, line]) => line === command).map(([pid]) => pid);
}
