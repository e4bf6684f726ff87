import { performance } from 'node:perf_hooks';
import { createPrismaClient, type PrismaClient } from '../server/db/client';
import { datasetLineage } from '../server/services/catalog/dataset-lineage';
import { systemContext } from '../server/services/context';
import { searchWorkspace } from '../server/services/search/search-workspace';
import { benchWorkspace } from './bench-workspace';
import { percentile } from './dag-benchmarks';

const DATASETS = 10_000;
const COLUMNS_PER_DATASET = 20;
const NOISE_DATASETS = 2_000;
const SEARCH_PASSES = 3;
const LINEAGE_LAYERS = 6;
const LINEAGE_PER_LAYER = 167;
const LINEAGE_CALLS = 20;

const NOUNS = ['orders', 'customers', 'invoices', 'payments', 'sessions', 'courses', 'enrolments', 'shipments', 'products', 'refunds', 'campaigns', 'tickets', 'accounts', 'events', 'inventory', 'suppliers', 'grades', 'visits', 'subscriptions', 'churn'];
const QUALIFIERS = ['daily', 'weekly', 'monthly', 'summary', 'raw', 'clean', 'staging', 'snapshot', 'latest', 'history'];
const DESCRIPTION_WORDS = ['revenue', 'region', 'marketing', 'finance', 'retention', 'forecast', 'warehouse', 'attribution', 'cohort', 'quality', 'latency', 'compliance'];
const COLUMN_WORDS = ['id', 'created_at', 'updated_at', 'amount', 'currency', 'country_code', 'customer_id', 'order_id', 'status', 'channel', 'discount', 'quantity', 'unit_price', 'tax_rate', 'email', 'region_name', 'campaign_id', 'session_length', 'course_code', 'term'];

/** ~50 queries: exact names, partial words, misspellings, column names, description words, short forms. */
export const SEARCH_QUERIES = [
  'orders_daily_17', 'customers_summary_42', 'public.invoices_raw_100', 'warehouse.public.payments_clean_9', 'courses_snapshot_3', 'refunds_latest_77', 'grades_history_5', 'churn_weekly_11',
  'orders', 'customer', 'invoic', 'paym', 'enrol', 'shipm', 'subscri', 'inventory_mon', 'tickets_sta', 'campaigns_we',
  'cours_sumary', 'custmers_daily', 'invioces', 'payemnts_clean', 'shipmnets', 'enrolmnets_raw', 'prodcuts_latest', 'suplliers', 'subscriptons', 'inventroy',
  'country_code', 'customer_id', 'unit_price', 'session_length', 'tax_rate', 'course_code', 'campaign_id', 'region_name', 'currency', 'discount',
  'revenue', 'retention cohort', 'forecast', 'attribution', 'compliance', 'latency quality', 'marketing region', 'finance revenue',
  'data-eng', 'analytics',
];

/** Datasets named `<schema>.<noun>_<qualifier>_<n>` with a description, owner, tags and 20 columns each. */
export async function insertDatasets(db: PrismaClient, workspaceId: string, count: number, prefix: string): Promise<void> {
  await db.$executeRaw`
    insert into dataset (id, "workspaceId", "connId", key, name, description, owner, tags, "updatedAt")
    select gen_random_uuid()::text, ${workspaceId}, 'warehouse', 'conn:warehouse/' || n.name, n.name,
      'Holds ' || (${NOUNS}::text[])[1 + i % 20] || ' for ' || (${DESCRIPTION_WORDS}::text[])[1 + i % 12] || ' and ' || (${DESCRIPTION_WORDS}::text[])[1 + (i / 7) % 12] || ' reporting, refreshed ' || (${QUALIFIERS}::text[])[1 + (i / 20) % 10],
      (array['data-eng', 'analytics', 'finance-team', 'growth'])[1 + i % 4] || '@example.com',
      array[(array['data-eng', 'analytics', 'pii', 'gold'])[1 + i % 4]], now()
    from generate_series(0, ${count - 1}) as i,
      lateral (select ${prefix} || '.' || (${NOUNS}::text[])[1 + i % 20] || '_' || (${QUALIFIERS}::text[])[1 + (i / 20) % 10] || '_' || (i / 200)::text as name) n`;
  await db.$executeRaw`
    insert into dataset_column ("datasetId", name, "workspaceId", ordinal, "dataType", nullable)
    select d.id, (${COLUMN_WORDS}::text[])[c], d."workspaceId", c, (array['bigint', 'text', 'numeric', 'timestamptz'])[1 + c % 4], c > 1
    from dataset d, generate_series(1, ${COLUMNS_PER_DATASET}) as c where d."workspaceId" = ${workspaceId}`;
}

async function benchSearch(db: PrismaClient, workspaceId: string): Promise<{ p50: number; p95: number; hitsPerQuery: number }> {
  const ctx = systemContext(db, workspaceId, 'bench');
  for (const q of SEARCH_QUERIES) await searchWorkspace(ctx, { q });
  const times: number[] = [];
  let hits = 0;
  for (let pass = 0; pass < SEARCH_PASSES; pass++) {
    for (const q of SEARCH_QUERIES) {
      const started = performance.now();
      hits += (await searchWorkspace(ctx, { q })).length;
      times.push(performance.now() - started);
    }
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), hitsPerQuery: hits / times.length };
}

