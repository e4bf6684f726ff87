import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCli } from '../cli/testing/run-cli';
import { createPrismaClient, type PrismaClient } from '../server/db/client';
import { startBoss } from '../server/queue/boss';
import { taskJobEnqueuer } from '../server/queue/enqueue-task-jobs';
import { tokenFor } from '../tests/support/rest-client';
import { startRestServer } from '../tests/support/rest-server';
import { describeTick, schedulerTick, type TTickTimes } from '../tests/support/scheduler-tick';
import type { TEnqueue } from '../server/services/scheduling/schedule-task-instances';
import { benchWorkspace } from './bench-workspace';
import { perRound, StatementStats, statementsPerRound, topStatements } from './statement-stats';

const DAY = 86_400_000;
const IDLE_TICKS = 20;

export type TManyDagsResult = {
  dags: number;
  deploySeconds: number;
  dueToQueuedSeconds: number;
  idleTickDbMs: number;
  /** Where idleTickDbMs comes from: the server's statement statistics, or the tick's wall time. */
  idleTickSource: 'pg_stat_statements' | 'wall clock';
  idleTickWallMs: number;
};

/** 3 bash tasks in a chain, daily, first interval starting at `startDate`: due at its end. */
function manyDagSpec(index: number, startDate: string): string {
  const dagId = `many_${String(index).padStart(5, '0')}`;
  return `dag_id: ${dagId}
schedule: "@daily"
start_date: ${startDate}
is_paused_upon_creation: false
tags: [bench, group_${index % 20}]
tasks:
  - { task_id: extract, type: bash, bash_command: "echo extract {{ ds }}" }
  - { task_id: transform, type: bash, bash_command: "echo transform {{ ds }}", depends_on: extract }
  - { task_id: load, type: bash, bash_command: "echo load {{ ds }}", depends_on: transform }
`;
}

/**
 * The "many DAGs" figures on a database of their own: `tributary dags deploy` of a folder of
 * `count` specs against a real REST server, then the scheduler's tick, in this process, with
 * every DAG unpaused: idle (nothing due) and at the minute all of them fall due.
 */
export async function benchManyDags(options: { databaseUrl: string; count: number; say: (line: string) => void }): Promise<TManyDagsResult> {
  const { databaseUrl, count, say } = options;
  const db = createPrismaClient(databaseUrl);
  const boss = await startBoss(databaseUrl, { supervise: false });
  const stats = await StatementStats.open(databaseUrl);
  try {
    // Tomorrow's first daily interval: every DAG is due at its end, the same minute.
    const startDay = new Date(Math.floor(Date.now() / DAY) * DAY + DAY);
    await stats.reset();
    const deploySeconds = await deployByCli(db, count, startDay.toISOString().slice(0, 10));
    say(`(i) many DAGs: \`tributary dags deploy\` of a folder of ${count} specs: ${deploySeconds.toFixed(1)} s (${((deploySeconds * 1000) / count).toFixed(1)} ms per spec)`);
    const deployTime = await stats.read();
    if (deployTime) {
      say(`    database time per spec deployed: ${(deployTime.totalMs / count).toFixed(2)} ms in ${statementsPerRound(deployTime, count).toFixed(0)} statements`);
      for (const line of topStatements(perRound(deployTime, count), 4)) say(line);
    }
    const enqueue = taskJobEnqueuer(boss);
    const first = await schedulerTick(db, enqueue, new Date());
    say(`    first tick after the deploy (every DAG's next run computed once): ${describeTick(first)}`);
    const before = await measureIdleTicks(db, enqueue, stats, new Date());
    say(`    idle tick, ${count} DAGs, nothing due: ${before.line}`);
    const dueAt = new Date(startDay.getTime() + DAY);
    const due = await dueMinute(db, enqueue, stats, dueAt, count);
    say(`    due minute: ${count} runs created and every first task queued in ${due.seconds.toFixed(2)} s, ${due.ticks.length} tick(s): ${due.ticks.map(describeTick).join('; ')}`);
    if (due.dbTime) for (const line of topStatements(due.dbTime)) say(line);
    await finishEverything(db);
    const idle = await measureIdleTicks(db, enqueue, stats, new Date(dueAt.getTime() + 60_000));
    say(`    idle tick after that minute's runs finished: ${idle.line}`);
    for (const line of idle.top) say(line);
    return {
      dags: count,
      deploySeconds,
      dueToQueuedSeconds: due.seconds,
      idleTickDbMs: idle.dbMs,
      idleTickSource: idle.source,
      idleTickWallMs: idle.wallMs,
    };
  } finally {
    await stats.close();
    await boss.stop({ graceful: false, timeout: 2_000 });
    await db.$disconnect();
  }
}

