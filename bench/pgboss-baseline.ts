import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PgBoss, type JobInsert, type WorkOptions } from 'pg-boss';
import { PGBOSS_SCHEMA } from '../server/queue/boss';

/**
 * The ceiling Tributary's own scheduler can reach: raw pg-boss 12 moving no-op jobs, started the
 * way the product starts it (schema `pgboss`, LISTEN/NOTIFY on, queues with `notify: true`), with
 * none of Tributary's bookkeeping around it. Every figure is read off the database clock
 * (pg-boss stamps `created_on` / `started_on` / `completed_on` with `now()` of the statement's
 * transaction), so client-side event-loop stalls do not leak into the numbers.
 */

export type TPgBossBaseline = {
  bestJobsPerSecond: number;
  bestConfig: string;
  pickupP50Ms: number;
  pickupP95Ms: number;
};

type TThroughputConfig = { batchSize: number; localConcurrency: number; instances: 1 | 2 };

// 20,000 jobs is large enough that the first and last fetch (the ramp) are a small part of the
// span even at ~15k jobs/s, and small enough that 8 configurations plus inserts fit the budget.
const THROUGHPUT_JOBS = 20_000;
const INSERT_CHUNK = 1_000;
const PICKUP_SENDS = 200;
// The grid stops starting new configurations past this point, so that the whole benchmark stays
// near a minute on a slow 2-core machine; the configurations skipped are named in the output.
const GRID_BUDGET_MS = 40_000;
// Not a time assertion: only a guard so that a stuck worker ends the benchmark with a message
// instead of hanging it.
const STALL_MS = 60_000;

const GRID: TThroughputConfig[] = [
  { batchSize: 100, localConcurrency: 1, instances: 1 },
  { batchSize: 100, localConcurrency: 4, instances: 1 },
  { batchSize: 1000, localConcurrency: 1, instances: 1 },
  { batchSize: 1000, localConcurrency: 4, instances: 1 },
  { batchSize: 100, localConcurrency: 4, instances: 2 },
  { batchSize: 1000, localConcurrency: 4, instances: 2 },
];

export async function benchPgBossBaseline(options: {
  databaseUrl: string;
  say: (line: string) => void;
}): Promise<TPgBossBaseline> {
  const { databaseUrl, say } = options;
  const runId = randomBytes(4).toString('hex');
  const queues: string[] = [];
  // A plain client for the measurements, so reading the job table never competes with the
  // workers for a connection from pg-boss's own pools.
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  // Two instances in one process: the second shows whether one PgBoss (one pool, one LISTEN
  // connection) is the bottleneck rather than PostgreSQL itself.
  const bosses = [newBoss(databaseUrl, say), newBoss(databaseUrl, say)] as const;
  try {
    // Sequential: on a fresh database the first start() installs the schema, and two
    // concurrent installers would only wait on each other's advisory lock.
    for (const boss of bosses) await boss.start();
    await checkJobColumns(sql);

    const gridStart = performance.now();
    let best = { jobsPerSecond: 0, config: '' };
    for (const [index, config] of GRID.entries()) {
      const label = describe(config);
      if (performance.now() - gridStart > GRID_BUDGET_MS) {
        say(`pg-boss raw: ${label}: skipped (time budget for the grid spent)`);
        continue;
      }
      const name = `bench.noop.${runId}.${index}`;
      queues.push(name);
      const jobsPerSecond = await measureThroughput(bosses, sql, name, config);
      say(`pg-boss raw: ${label}: ${formatInt(jobsPerSecond)} jobs/s`);
      if (jobsPerSecond > best.jobsPerSecond) best = { jobsPerSecond, config: label };
      // The finished queue's 20,000 completed rows would otherwise sit in job_common (and its
      // indexes) under the next configuration.
      await bosses[0].deleteQueue(name);
    }
    say(`pg-boss raw: best ${best.config}: ${formatInt(best.jobsPerSecond)} jobs/s`);

    const pickupName = `bench.pickup.${runId}`;
    queues.push(pickupName);
    const pickup = await measurePickup(bosses[0], sql, pickupName);
    say(
      `pg-boss raw: pickup latency with LISTEN/NOTIFY over ${PICKUP_SENDS} sends: ` +
        `p50 ${pickup.p50.toFixed(1)} ms, p95 ${pickup.p95.toFixed(1)} ms`,
    );
    return {
      bestJobsPerSecond: best.jobsPerSecond,
      bestConfig: best.config,
      pickupP50Ms: pickup.p50,
      pickupP95Ms: pickup.p95,
    };
  } finally {
    // Queues first (while the instances are still up), then the instances; a failure in one
    // cleanup step must not leave the others undone.
    for (const name of queues) {
      await bosses[0].deleteQueue(name).catch((error: unknown) => say(`pg-boss raw: could not delete queue ${name}: ${String(error)}`));
    }
    for (const boss of bosses) {
      await boss.stop({ graceful: true, close: true, timeout: 10_000 }).catch(() => undefined);
    }
    await sql.end();
  }
}

