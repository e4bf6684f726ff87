/**
 * `npm run bench`: engine figures on this machine, printed and written to bench/results.json.
 * Nothing here asserts about time; the figures go into the README's performance section.
 * Uses an embedded PostgreSQL (or the server of DATABASE_URL) and real scheduler and worker
 * processes, exactly as `npm start` runs them.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabase, ROOT } from '../scripts/migrate';
import { createPrismaClient } from '../server/db/client';
import { ensureDatabase, startEmbeddedPostgres, type TEmbeddedPostgres } from '../server/db/embedded-postgres';
import { TestEngine } from '../tests/support/engine';
import type { PrismaClient } from '../server/db/client';
import { benchCatchup, benchChain, benchFanOut } from './dag-benchmarks';
import { benchSandboxOverhead } from './sandbox-benchmark';
import { benchGridQuery } from './grid-benchmark';
import { benchDagPage } from './page-benchmark';
import { benchPgBossBaseline } from './pgboss-baseline';

/** A figure; `value` null with the reason when it could not be measured here. */
type TResult = { name: string; value: number | null; unit: string; skipped?: string };

const say = (line: string) => process.stdout.write(`${line}\n`);
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function serverUrl(): Promise<{ url: (db: string) => string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const base = new URL(process.env.DATABASE_URL);
    return { url: (db) => Object.assign(new URL(base), { pathname: `/${db}` }).toString(), stop: async () => undefined };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-bench-'));
  await chmod(dir, 0o755);
  const server: TEmbeddedPostgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  return { url: server.url, stop: async () => { await server.stop(); await rm(dir, { recursive: true, force: true }); } };
}

/** (g) The task sandbox's cost per process, measured before the engine starts, on a quiet machine. */
async function benchSandboxCost(): Promise<TResult[]> {
  const overhead = await benchSandboxOverhead();
  say(
    `(g) sandbox cost per task (bash: true, ${overhead.rounds} each): p50 ${round(overhead.p50.sandboxed)} ms sandboxed vs ${round(overhead.p50.unsandboxed)} ms off ` +
      `(+${round(overhead.overheadP50)} ms), p95 ${round(overhead.p95.sandboxed)} vs ${round(overhead.p95.unsandboxed)} ms (+${round(overhead.overheadP95)} ms)`,
  );
  return [
    { name: 'sandbox_overhead_p50_ms', value: round(overhead.overheadP50), unit: 'ms' },
    { name: 'sandbox_overhead_p95_ms', value: round(overhead.overheadP95), unit: 'ms' },
    { name: 'bash_true_sandboxed_p50_ms', value: round(overhead.p50.sandboxed), unit: 'ms' },
    { name: 'bash_true_unsandboxed_p50_ms', value: round(overhead.p50.unsandboxed), unit: 'ms' },
  ];
}

/** (h) The fan-out of `bash: true` tasks, on sandboxed workers and on unsandboxed ones. */
async function benchSandboxedFanOut(engine: TestEngine, db: PrismaClient, workspaceId: string, rawJobsPerSecond: number): Promise<TResult[]> {
  const sandboxed = await benchFanOut(db, workspaceId, { leaf: 'bash', dagId: 'bench_fanout_sandboxed' });
  // The same fan-out on workers that run tasks unsandboxed, for the ratio.
  await engine.stopWorkers();
  engine.startWorker({ TRIBUTARY_TASK_SANDBOX: 'off' });
  engine.startWorker({ TRIBUTARY_TASK_SANDBOX: 'off' });
  const unsandboxed = await benchFanOut(db, workspaceId, { leaf: 'bash', dagId: 'bench_fanout_unsandboxed' });
  say(
    `(h) fan-out of 1000 bash tasks on 2 workers: ${round(sandboxed.tasksPerSecond, 0)} tasks/s sandboxed, ${round(unsandboxed.tasksPerSecond, 0)} tasks/s unsandboxed ` +
      `(${round(sandboxed.tasksPerSecond / rawJobsPerSecond, 3)} of raw pg-boss sandboxed)`,
  );
  return [
    { name: 'fanout_sandboxed_tasks_per_s', value: round(sandboxed.tasksPerSecond, 0), unit: 'tasks/s' },
    { name: 'fanout_bash_unsandboxed_tasks_per_s', value: round(unsandboxed.tasksPerSecond, 0), unit: 'tasks/s' },
  ];
}