/** Writes the specs to a folder and deploys it with one `tributary dags deploy` against REST v1. */
async function deployByCli(db: PrismaClient, count: number, startDate: string): Promise<number> {
  const workspace = await benchWorkspace(db, 'many');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-many-dags-'));
  const server = await startRestServer(db);
  try {
    for (let i = 0; i < count; i++) await writeFile(path.join(dir, `many_${String(i).padStart(5, '0')}.yaml`), manyDagSpec(i, startDate));
    const env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: await tokenFor(db, workspace.id, 'editor') };
    const started = performance.now();
    const result = await runCli(['dags', 'deploy', '--json', dir], env);
    const seconds = (performance.now() - started) / 1000;
    const deployed = await db.dag.count({ where: { workspaceId: workspace.id, isPaused: false, currentVersionId: { not: null } } });
    if (result.code !== 0 || deployed !== count) {
      throw new Error(`dags deploy: exit ${result.code}, ${deployed} of ${count} DAGs deployed\n${result.stderr.slice(0, 2_000)}`);
    }
    return seconds;
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The mean of `IDLE_TICKS` ticks: database time (server statistics when loaded) and wall time. */
async function measureIdleTicks(db: PrismaClient, enqueue: TEnqueue, stats: StatementStats, now: Date) {
  await schedulerTick(db, enqueue, now); // warm: plans cached, nothing left over from before
  await stats.reset();
  const ticks: TTickTimes[] = [];
  for (let i = 0; i < IDLE_TICKS; i++) ticks.push(await schedulerTick(db, enqueue, now));
  const wallMs = ticks.reduce((sum, tick) => sum + tick.total, 0) / IDLE_TICKS;
  const dbTime = await stats.read();
  // Without the server's statistics, the tick's wall time bounds its database time from above.
  const dbMs = dbTime ? dbTime.totalMs / IDLE_TICKS : wallMs;
  const source = dbTime ? ('pg_stat_statements' as const) : ('wall clock' as const);
  const line =
    `${dbMs.toFixed(1)} ms of database time (${source}, mean of ${IDLE_TICKS}), ${wallMs.toFixed(1)} ms wall` +
    (dbTime ? `, ${statementsPerRound(dbTime, IDLE_TICKS).toFixed(0)} statements per tick` : ` (pg_stat_statements unavailable: ${stats.unavailable})`);
  return { dbMs, wallMs, source, line, top: dbTime ? topStatements(perRound(dbTime, IDLE_TICKS)) : [] };
}

/**
 * The scheduler at the minute every DAG falls due: ticks (as the scheduler would, back to back)
 * until every run's first task is queued. The figure runs from the first tick's start to the
 * last first task's queuedAt, both on the database's clock.
 */
async function dueMinute(db: PrismaClient, enqueue: TEnqueue, stats: StatementStats, dueAt: Date, count: number) {
  await stats.reset();
  const [clock] = await db.$queryRaw<{ now: Date }[]>`select clock_timestamp() as now`;
  const ticks: TTickTimes[] = [];
  const firstTasksQueued = () => db.$queryRaw<{ queued: bigint; last: Date | null }[]>`
    select count(*) as queued, max(ti."queuedAt") as last from task_instance ti join dag_run r on r.id = ti."dagRunId"
    where r."runType" = 'scheduled' and r."runAfter" = ${dueAt} and ti."taskId" = 'extract' and ti."queuedAt" is not null`;
  for (;;) {
    ticks.push(await schedulerTick(db, enqueue, new Date(dueAt.getTime() + 1_000)));
    const [progress] = await firstTasksQueued();
    if (Number(progress!.queued) >= count) {
      return { seconds: (progress!.last!.getTime() - clock!.now.getTime()) / 1000, ticks, dbTime: await stats.read() };
    }
    if (ticks.length >= 20) throw new Error(`due minute: only ${progress!.queued} of ${count} first tasks queued after 20 ticks`);
  }
}

/**
 * Ends the due minute's runs as if workers had run them (no worker is needed for what is measured
 * here), so the next idle ticks see the steady state: every DAG with a finished run, nothing due.
 */
async function finishEverything(db: PrismaClient) {
  await db.$executeRaw`update task_instance set state = 'success', "startDate" = clock_timestamp(), "endDate" = clock_timestamp(), "tryNumber" = 1`;
  await db.$executeRaw`update dag_run set state = 'success', "endDate" = clock_timestamp() where state in ('queued', 'running')`;
  await db.$executeRaw`vacuum analyze dag, dag_run, task_instance`;
}
