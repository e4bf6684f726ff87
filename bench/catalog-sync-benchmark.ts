import { performance } from 'node:perf_hooks';
import { createPrismaClient } from '../server/db/client';
import { parseDagSpec } from '../server/domain/dag/parse-dag-spec';
import { sqlParser, syncDagDatasets } from '../server/services/catalog/sync-dag-datasets';
import { systemContext } from '../server/services/context';
import { deployDag } from '../server/services/dags/deploy-dag';
import { benchWorkspace } from './bench-workspace';
import { percentile } from './dag-benchmarks';

const TASKS = 20;
const DEPLOYS = 50;

/** A 20-task SQL DAG, each task reading the previous one's table; `salt` makes each deploy a new version. */
function sqlDagSpec(salt: number): string {
  const tasks = Array.from({ length: TASKS }, (_, i) => `
  - task_id: step_${i}
    type: sql
    conn_id: warehouse
    sql: "insert into bench_t${i + 1} select a.*, ${salt} as salt from bench_t${i} a join public.bench_dim d using (id) where a.day = '{{ ds }}'"
    inputs: [warehouse.public.bench_t${i}]
    outputs: [warehouse.public.bench_t${i + 1}]${i > 0 ? `\n    depends_on: [step_${i - 1}]` : ''}`).join('');
  return `dag_id: bench_catalog_sync\nschedule: "@daily"\nstart_date: 2026-01-01\ntasks:${tasks}\n`;
}

export type TCatalogSyncBench = { syncP50Ms: number; syncMeanMs: number; deployP50Ms: number; edges: number };

/**
 * The catalog's added cost on a deploy: 50 deploys of a 20-task SQL DAG (each a new version),
 * then the same versions' catalog sync alone, in a transaction as the deploy runs it (parse the
 * SQL of every task, upsert the datasets, replace the edges). The parser is compiled before
 * either, as a deploy's process has it after its first deploy.
 */
export async function benchCatalogSync(input: { databaseUrl: string }): Promise<TCatalogSyncBench> {
  const db = createPrismaClient(input.databaseUrl);
  try {
    const workspace = await benchWorkspace(db, 'bench_catalog_sync');
    await db.connection.create({ data: { workspaceId: workspace.id, connId: 'warehouse', connType: 'postgres', host: 'warehouse.internal', port: 5432, schema: 'analytics' } });
    await sqlParser();
    const ctx = systemContext(db, workspace.id, 'bench');
    const deployMs: number[] = [];
    for (let salt = 0; salt < DEPLOYS; salt++) {
      const started = performance.now();
      await deployDag(ctx, { source: sqlDagSpec(salt) });
      deployMs.push(performance.now() - started);
    }
    const dag = await db.dag.findUniqueOrThrow({ where: { workspaceId_dagId: { workspaceId: workspace.id, dagId: 'bench_catalog_sync' } }, select: { id: true, currentVersionId: true } });
    const syncMs: number[] = [];
    let edges = 0;
    for (let salt = 0; salt < DEPLOYS; salt++) {
      const parsed = parseDagSpec(sqlDagSpec(salt), { knownConnections: ['warehouse'] });
      if (!parsed.ok) throw new Error(`the benchmark's spec does not parse: ${JSON.stringify(parsed.error[0])}`);
      const started = performance.now();
      const synced = await db.$transaction((tx) => syncDagDatasets(tx, { workspaceId: workspace.id, dagPk: dag.id, dagVersionId: dag.currentVersionId!, spec: parsed.value }));
      syncMs.push(performance.now() - started);
      edges = synced.edges;
    }
    return {
      syncP50Ms: percentile(syncMs, 50),
      syncMeanMs: syncMs.reduce((sum, ms) => sum + ms, 0) / syncMs.length,
      deployP50Ms: percentile(deployMs, 50),
      edges,
    };
  } finally {
    await db.$disconnect();
  }
}