async function main() {
  const server = await serverUrl();
  const results: TResult[] = [];
  try {
    say(`Tributary benchmark on ${os.cpus().length} cores, node ${process.version}`);
    await ensureDatabase(server.url('postgres'), 'bench_pgboss');
    const raw = await benchPgBossBaseline({ databaseUrl: server.url('bench_pgboss'), say });
    results.push({ name: 'pgboss_best_jobs_per_s', value: round(raw.bestJobsPerSecond, 0), unit: 'jobs/s' });
    results.push({ name: 'pgboss_pickup_p50_ms', value: round(raw.pickupP50Ms), unit: 'ms' });
    results.push({ name: 'pgboss_pickup_p95_ms', value: round(raw.pickupP95Ms), unit: 'ms' });

    results.push(...(await benchSandboxCost()));

    await ensureDatabase(server.url('postgres'), 'bench_engine');
    const databaseUrl = server.url('bench_engine');
    await migrateDatabase(databaseUrl);
    const db = createPrismaClient(databaseUrl);
    // One tenant alone on the engine: its running-task quota must not be what is measured.
    const quota = { maxRunningTasks: 100_000 };
    const workspace = await db.workspace.upsert({ where: { slug: 'bench' }, create: { slug: 'bench', name: 'bench', ...quota }, update: quota });
    await db.pool.upsert({
      where: { workspaceId_name: { workspaceId: workspace.id, name: 'default_pool' } },
      create: { workspaceId: workspace.id, name: 'default_pool', slots: 100_000 },
      update: { slots: 100_000 },
    });
    const engine = new TestEngine(databaseUrl, { LOG_LEVEL: 'warn', TRIBUTARY_WORKER_CONCURRENCY: '500', TRIBUTARY_ZOMBIE_THRESHOLD: '60' });
    engine.startScheduler();
    engine.startWorker();
    engine.startWorker();
    try {
      const fanOut = await benchFanOut(db, workspace.id);
      say(`(b) fan-out of ${fanOut.tasks} tasks on 2 workers: ${round(fanOut.tasksPerSecond, 0)} tasks/s (${round(fanOut.seconds, 2)} s), ${round(fanOut.tasksPerSecond / raw.bestJobsPerSecond, 3)} of raw pg-boss`);
      results.push({ name: 'fanout_tasks_per_s', value: round(fanOut.tasksPerSecond, 0), unit: 'tasks/s' });
      results.push({ name: 'fanout_ratio_to_pgboss', value: round(fanOut.tasksPerSecond / raw.bestJobsPerSecond, 3), unit: 'ratio' });
      const chain = await benchChain(db, workspace.id);
      say(`(c) chain of ${chain.hops + 1} tasks: gap between tasks p50 ${round(chain.p50)} ms, p95 ${round(chain.p95)} ms`);
      results.push({ name: 'chain_gap_p50_ms', value: round(chain.p50), unit: 'ms' });
      results.push({ name: 'chain_gap_p95_ms', value: round(chain.p95), unit: 'ms' });
      const catchup = await benchCatchup(db, workspace.id);
      say(`(d) catchup of ${catchup.runs} daily runs × 5 tasks, max_active_runs 16: ${round(catchup.seconds, 2)} s from unpause to the last success`);
      results.push({ name: 'catchup_365x5_s', value: round(catchup.seconds, 2), unit: 's' });
      const grid = await benchGridQuery(db, workspace.id);
      say(`(e) grid query, 50 tasks × 100 runs: median ${round(grid.medianMs)} ms, p95 ${round(grid.p95Ms)} ms`);
      results.push({ name: 'grid_query_50x100_ms', value: round(grid.medianMs), unit: 'ms' });
      const page = await benchDagPage(db, databaseUrl, { id: workspace.id, slug: 'bench' }, 'bench_grid');
      if ('skipped' in page) {
        say(`(f) DAG page in the browser: skipped, ${page.skipped}`);
        results.push({ name: 'dag_page_first_byte_ms', value: null, unit: 'ms', skipped: page.skipped }, { name: 'dag_page_loaded_ms', value: null, unit: 'ms', skipped: page.skipped });
      } else {
        say(`(f) DAG page of that DAG in the browser: first byte ${round(page.firstByteMs)} ms, grid fully drawn ${round(page.loadedMs)} ms (median of 5 loads)`);
        results.push({ name: 'dag_page_first_byte_ms', value: round(page.firstByteMs), unit: 'ms' });
        results.push({ name: 'dag_page_loaded_ms', value: round(page.loadedMs), unit: 'ms' });
      }
      results.push(...(await benchSandboxedFanOut(engine, db, workspace.id, raw.bestJobsPerSecond)));
    } finally {
      await engine.stop();
      await db.$disconnect();
    }
  } finally {
    await server.stop();
    // What was measured is kept even when a later figure failed.
    await writeFile(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    say(`written: bench/results.json (${results.length} figures)`);
  }
}

await main();
