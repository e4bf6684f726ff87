/**
 * `npm start`: the whole product in one command.
 *
 * Without DATABASE_URL it starts an embedded PostgreSQL under TRIBUTARY_DATA_DIR (default
 * .data); with it, it uses that database. Then it migrates and seeds the database, builds the
 * web app if its build is missing or stale, and runs web + scheduler + one worker as child
 * processes. A child that crashes is restarted (restart-policy.ts); one that keeps crashing stops
 * everything. Ctrl-C (or SIGTERM) stops the children first, then PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { env } from '../server/env';
import type { TEmbeddedPostgres } from '../server/db/embedded-postgres';
import { restartDecision } from './restart-policy';
import { ensureWebBuild } from './web-build';
import { ROOT } from './migrate';
import { WORKER_NODE_FLAGS } from './worker-flags';
import { prepareData } from './prepare-data';
import { DEMO_LOGIN } from '../prisma/seed';

const STOP_GRACE_MS = 20_000;
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const config = env();
const dataDir = path.resolve(ROOT, config.TRIBUTARY_DATA_DIR);
const children = new Map<string, ChildProcess>();
/** When each child crashed, for restartDecision. */
const crashes = new Map<string, number[]>();
let embedded: TEmbeddedPostgres | null = null;
let shuttingDown = false;

function say(message: string) {
  process.stdout.write(`[tributary] ${message}\n`);
}

async function main() {
  const prepared = await prepareData({
    dataDir,
    databaseUrl: config.DATABASE_URL,
    secretKey: config.TRIBUTARY_SECRET_KEY,
    authSecret: process.env.AUTH_SECRET,
    say,
    onEmbedded: (server) => (embedded = server),
  });
  const childEnv = {
    ...process.env,
    DATABASE_URL: prepared.databaseUrl,
    TRIBUTARY_SECRET_KEY: prepared.secretKey,
    AUTH_SECRET: prepared.authSecret,
    NEXT_TELEMETRY_DISABLED: '1',
    // The demo warehouse lives on the embedded server: tasks may reach its port (never its metadata database).
    TRIBUTARY_EGRESS_ALLOW: [config.TRIBUTARY_EGRESS_ALLOW, embedded ? `127.0.0.1:${embedded.port}` : ''].filter(Boolean).join(','),
  };
  await ensureWebBuild(say);

  const port = String(config.PORT);
  spawnChild('web', process.execPath, [nextBin, 'start', '-p', port, '-H', config.HOSTNAME], childEnv);
  spawnChild('scheduler', process.execPath, ['--import', 'tsx', 'worker/scheduler.ts'], childEnv);
  spawnChild('worker', process.execPath, [...WORKER_NODE_FLAGS, '--import', 'tsx', 'worker/main.ts'], childEnv);

  const url = config.TRIBUTARY_PUBLIC_URL ?? `http://localhost:${port}`;
  await waitForHealth(`http://127.0.0.1:${port}/api/v1/health`);
  say(`ready: ${url}`);
  say(`demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (workspace '${prepared.seeded.workspaceSlug}', ${prepared.seeded.dags} example DAGs)`);
  say('press Ctrl-C to stop');
}

function spawnChild(name: string, command: string, args: string[], childEnv: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (shuttingDown) return;
    // A crashed process comes back on its own; the others (the web above all) keep serving.
    const how = signal ?? `code ${code}`;
    const times = [...(crashes.get(name) ?? []), Date.now()];
    crashes.set(name, times);
    const decision = restartDecision(times, Date.now());
    if (!decision.restart) {
      say(`${name} exited unexpectedly ${decision.crashes} times within a minute (last: ${how}); stopping everything. Its output above says why.`);
      void shutdown(1);
      return;
    }
    say(`${name} exited unexpectedly (${how}); restarting it in ${decision.delayMs / 1000}s`);
    setTimeout(() => {
      if (!shuttingDown) spawnChild(name, command, args, childEnv);
    }, decision.delayMs);
  });
  children.set(name, child);
}

async function waitForHealth(url: string) {
  for (let attempt = 0; attempt < 240 && !shuttingDown; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  if (!shuttingDown) throw new Error(`the web server did not answer ${url} within a minute`);
}

async function shutdown(exitCode: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping web, scheduler and worker');
  const exited = [...children.values()].map(
    (child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  );
  const timer = setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
  }, STOP_GRACE_MS);
  await Promise.all(exited);
  clearTimeout(timer);
  if (embedded) {
    say('stopping PostgreSQL');
    await embedded.stop();
  }
  process.exit(exitCode);
}

// embedded-postgres installs its own SIGINT/SIGTERM handlers that stop the server at once;
// replace them so the children stop first and PostgreSQL last. (Its 'exit' hook stays as a
// safety net: a crash still stops the server.)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(0));
}

main().catch(async (error: unknown) => {
  process.stderr.write(`[tributary] failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});
