import { performance } from 'node:perf_hooks';
import { createPrismaClient } from '../server/db/client';
import { systemContext } from '../server/services/context';
import { deployDag } from '../server/services/dags/deploy-dag';
import { listDags } from '../server/services/dags/list-dags';
import { getDagGrid } from '../server/services/runs/get-dag-grid';
import { listDagRuns } from '../server/services/runs/list-dag-runs';
import { listDagTags, listRecentRunStates } from '../server/services/runs/list-recent-run-states';
import { seedLongHistory } from '../tests/support/long-history';
import { percentile } from './dag-benchmarks';
import { StatementStats, statementsPerRound } from './statement-stats';

const CALLS = 20;

export type TLongHistoryResult = { runs: number; tasks: number; seedSeconds: number; gridMs: number; runsListMs: number; dagListMs: number };

type TTimed = { medianMs: number; p95Ms: number; dbMs: number | null; statements: number | null };

/**
 * "Long history": a DAG with `runs` runs of `tasks` tasks on a database of its own, then the
 * server's time for the three reads that show it, each as its page asks for it: the grid's
 * first page (25 runs), the runs list (25 newest, with the total), the DAG list with its
 * last-run dots. Time in the service call in this process (query, decoding, shaping), warmed
 * once, median of 20 sequential calls; database time per call from pg_stat_statements.
 */
export async function benchLongHistory(options: { databaseUrl: string; runs: number; tasks: number; say: (line: string) => void }): Promise<TLongHistoryResult> {
  const { databaseUrl, runs, tasks, say } = options;
  const db = createPrismaClient(databaseUrl);
  const stats = await StatementStats.open(databaseUrl);
  try {
    const workspace = await db.workspace.upsert({ where: { slug: 'history' }, create: { slug: 'history', name: 'history' }, update: {} });
    const ctx = systemContext(db, workspace.id, 'bench');
    // A DAG list page holds other DAGs too.
    for (let i = 0; i < 24; i++) await deployDag(ctx, { source: `dag_id: other_${String(i).padStart(2, '0')}\ntasks:\n  - { task_id: a, type: empty }\n` });
    const started = performance.now();
    await seedLongHistory(db, workspace.id, { dagId: 'long', runs, tasks });
    const seedSeconds = (performance.now() - started) / 1000;
    const timed = async (work: () => Promise<unknown>): Promise<TTimed> => {
      await work();
      await stats.reset();
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const callStarted = performance.now();
        await work();
        times.push(performance.now() - callStarted);
      }
      const dbTime = await stats.read();
      return {
        medianMs: percentile(times, 50),
        p95Ms: percentile(times, 95),
        dbMs: dbTime ? dbTime.totalMs / CALLS : null,
        statements: dbTime ? statementsPerRound(dbTime, CALLS) : null,
      };
    };
    const grid = await timed(() => getDagGrid(ctx, { dagId: 'long' }));
    const runsList = await timed(() => listDagRuns(ctx, { dagId: 'long', limit: 25, offset: 0, orderBy: '-logical_date' }));
    // As the DAG list's tRPC procedure reads it.
    const dagList = await timed(async () => {
      const { dags } = await listDags(ctx, { limit: 25, offset: 0 });
      await Promise.all([listRecentRunStates(ctx, dags.map((dag) => dag.id)), listDagTags(ctx)]);
    });
    const line = (name: string, time: TTimed) =>
      `    ${name}: median ${time.medianMs.toFixed(1)} ms, p95 ${time.p95Ms.toFixed(1)} ms` +
      (time.dbMs === null ? '' : ` (database ${time.dbMs.toFixed(1)} ms in ${time.statements!.toFixed(0)} statements)`);
    say(`(j) long history: a DAG with ${runs} runs × ${tasks} tasks (seeded in ${seedSeconds.toFixed(1)} s), server time per read:`);
    say(line("grid's first page (25 runs)", grid));
    say(line('runs list (25 newest and the total)', runsList));
    say(line("DAG list page with each DAG's last-run dots", dagList));
    return { runs, tasks, seedSeconds, gridMs: grid.medianMs, runsListMs: runsList.medianMs, dagListMs: dagList.medianMs };
  } finally {
    await stats.close();
    await db.$disconnect();
  }
}
