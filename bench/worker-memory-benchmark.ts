import { readdir, readFile } from 'node:fs/promises';
import { createPrismaClient, type PrismaClient } from '../server/db/client';
import { systemContext } from '../server/services/context';
import { triggerDagRun } from '../server/services/runs/trigger-dag-run';
import { deployUnpaused } from '../tests/support/dag-runs';
import { TestEngine } from '../tests/support/engine';
import { benchWorkspace } from './bench-workspace';
import { percentile } from './dag-benchmarks';

const SAMPLE_MS = 100;

export type TWorkerMemoryResult = {
  tasks: number;
  idleRssKb: number;
  /** The worker's highest RSS while every task was running. */
  peakRssKb: number;
  perTaskKb: number;
  /** Tasks with a process alive, and their processes (sandbox, shell, sleep) with their RSS summed, at that peak. */
  tasksAliveAtPeak: number;
  taskProcesses: number;
  taskProcessesRssKb: number;
  /** The most tasks with a process alive at once while all were running. */
  mostTasksAlive: number;
};

/** VmRSS of a process, in KiB, from /proc/<pid>/status. */
async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/**
 * The processes under `pid`: its children (one per task whose process has started: the sandbox,
 * or the shell without one) and all their descendants with their RSS summed (KiB).
 */
async function descendants(pid: number): Promise<{ tasks: number; count: number; rssKb: number }> {
  const parents = new Map<number, number>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
    // `pid (comm) state ppid ...`; comm may hold spaces and parentheses, so read after the last ')'.
    if (stat) parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
  }
  const tree = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, parent] of parents) {
      if (!tree.has(parent) || tree.has(child)) continue;
      tree.add(child);
      grew = true;
    }
  }
  tree.delete(pid);
  const sizes = await Promise.all([...tree].map((child) => rssKb(child).catch(() => 0)));
  const tasks = [...parents.values()].filter((parent) => parent === pid).length;
  return { tasks, count: tree.size, rssKb: sizes.reduce((sum, size) => sum + size, 0) };
}

/**
 * One real worker process (sandbox as CI runs it: bwrap) with room for `tasks` at once: its RSS
 * idle (after a warm-up run), and at its highest while `tasks` concurrent `bash: sleep` tasks
 * run, read from /proc/<pid>/status. Per task = (peak − idle) / tasks: what the worker process
 * itself holds per running task; the task's own processes are counted apart.
 */
export async function benchWorkerMemory(options: { databaseUrl: string; tasks: number; sleepSeconds: number }): Promise<TWorkerMemoryResult> {
  const { databaseUrl, tasks, sleepSeconds } = options;
  const db = createPrismaClient(databaseUrl);
  const workspace = await benchWorkspace(db, 'memory', tasks * 2);
  const engine = new TestEngine(databaseUrl, {
    LOG_LEVEL: 'warn',
    TRIBUTARY_WORKER_CONCURRENCY: String(tasks),
    TRIBUTARY_ZOMBIE_THRESHOLD: '120',
    TRIBUTARY_TASK_HEARTBEAT: '5',
  });
  engine.startScheduler();
  const worker = engine.startWorker();
  try {
    // Warm: code loaded, the sandbox's runtime staged, pools opened, as on a worker in service.
    await runAll(db, workspace.id, 'memory_warmup', 20, 0);
    const idle = await idleRss(worker.child.pid!);
    const peak = await peakWhileRunning(db, workspace.id, worker.child.pid!, tasks, sleepSeconds);
    return {
      tasks,
      idleRssKb: idle,
      peakRssKb: peak.rssKb,
      perTaskKb: (peak.rssKb - idle) / tasks,
      tasksAliveAtPeak: peak.children.tasks,
      taskProcesses: peak.children.count,
      taskProcessesRssKb: peak.children.rssKb,
      mostTasksAlive: peak.mostAlive,
    };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${engine.output().slice(-3_000)}`);
  } finally {
    await engine.stop();
    await db.$disconnect();
  }
}

function fanOutSpec(dagId: string, tasks: number, sleepSeconds: number): string {
  const command = sleepSeconds > 0 ? `sleep ${sleepSeconds}` : 'true';
  const lines = Array.from({ length: tasks }, (_, i) => `  - { task_id: t${String(i).padStart(4, '0')}, type: bash, bash_command: "${command}" }`);
  return `dag_id: ${dagId}\nmax_active_tasks: ${tasks}\ntasks:\n${lines.join('\n')}\n`;
}

/** Deploys and triggers a DAG of `tasks` independent bash tasks; resolves to its run's id. */
async function startFanOut(db: PrismaClient, workspaceId: string, dagId: string, tasks: number, sleepSeconds: number) {
  await deployUnpaused(db, workspaceId, fanOutSpec(dagId, tasks, sleepSeconds));
  return (await triggerDagRun(systemContext(db, workspaceId, 'bench'), { dagId })).id;
}

async function runAll(db: PrismaClient, workspaceId: string, dagId: string, tasks: number, sleepSeconds: number) {
  const runPk = await startFanOut(db, workspaceId, dagId, tasks, sleepSeconds);
  for (const deadline = Date.now() + 300_000; ; await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS))) {
    const run = await db.dagRun.findUniqueOrThrow({ where: { id: runPk }, select: { state: true } });
    if (run.state === 'success') return;
    if (run.state === 'failed') throw new Error(`worker memory benchmark: ${dagId} failed`);
    if (Date.now() > deadline) throw new Error(`worker memory benchmark: ${dagId} did not finish`);
  }
}

/** The median of 20 readings 100 ms apart: the idle worker's heap breathes a little. */
async function idleRss(pid: number): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 20; i++) {
    readings.push(await rssKb(pid));
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
  }
  return percentile(readings, 50);
}

/**
 * The worker's highest RSS, sampled every 100 ms over the time all `tasks` are running (claimed,
 * by the database), with the most task processes seen alive at once in that time: on a slow
 * machine the first tasks may end before the sandbox has started the last ones.
 */
async function peakWhileRunning(db: PrismaClient, workspaceId: string, pid: number, tasks: number, sleepSeconds: number) {
  const runPk = await startFanOut(db, workspaceId, 'memory_fanout', tasks, sleepSeconds);
  let peak: { rssKb: number; children: { tasks: number; count: number; rssKb: number } } | null = null;
  let mostAlive = 0;
  for (const deadline = Date.now() + 300_000; ; await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS))) {
    const states = await db.taskInstance.groupBy({ by: ['state'], where: { dagRunId: runPk }, _count: { _all: true } });
    const count = (state: string) => states.find((row) => row.state === state)?._count._all ?? 0;
    if (count('running') === tasks) {
      const [rss, children] = await Promise.all([rssKb(pid), descendants(pid)]);
      mostAlive = Math.max(mostAlive, children.tasks);
      if (!peak || rss > peak.rssKb) peak = { rssKb: rss, children };
    }
    if (count('success') + count('failed') === tasks) break;
    if (Date.now() > deadline) throw new Error('worker memory benchmark: the fan-out did not finish');
  }
  if (!peak) throw new Error(`worker memory benchmark: never saw ${tasks} tasks running at once`);
  return { ...peak, mostAlive };
}
