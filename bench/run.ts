/**
 * `npm run bench`: engine figures on this machine, printed and written to bench/results.json.
 * Nothing here asserts about time; the figures go into the README's performance section.
 * Uses an embedded PostgreSQL (or the server of DATABASE_URL) and real scheduler and worker
 * processes, exactly as `npm start` runs them. BENCH_ONLY=many_dags,long_history runs some
 * sections (and writes no results.json); BENCH_MANY_DAGS and the other sizes of
 * bench-settings.ts shrink a section while trying a change. The defaults are the issue's sizes.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { migrateDatabase, ROOT } from '../scripts/migrate';
import { createPrismaClient } from '../server/db/client';
import { ensureDatabase, startEmbeddedPostgres, type TEmbeddedPostgres } from '../server/db/embedded-postgres';
import { TestEngine } from '../tests/support/engine';
import type { PrismaClient } from '../server/db/client';
import { benchAlerts } from './alerts-benchmark';
import { benchCatalogSync } from './catalog-sync-benchmark';
import { benchCatalogSection } from './catalog-benchmark';
import { benchCatchup, benchChain, benchFanOut } from './dag-benchmarks';
import { benchSandboxOverhead } from './sandbox-benchmark';
import { benchGridQuery, createGridHistory } from './grid-benchmark';
import { benchDagPage } from './page-benchmark';
import { benchPgBossBaseline } from './pgboss-baseline';
import { benchSettings, type TBenchSettings } from './bench-settings';
import { benchWorkspace } from './bench-workspace';
import { benchLongHistory } from './long-history-benchmark';
import { benchLoadSection } from './load-benchmark';
import { benchWorkerMemory } from './worker-memory-benchmark';
import { benchManyDags } from './many-dags-benchmark';
import { preloadStatementStats } from './statement-stats';

/** A figure; `value` null with the reason when it could not be measured here. */
type TResult = { name: string; value: number | null; unit: string; skipped?: string };

const say = (line: string) => process.stdout.write(`${line}\n`);
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

type TServer = { url: (db: string) => string; stop: () => Promise<void> };

/**
 * DATABASE_URL's server, or an embedded one started for the run. The embedded one is restarted
 * once with pg_stat_statements loaded: "database time" figures come from the server's own count.
 */