function newBoss(connectionString: string, say: (line: string) => void): PgBoss {
  const boss = new PgBoss({
    connectionString,
    schema: PGBOSS_SCHEMA,
    max: 10,
    // No maintenance or cron passes: within a one-minute run they would only add background
    // queries to the measurement, and the database may be one whose queues are not ours to tend.
    supervise: false,
    schedule: false,
    application_name: 'tributary-bench',
    useListenNotify: true,
  });
  // An EventEmitter without an 'error' listener throws; report instead, and surface warnings
  // such as listen_notify_unavailable, which would silently turn (b) into a polling test.
  boss.on('error', (error) => say(`pg-boss raw: error: ${error.message}`));
  boss.on('warning', (warning) => say(`pg-boss raw: warning: ${warning.message}`));
  return boss;
}

/**
 * The measurements below read pg-boss's job table directly; fail early with a clear message if a
 * pg-boss release renamed the columns they rely on.
 */
async function checkJobColumns(sql: pg.Client) {
  const { rows } = await sql.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = $1 and table_name = 'job'`,
    [PGBOSS_SCHEMA],
  );
  const present = new Set(rows.map((row) => row.column_name));
  const missing = ['name', 'state', 'created_on', 'started_on', 'completed_on'].filter((column) => !present.has(column));
  if (missing.length > 0) throw new Error(`${PGBOSS_SCHEMA}.job has no column ${missing.join(', ')}; pg-boss's schema changed`);
}

/**
 * (a) Inserts the backlog first, then starts the workers: the figure is the drain rate of a full
 * queue, from the first fetch (the earliest `started_on`) to the last completion (the latest
 * `completed_on`), both on the database clock.
 */
async function measureThroughput(
  bosses: readonly [PgBoss, PgBoss],
  sql: pg.Client,
  name: string,
  config: TThroughputConfig,
): Promise<number> {
  await bosses[0].createQueue(name, { notify: true });
  for (let offset = 0; offset < THROUGHPUT_JOBS; offset += INSERT_CHUNK) {
    const chunk: JobInsert<{ i: number }>[] = [];
    for (let i = offset; i < Math.min(offset + INSERT_CHUNK, THROUGHPUT_JOBS); i++) chunk.push({ data: { i } });
    await bosses[0].insert(name, chunk);
  }

  let handled = 0;
  let allHandled: () => void = () => undefined;
  const handledPromise = new Promise<void>((resolve) => (allHandled = resolve));
  const workOptions: WorkOptions = {
    batchSize: config.batchSize,
    localConcurrency: config.localConcurrency,
    // Keeps fetching without a pause while batches come back full, which is what a backlog needs.
    burstWhenBatchFull: true,
  };
  const workers = bosses.slice(0, config.instances);
  for (const boss of workers) {
    await boss.work<{ i: number }>(name, workOptions, async (jobs) => {
      handled += jobs.length;
      if (handled >= THROUGHPUT_JOBS) allHandled();
    });
  }
  // Waiting on the in-process count first keeps the database free of polling queries while the
  // workers run; only the last batches' completions are then awaited in the table.
  await withStallGuard(handledPromise, `${name}: handlers saw ${THROUGHPUT_JOBS} jobs`);
  await waitFor(async () => (await completedCount(sql, name)) >= THROUGHPUT_JOBS, `${name}: all jobs completed`);
  for (const boss of workers) await boss.offWork(name, { wait: true });

  const { rows } = await sql.query<{ seconds: number }>(
    `select extract(epoch from max(completed_on) - min(started_on))::float8 as seconds
       from ${PGBOSS_SCHEMA}.job where name = $1`,
    [name],
  );
  const seconds = Number(rows[0]?.seconds);
  return THROUGHPUT_JOBS / seconds;
}