/**
 * A 5-hop graph of ~1,000 datasets: 6 layers, one DAG per hop whose task j reads datasets j and
 * j+1 of its layer and writes dataset j of the next. Edges are inserted as a deploy's sync would.
 */
export async function insertLineageGraph(db: PrismaClient, workspaceId: string): Promise<string> {
  await db.$executeRaw`
    insert into dataset (id, "workspaceId", "connId", key, name, "updatedAt")
    select 'lin_' || l || '_' || j, ${workspaceId}, 'warehouse', 'conn:warehouse/lineage.l' || l || '_' || j, 'lineage.l' || l || '_' || j, now()
    from generate_series(0, ${LINEAGE_LAYERS - 1}) l, generate_series(0, ${LINEAGE_PER_LAYER - 1}) j`;
  for (let hop = 0; hop < LINEAGE_LAYERS - 1; hop++) {
    const dag = await db.dag.create({ data: { workspaceId, dagId: `lineage_hop_${hop}` } });
    const version = await db.dagVersion.create({ data: { workspaceId, dagPk: dag.id, version: 1, spec: {}, sourceText: '', sourceFormat: 'yaml', contentHash: `hop${hop}` } });
    await db.dag.update({ where: { id: dag.id }, data: { currentVersionId: version.id } });
    await db.$executeRaw`
      insert into dataset_edge (id, "workspaceId", "datasetId", "dagPk", "taskId", direction, source, "dagVersionId")
      select gen_random_uuid()::text, ${workspaceId}, 'lin_' || ${hop} || '_' || ((j + k) % ${LINEAGE_PER_LAYER}), ${dag.id}, 't' || j, 'read', 'declared', ${version.id}
      from generate_series(0, ${LINEAGE_PER_LAYER - 1}) j, generate_series(0, 1) k
      union all
      select gen_random_uuid()::text, ${workspaceId}, 'lin_' || ${hop + 1} || '_' || j, ${dag.id}, 't' || j, 'write', 'inferred', ${version.id}
      from generate_series(0, ${LINEAGE_PER_LAYER - 1}) j`;
  }
  return 'lin_0_0';
}

async function benchLineage(db: PrismaClient, workspaceId: string, focus: string): Promise<{ medianMs: number; nodes: number }> {
  const ctx = systemContext(db, workspaceId, 'bench');
  let nodes = (await datasetLineage(ctx, focus, { direction: 'downstream', depth: 5 })).nodes.length;
  const times: number[] = [];
  for (let call = 0; call < LINEAGE_CALLS; call++) {
    const started = performance.now();
    nodes = (await datasetLineage(ctx, focus, { direction: 'downstream', depth: 5 })).nodes.length;
    times.push(performance.now() - started);
  }
  return { medianMs: percentile(times, 50), nodes };
}

export type TCatalogBench = { searchP50Ms: number; searchP95Ms: number; hitsPerQuery: number; queries: number; lineageMs: number; lineageNodes: number };

/**
 * Catalog reads at the sizes: search over 10,000 datasets of 20 columns each (and a
 * second workspace's 2,000 as noise), through the service as tRPC and REST call it; lineage
 * 5 hops deep over 1,000 datasets.
 */
export async function benchCatalog(input: { databaseUrl: string }): Promise<TCatalogBench> {
  const db = createPrismaClient(input.databaseUrl);
  try {
    const workspace = await benchWorkspace(db, 'bench_catalog');
    const noise = await benchWorkspace(db, 'bench_catalog_noise');
    await insertDatasets(db, workspace.id, DATASETS, 'public');
    await insertDatasets(db, noise.id, NOISE_DATASETS, 'public');
    const focus = await insertLineageGraph(db, workspace.id);
    await db.$executeRawUnsafe('analyze dataset, dataset_column, dataset_column_name, dataset_edge, dag');
    const search = await benchSearch(db, workspace.id);
    const lineage = await benchLineage(db, workspace.id, focus);
    return { searchP50Ms: search.p50, searchP95Ms: search.p95, hitsPerQuery: search.hitsPerQuery, queries: SEARCH_QUERIES.length, lineageMs: lineage.medianMs, lineageNodes: lineage.nodes };
  } finally {
    await db.$disconnect();
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

/** (n) `npm run bench`'s catalog section (BENCH_ONLY=catalog): its line and its figures. */
export async function benchCatalogSection(databaseUrl: string, say: (line: string) => void): Promise<Array<{ name: string; value: number; unit: string }>> {
  const catalog = await benchCatalog({ databaseUrl });
  say(
    `(n) catalog search over ${DATASETS} datasets × ${COLUMNS_PER_DATASET} columns (+${NOISE_DATASETS} in another workspace), ${catalog.queries} queries × ${SEARCH_PASSES}: ` +
      `p50 ${round(catalog.searchP50Ms)} ms, p95 ${round(catalog.searchP95Ms)} ms (${round(catalog.hitsPerQuery)} hits a query); ` +
      `lineage 5 hops downstream over ${LINEAGE_LAYERS * LINEAGE_PER_LAYER} datasets: median ${round(catalog.lineageMs)} ms of ${LINEAGE_CALLS} (${catalog.lineageNodes} nodes)`,
  );
  return [
    { name: 'search_p50_ms', value: round(catalog.searchP50Ms), unit: 'ms' },
    { name: 'search_p95_ms', value: round(catalog.searchP95Ms), unit: 'ms' },
    { name: 'lineage_5hop_ms', value: round(catalog.lineageMs), unit: 'ms' },
  ];
}
