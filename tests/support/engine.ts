import { type ChildProcess, spawn } from 'node:child_process';
import { ROOT } from '../../scripts/migrate';
import { WORKER_NODE_FLAGS } from '../../scripts/worker-flags';
import { generateKey } from '../../server/auth/secret-box';

export type TEngineProcess = { name: string; child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Fast settings for tests: short heartbeats and zombie threshold, a quick scheduler loop. */
export const TEST_ENGINE_ENV = {
  LOG_LEVEL: 'info',
  TRIBUTARY_ZOMBIE_THRESHOLD: '3',
  TRIBUTARY_TASK_HEARTBEAT: '1',
  TRIBUTARY_SCHEDULER_INTERVAL_MS: '200',
  TRIBUTARY_WORKER_SHUTDOWN_GRACE: '2',
  // Every engine test runs its tasks in the sandbox; a worker that cannot build it refuses to start.
  TRIBUTARY_TASK_SANDBOX: 'bwrap',
};

/**
 * `127.0.0.1:5432` for a database URL: what a worker's TRIBUTARY_EGRESS_ALLOW must list for its
 * tasks to reach warehouses on the test server, as `npm start` lists its embedded server.
 */
export function databaseEndpoint(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || 5432}`;
}

/**
 * The real scheduler and worker processes (as `npm run scheduler` / `npm run worker` start
 * them) against a test database. Their output is kept for failure messages.
 */
export class TestEngine {
  readonly processes: TEngineProcess[] = [];
  readonly secretKey = generateKey();

  constructor(
    private readonly databaseUrl: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  startScheduler(extra: Record<string, string> = {}): TEngineProcess {
    return this.spawn('scheduler', 'worker/scheduler.ts', extra);
  }

  startWorker(extra: Record<string, string> = {}): TEngineProcess {
    return this.spawn('worker', 'worker/main.ts', extra, WORKER_NODE_FLAGS);
  }

  output(): string {
    return this.processes.map((p) => `--- ${p.name} (pid ${p.child.pid})\n${p.output()}`).join('\n');
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    await Promise.all(this.processes.map((p) => stopProcess(p, signal)));
  }

  /** Stops the worker processes only (the scheduler keeps running). */
  async stopWorkers() {
    await Promise.all(this.processes.filter((p) => p.name === 'worker').map((p) => stopProcess(p)));
  }

  private spawn(name: string, entry: string, extra: Record<string, string> = {}, nodeFlags: readonly string[] = []): TEngineProcess {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...TEST_ENGINE_ENV,
        TRIBUTARY_EGRESS_ALLOW: databaseEndpoint(this.databaseUrl),
        ...this.extraEnv,
        ...extra,
        DATABASE_URL: this.databaseUrl,
        TRIBUTARY_SECRET_KEY: this.secretKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const started = { name, child, output: () => output, exited };
    this.processes.push(started);
    return started;
  }
}

export async function stopProcess(p: TEngineProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  await p.exited;
  clearTimeout(timer);
}