/**
 * (b) One idle worker (batchSize 1) on a notify queue, one job at a time: `started_on -
 * created_on` is the time from the send's transaction to the fetch's, i.e. NOTIFY delivery plus
 * the worker's wake-up and fetch, not the polling interval (30 s by default with notify on).
 */
async function measurePickup(boss: PgBoss, sql: pg.Client, name: string): Promise<{ p50: number; p95: number }> {
  await boss.createQueue(name, { notify: true });
  let handledId: ((id: string) => void) | undefined;
  await boss.work<{ i: number }>(name, { batchSize: 1, localConcurrency: 1 }, async ([job]) => {
    if (job) handledId?.(job.id);
  });
  // Let the worker's first (empty) fetch pass so that the first send finds it asleep, as all
  // the following ones will.
  await sleep(500);

  for (let i = 0; i < PICKUP_SENDS; i++) {
    const handled = new Promise<string>((resolve) => (handledId = resolve));
    const id = await boss.send(name, { i });
    if (!id) throw new Error(`${name}: send returned no id`);
    await withStallGuard(handled, `${name}: job ${i} picked up`);
    // The handler returning is not the job completing: wait for the completion to commit, so the
    // worker is back to waiting before the next send.
    await waitFor(async () => {
      const { rows } = await sql.query<{ done: boolean }>(
        `select completed_on is not null as done from ${PGBOSS_SCHEMA}.job where name = $1 and id = $2`,
        [name, id],
      );
      return rows[0]?.done === true;
    }, `${name}: job ${i} completed`, 2);
    await sleep(5 + Math.random() * 15);
  }
  await boss.offWork(name, { wait: true });

  const { rows } = await sql.query<{ ms: number }>(
    `select (extract(epoch from started_on - created_on) * 1000)::float8 as ms
       from ${PGBOSS_SCHEMA}.job where name = $1 and started_on is not null`,
    [name],
  );
  const latencies = rows.map((row) => Number(row.ms));
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

async function completedCount(sql: pg.Client, name: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `select count(*)::int as n from ${PGBOSS_SCHEMA}.job where name = $1 and state = 'completed'`,
    [name],
  );
  return rows[0]?.n ?? 0;
}

function describe(config: TThroughputConfig): string {
  const instances = config.instances > 1 ? ` instances=${config.instances}` : '';
  return `batchSize=${config.batchSize} localConcurrency=${config.localConcurrency}${instances}`;
}

/** Nearest-rank percentile (the same definition as bench/dag-benchmarks.ts). */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function formatInt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(check: () => Promise<boolean>, what: string, intervalMs = 20) {
  const deadline = performance.now() + STALL_MS;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`pg-boss baseline stalled waiting for ${what}`);
    await sleep(intervalMs);
  }
}

async function withStallGuard<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`pg-boss baseline stalled waiting for ${what}`)), STALL_MS);
  });
  try {
    return await Promise.race([promise, stalled]);
  } finally {
    clearTimeout(timer);
  }
}