async function serverUrl(): Promise<TServer> {
  if (process.env.DATABASE_URL) {
    const base = new URL(process.env.DATABASE_URL);
    return { url: (db) => Object.assign(new URL(base), { pathname: `/${db}` }).toString(), stop: async () => undefined };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-bench-'));
  await chmod(dir, 0o755);
  const first: TEmbeddedPostgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  await preloadStatementStats(first.url('postgres'));
  await first.stop();
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
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
async function benchSandboxedFanOut(engine: TestEngine, db: PrismaClient, workspaceId: string, rawJobsPerSecond: number | null): Promise<TResult[]> {
  const sandboxed = await benchFanOut(db, workspaceId, { leaf: 'bash', dagId: 'bench_fanout_sandboxed' });
  // The same fan-out on workers that run tasks unsandboxed, for the ratio.
  await engine.stopWorkers();
  engine.startWorker({ TRIBUTARY_TASK_SANDBOX: 'off' });
  engine.startWorker({ TRIBUTARY_TASK_SANDBOX: 'off' });
  const unsandboxed = await benchFanOut(db, workspaceId, { leaf: 'bash', dagId: 'bench_fanout_unsandboxed' });
  say(
    `(h) fan-out of 1000 bash tasks on 2 workers: ${round(sandboxed.tasksPerSecond, 0)} tasks/s sandboxed, ${round(unsandboxed.tasksPerSecond, 0)} tasks/s unsandboxed ` +
      `(${rawJobsPerSecond ? round(sandboxed.tasksPerSecond / rawJobsPerSecond, 3) : '?'} of raw pg-boss sandboxed)`,
  );
  return [
    { name: 'fanout_sandboxed_tasks_per_s', value: round(sandboxed.tasksPerSecond, 0), unit: 'tasks/s' },
    { name: 'fanout_bash_unsandboxed_tasks_per_s', value: round(unsandboxed.tasksPerSecond, 0), unit: 'tasks/s' },
  ];
}

/** (i) 5,000 DAGs of 3 tasks: deploy by the CLI, the idle tick, the minute all fall due. */
async function benchManyDagsSection(databaseUrl: string, count: number): Promise<TResult[]> {
  const many = await benchManyDags({ databaseUrl, count, say });
  return [
    { name: 'many_dags_deploy_s', value: round(many.deploySeconds, 1), unit: 's' },
    { name: 'many_dags_due_to_queued_s', value: round(many.dueToQueuedSeconds, 2), unit: 's' },
    { name: 'many_dags_idle_tick_db_ms', value: round(many.idleTickDbMs), unit: 'ms' },
    { name: 'many_dags_idle_tick_wall_ms', value: round(many.idleTickWallMs), unit: 'ms' },
  ];
}

/** (j) one DAG with 50,000 runs: the reads of its grid, its runs and the DAG list. */
async function benchLongHistorySection(databaseUrl: string, settings: TBenchSettings): Promise<TResult[]> {
  const history = await benchLongHistory({ databaseUrl, runs: settings.BENCH_HISTORY_RUNS, tasks: settings.BENCH_HISTORY_TASKS, say });
  return [
    { name: 'long_history_grid_ms', value: round(history.gridMs), unit: 'ms' },
    { name: 'long_history_runs_list_ms', value: round(history.runsListMs), unit: 'ms' },
    { name: 'long_history_dag_list_ms', value: round(history.dagListMs), unit: 'ms' },
  ];
}

/** (k) one worker's memory with 500 `bash: sleep 5` tasks running at once, sandboxed. */
async function benchWorkerMemorySection(databaseUrl: string, settings: TBenchSettings): Promise<TResult[]> {
  const memory = await benchWorkerMemory({ databaseUrl, tasks: settings.BENCH_WORKER_TASKS, sleepSeconds: settings.BENCH_WORKER_SLEEP_S });
  const mb = (kb: number) => round(kb / 1024);
  say(
    `(k) worker memory, ${memory.tasks} concurrent \`bash: sleep ${settings.BENCH_WORKER_SLEEP_S}\` tasks in the sandbox: RSS ${mb(memory.idleRssKb)} MB idle, ` +
      `${mb(memory.peakRssKb)} MB at the peak: ${round(memory.perTaskKb, 0)} KB per task in the worker process ` +
      `(at that peak ${memory.tasksAliveAtPeak} tasks had their process started: ${memory.taskProcesses} processes, ${mb(memory.taskProcessesRssKb)} MB RSS summed, ` +
      `shared pages counted in each; at most ${memory.mostTasksAlive} tasks had one at once)`,
  );
  return [
    { name: 'worker_rss_per_task_kb', value: round(memory.perTaskKb, 0), unit: 'KB' },
    { name: 'worker_rss_idle_mb', value: mb(memory.idleRssKb), unit: 'MB' },
    { name: 'worker_rss_peak_mb', value: mb(memory.peakRssKb), unit: 'MB' },
  ];
}

/** (a) raw pg-boss: the ceiling the engine's figures are compared with. */
async function benchRawPgBoss(server: TServer): Promise<{ results: TResult[]; bestJobsPerSecond: number }> {
  await ensureDatabase(server.url('postgres'), 'bench_pgboss');
  const raw = await benchPgBossBaseline({ databaseUrl: server.url('bench_pgboss'), say });
  return {
    bestJobsPerSecond: raw.bestJobsPerSecond,
    results: [
      { name: 'pgboss_best_jobs_per_s', value: round(raw.bestJobsPerSecond, 0), unit: 'jobs/s' },
      { name: 'pgboss_pickup_p50_ms', value: round(raw.pickupP50Ms), unit: 'ms' },
      { name: 'pgboss_pickup_p95_ms', value: round(raw.pickupP95Ms), unit: 'ms' },
    ],
  };
}

/** (b)-(e), (h): the engine with a real scheduler and two real workers. */
async function benchEngine(server: TServer, rawJobsPerSecond: number | null, results: TResult[]): Promise<void> {
  await ensureDatabase(server.url('postgres'), 'bench_engine');
  const databaseUrl = server.url('bench_engine');
  await migrateDatabase(databaseUrl);
  const db = createPrismaClient(databaseUrl);
  const workspace = await benchWorkspace(db, 'bench');
  // The product's own timings (as npm start runs it), not the tests' fast heartbeats and ticks:
  // a heartbeat a second of 500 running instances per worker would be part of what is measured.
  const engine = new TestEngine(databaseUrl, {
    LOG_LEVEL: 'warn',
    TRIBUTARY_WORKER_CONCURRENCY: '500',
    TRIBUTARY_ZOMBIE_THRESHOLD: '60',
    TRIBUTARY_TASK_HEARTBEAT: '5',
    TRIBUTARY_SCHEDULER_INTERVAL_MS: '1000',
  });
  engine.startScheduler();
  engine.startWorker();
  engine.startWorker();
  const ratio = (tasksPerSecond: number) => (rawJobsPerSecond ? round(tasksPerSecond / rawJobsPerSecond, 3) : null);
  try {
    // The first fan-out runs on cold processes (JIT, query plans, caches) and is reported apart;
    // the figure is the median of the next three, as raw pg-boss's is measured warm.
    const cold = await benchFanOut(db, workspace.id, { dagId: 'bench_fanout_cold' });
    const warm: Awaited<ReturnType<typeof benchFanOut>>[] = [];
    for (const n of [1, 2, 3]) warm.push(await benchFanOut(db, workspace.id, { dagId: `bench_fanout_${n}` }));
    const fanOut = warm.sort((a, b) => a.tasksPerSecond - b.tasksPerSecond)[1]!;
    say(
      `(b) fan-out of ${fanOut.tasks} tasks on 2 workers: ${round(fanOut.tasksPerSecond, 0)} tasks/s (${round(fanOut.seconds, 2)} s, median of 3: ` +
        `${warm.map((run) => round(run.tasksPerSecond, 0)).join(', ')}), ${ratio(fanOut.tasksPerSecond) ?? '?'} of raw pg-boss; the first, cold: ${round(cold.tasksPerSecond, 0)} tasks/s`,
    );
    results.push({ name: 'fanout_tasks_per_s', value: round(fanOut.tasksPerSecond, 0), unit: 'tasks/s' });
    results.push({ name: 'fanout_ratio_to_pgboss', value: ratio(fanOut.tasksPerSecond), unit: 'ratio' });
    results.push({ name: 'fanout_cold_tasks_per_s', value: round(cold.tasksPerSecond, 0), unit: 'tasks/s' });
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
    results.push(...(await benchSandboxedFanOut(engine, db, workspace.id, rawJobsPerSecond)));
  } finally {
    await engine.stop();
    await db.$disconnect();
  }
}

/** (l) Alerts: failure-to-Slack latency, and the fan-out with alert rules on against off. */
async function benchAlertsSection(databaseUrl: string): Promise<TResult[]> {
  const alerts = await benchAlerts({ databaseUrl });
  const ratio = alerts.withTasksPerSecond / alerts.withoutTasksPerSecond;
  say(
    `(l) alerts: final failure → Slack stand-in p50 ${round(alerts.latencyP50Ms, 0)} ms, p95 ${round(alerts.latencyP95Ms, 0)} ms over 50 failures; ` +
      `fan-out with alert rules on ${round(alerts.withTasksPerSecond, 0)} tasks/s vs off ${round(alerts.withoutTasksPerSecond, 0)} (${round(ratio, 3)}; runs off/on ${alerts.runs.join(', ')})`,
  );
  return [
    { name: 'alert_latency_p50_ms', value: round(alerts.latencyP50Ms, 0), unit: 'ms' },
    { name: 'alert_latency_p95_ms', value: round(alerts.latencyP95Ms, 0), unit: 'ms' },
    { name: 'fanout_with_alerts_tasks_per_s', value: round(alerts.withTasksPerSecond, 0), unit: 'tasks/s' },
    { name: 'fanout_without_alerts_tasks_per_s', value: round(alerts.withoutTasksPerSecond, 0), unit: 'tasks/s' },
    { name: 'fanout_with_alerts_ratio', value: round(ratio, 3), unit: 'ratio' },
  ];
}

/** (m) The catalog's added cost on a deploy of a 20-task SQL DAG. */
async function benchCatalogSyncSection(databaseUrl: string): Promise<TResult[]> {
  const sync = await benchCatalogSync({ databaseUrl });
  say(
    `(m) catalog sync on a deploy of a 20-task SQL DAG (${sync.edges} edges): p50 ${round(sync.syncP50Ms)} ms, mean ${round(sync.syncMeanMs)} ms ` +
      `of a whole deploy's p50 ${round(sync.deployP50Ms)} ms`,
  );
  return [
    { name: 'catalog_sync_per_deploy_ms', value: round(sync.syncP50Ms), unit: 'ms' },
    { name: 'catalog_sync_deploy_p50_ms', value: round(sync.deployP50Ms), unit: 'ms' },
  ];
}

/** A migrated database of a section's own, so no section's leftovers weigh on another's figures. */
async function sectionDatabase(server: TServer, name: string): Promise<string> {
  await ensureDatabase(server.url('postgres'), name);
  await migrateDatabase(server.url(name));
  return server.url(name);
}

/**
 * (f) The DAG page of a 50-task DAG with 100 runs, showing all 100 (`?runs=100`), in a real
 * browser. A section of its own (BENCH_ONLY=page) on its own database: no engine is needed.
 */
async function benchPageSection(databaseUrl: string): Promise<TResult[]> {
  const db = createPrismaClient(databaseUrl);
  try {
    const workspace = await benchWorkspace(db, 'bench');
    await createGridHistory(db, workspace.id, { dagId: 'bench_grid', layers: 10, width: 5, runs: 100 });
    const page = await benchDagPage(db, databaseUrl, { id: workspace.id, slug: 'bench' }, 'bench_grid');
    if ('skipped' in page) {
      say(`(f) DAG page in the browser: skipped, ${page.skipped}`);
      return [{ name: 'dag_page_first_byte_ms', value: null, unit: 'ms', skipped: page.skipped }, { name: 'dag_page_loaded_ms', value: null, unit: 'ms', skipped: page.skipped }];
    }
    say(`(f) DAG page of a 50-task DAG showing 100 runs, in the browser: first byte ${round(page.firstByteMs)} ms, grid fully drawn ${round(page.loadedMs)} ms (median of 5 loads)`);
    return [
      { name: 'dag_page_first_byte_ms', value: round(page.firstByteMs), unit: 'ms' },
      { name: 'dag_page_loaded_ms', value: round(page.loadedMs), unit: 'ms' },
    ];
  } finally {
    await db.$disconnect();
  }
}

async function main() {
  const settings = benchSettings();
  const started = performance.now();
  const server = await serverUrl();
  const results: TResult[] = [];
  try {
    say(`Tributary benchmark on ${os.cpus().length} cores, node ${process.version}${settings.BENCH_ONLY ? `, only ${settings.BENCH_ONLY.join(', ')}` : ''}`);
    let rawJobsPerSecond: number | null = null;
    if (settings.runs('pgboss')) {
      const raw = await benchRawPgBoss(server);
      rawJobsPerSecond = raw.bestJobsPerSecond;
      results.push(...raw.results);
    }
    if (settings.runs('sandbox')) results.push(...(await benchSandboxCost()));
    if (settings.runs('engine')) await benchEngine(server, rawJobsPerSecond, results);
    if (settings.runs('alerts')) results.push(...(await benchAlertsSection(await sectionDatabase(server, 'bench_alerts'))));
    if (settings.runs('page')) results.push(...(await benchPageSection(await sectionDatabase(server, 'bench_page'))));
    if (settings.runs('many_dags')) {
      results.push(...(await benchManyDagsSection(await sectionDatabase(server, 'bench_many_dags'), settings.BENCH_MANY_DAGS)));
    }
    if (settings.runs('long_history')) results.push(...(await benchLongHistorySection(await sectionDatabase(server, 'bench_long_history'), settings)));
    if (settings.runs('worker_memory')) results.push(...(await benchWorkerMemorySection(await sectionDatabase(server, 'bench_worker_memory'), settings)));
    if (settings.runs('catalog_sync')) results.push(...(await benchCatalogSyncSection(await sectionDatabase(server, 'bench_catalog_sync'))));
    if (settings.runs('catalog')) results.push(...(await benchCatalogSection(await sectionDatabase(server, 'bench_catalog'), say)));
    if (settings.runs('load')) {
      const metadataUrl = await sectionDatabase(server, 'bench_load');
      results.push(...(await benchLoadSection({ superuserUrl: server.url('postgres'), metadataUrl, rows: settings.BENCH_LOAD_ROWS, say })));
    }
  } finally {
    await server.stop();
    say(`bench took ${round((performance.now() - started) / 1000, 0)} s`);
    if (settings.BENCH_ONLY) {
      say(`not written: bench/results.json (BENCH_ONLY runs part of the benchmark)`);
    } else {
      // What was measured is kept even when a later figure failed.
      await writeFile(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
      say(`written: bench/results.json (${results.length} figures)`);
    }
  }
}

await main();
