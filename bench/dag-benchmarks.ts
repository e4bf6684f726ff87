import type { PrismaClient } from '../server/db/client';
import { systemContext } from '../server/services/context';
import { deployDag } from '../server/services/dags/deploy-dag';
import { triggerDagRun } from '../server/services/runs/trigger-dag-run';
import { wakeScheduler } from '../server/queue/scheduler-wakeup';

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function deployAndTrigger(db: PrismaClient, workspaceId: string, source: string) {
  const ctx = systemContext(db, workspaceId, 'bench');
  const deployed = await deployDag(ctx, { source });
  await db.dag.update({ where: { id: deployed.dag.id }, data: { isPaused: false } });
  const run = await triggerDagRun(ctx, { dagId: deployed.spec.dag_id });
  await waitUntil(async () => ['success', 'failed'].includes((await db.dagRun.findUniqueOrThrow({ where: { id: run.id } })).state), 300_000, `${deployed.spec.dag_id} to end`);
  const failed = await db.taskInstance.findMany({ where: { dagRunId: run.id, state: { not: 'success' } }, select: { taskId: true, state: true }, take: 5 });
  if (failed.length > 0) throw new Error(`${deployed.spec.dag_id} did not succeed: ${failed.map((ti) => `${ti.taskId} ${ti.state}`).join(', ')}`);
  return run.id;
}

/**
 * (b) start >> 1,000 tasks; tasks/s from the first leaf's start to the last leaf's end (database
 * clock). Leaves are no-op `empty` tasks, or `bash: true` (a process each: what the sandbox costs).
 */
export async function benchFanOut(db: PrismaClient, workspaceId: string, options: { width?: number; leaf?: 'empty' | 'bash'; dagId?: string; specHead?: string } = {}) {
  const { width = 1000, leaf = 'empty', dagId = 'bench_fanout', specHead = '' } = options;
  const type = leaf === 'bash' ? 'bash, bash_command: "true"' : 'empty';
  const leaves = Array.from({ length: width }, (_, i) => `  - { task_id: t${String(i).padStart(4, '0')}, type: ${type}, depends_on: start }`);
  const source = `dag_id: ${dagId}\nmax_active_tasks: ${width * 2}\n${specHead}tasks:\n  - { task_id: start, type: empty }\n${leaves.join('\n')}\n`;
  const runPk = await deployAndTrigger(db, workspaceId, source);
  const [span] = await db.$queryRaw<{ first: Date; last: Date }[]>`
    select min("startDate") as first, max("endDate") as last from task_instance where "dagRunId" = ${runPk} and "taskId" <> 'start'`;
  const seconds = (span!.last.getTime() - span!.first.getTime()) / 1000;
  return { tasks: width, seconds, tasksPerSecond: width / seconds };
}

/** (c) a chain of 100 no-op tasks: the gap from one task's end to the next one's start. */
export async function benchChain(db: PrismaClient, workspaceId: string, length = 100) {
  const ids = Array.from({ length }, (_, i) => `c${String(i).padStart(3, '0')}`);
  const tasks = ids.map((id, i) => `  - { task_id: ${id}, type: empty${i > 0 ? `, depends_on: ${ids[i - 1]}` : ''} }`);
  const runPk = await deployAndTrigger(db, workspaceId, `dag_id: bench_chain\ntasks:\n${tasks.join('\n')}\n`);
  const rows = await db.$queryRaw<{ gap_ms: number }[]>`
    select extract(epoch from (next."startDate" - prev."endDate")) * 1000 as gap_ms
    from task_instance prev join task_instance next
      on next."dagRunId" = prev."dagRunId" and next."taskId" = 'c' || lpad((substring(prev."taskId" from 2)::int + 1)::text, 3, '0')
    where prev."dagRunId" = ${runPk}`;
  const gaps = rows.map((row) => Number(row.gap_ms));
  return { hops: gaps.length, p50: percentile(gaps, 50), p95: percentile(gaps, 95) };
}

/** (d) catchup of 365 daily runs of a → {b, c, d} → e with max_active_runs 16: unpause to last success. */
export async function benchCatchup(db: PrismaClient, workspaceId: string, days = 365) {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const start = new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const source = `dag_id: bench_catchup
schedule: "@daily"
start_date: ${start}
catchup: true
max_active_runs: 16
tasks:
  - { task_id: a, type: empty }
  - { task_id: b, type: empty }
  - { task_id: c, type: empty }
  - { task_id: d, type: empty }
  - { task_id: e, type: empty }
flow:
  - a >> [b, c, d] >> e
`;
  const deployed = await deployDag(systemContext(db, workspaceId, 'bench'), { source });
  const [clock] = await db.$queryRaw<{ now: Date }[]>`select clock_timestamp() as now`;
  await db.dag.update({ where: { id: deployed.dag.id }, data: { isPaused: false } });
  await wakeScheduler(db);
  await waitUntil(
    async () => (await db.dagRun.count({ where: { dagPk: deployed.dag.id, state: 'success' } })) >= days,
    600_000,
    `${days} catchup runs`,
  );
  const [last] = await db.$queryRaw<{ last: Date; runs: bigint }[]>`
    select max("endDate") as last, count(*) as runs from dag_run where "dagPk" = ${deployed.dag.id}`;
  return { runs: Number(last!.runs), seconds: (last!.last.getTime() - clock!.now.getTime()) / 1000 };
}
