import { performance } from 'node:perf_hooks';
import type { PrismaClient } from '../server/db/client';
import { systemContext } from '../server/services/context';
import { deployDag } from '../server/services/dags/deploy-dag';
import { getDagGrid } from '../server/services/runs/get-dag-grid';
import { insertDagRuns } from '../server/services/runs/insert-dag-runs';
import { percentile } from './dag-benchmarks';

const DAY = 86_400_000;

/** `layers` layers of `width` empty tasks, each task downstream of every task of the layer before. */
export function layeredSpec(dagId: string, layers: number, width: number): string {
  const id = (layer: number, i: number) => `l${String(layer).padStart(2, '0')}_${i}`;
  const tasks: string[] = [];
  for (let layer = 0; layer < layers; layer++) {
    const upstream = layer === 0 ? [] : Array.from({ length: width }, (_, i) => id(layer - 1, i));
    for (let i = 0; i < width; i++) tasks.push(`  - { task_id: ${id(layer, i)}, type: empty, depends_on: [${upstream.join(', ')}] }`);
  }
  return `dag_id: ${dagId}\ntasks:\n${tasks.join('\n')}\n`;
}

/**
 * A paused DAG with `runs` finished daily runs, every task instance in a state and with times
 * as a real history would have them; written straight to the database (no engine involved).
 * The DAG stays paused and every run finished, so a running scheduler leaves them alone.
 */
export async function createGridHistory(db: PrismaClient, workspaceId: string, input: { dagId: string; layers: number; width: number; runs: number }) {
  const deployed = await deployDag(systemContext(db, workspaceId, 'bench'), { source: layeredSpec(input.dagId, input.layers, input.width) });
  const first = Date.UTC(2020, 0, 1);
  const infos = Array.from({ length: input.runs }, (_, i) => {
    const start = new Date(first + i * DAY);
    return { logicalDate: start, dataInterval: { start, end: new Date(start.getTime() + DAY) }, runAfter: new Date(start.getTime() + DAY) };
  });
  const created = await insertDagRuns(db, {
    workspaceId, dagPk: deployed.dag.id, dagVersionId: deployed.version.id, spec: deployed.spec, runType: 'scheduled', infos,
  });
  const runIds = created.map((run) => run.id);
  // Mostly success, some failures with their downstream upstream_failed or skipped, a few retries.
  await db.$executeRaw`
    update task_instance ti set
      state = (array['success', 'success', 'success', 'success', 'success', 'success', 'failed', 'upstream_failed', 'skipped', 'success'])[1 + abs(hashtext(ti.id)) % 10],
      "tryNumber" = case when abs(hashtext(ti.id)) % 3 = 0 then 2 else 1 end,
      "queuedAt" = r."runAfter", "startDate" = r."runAfter" + interval '1 second',
      "endDate" = r."runAfter" + interval '1 second' + make_interval(secs => abs(hashtext(ti.id)) % 60),
      duration = abs(hashtext(ti.id)) % 60
    from dag_run r
    where r.id = ti."dagRunId" and r.id = any(${runIds}::text[])`;
  await db.$executeRaw`
    update dag_run set state = case when abs(hashtext(id)) % 5 = 0 then 'failed' else 'success' end,
      "startDate" = "runAfter", "endDate" = "runAfter" + interval '5 minutes'
    where id = any(${runIds}::text[])`;
  // The update left a dead version of every instance; autovacuum would clean them and gather
  // planner statistics shortly on a live database, so measure that steady state.
  await db.$executeRaw`vacuum analyze dag_run, task_instance, dag_version`;
  return deployed;
}

/**
 * (e) The run grid's read for the latest 100 runs of a 50-task DAG (10 layers × 5): the time
 * getDagGrid takes in this process (query, decoding, shaping), which is the server's time for
 * the grid. Warmed once (connection, parsed version cache), then the median and p95 of 20 calls.
 */
export async function benchGridQuery(db: PrismaClient, workspaceId: string, runs = 100, calls = 20) {
  await createGridHistory(db, workspaceId, { dagId: 'bench_grid', layers: 10, width: 5, runs });
  const ctx = systemContext(db, workspaceId, 'bench');
  const grid = await getDagGrid(ctx, { dagId: 'bench_grid', limit: 100 });
  if (grid.runs.length !== Math.min(runs, 100) || grid.tasks.length !== 50) {
    throw new Error(`grid benchmark: expected ${Math.min(runs, 100)} runs × 50 tasks, got ${grid.runs.length} × ${grid.tasks.length}`);
  }
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    // Sequential: each call is timed alone, as one page load would run it.
    const started = performance.now();
    await getDagGrid(ctx, { dagId: 'bench_grid', limit: 100 });
    times.push(performance.now() - started);
  }
  return { medianMs: percentile(times, 50), p95Ms: percentile(times, 95) };
}
