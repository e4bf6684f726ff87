import type pg from 'pg';
import type { SecretBox } from '../../auth/secret-box';
import type { PrismaClient } from '../../db/client';
import { parseTableText } from '../../domain/catalog/table-name';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { withWarehouse, WarehouseUnavailable } from './warehouse-client';

type TTarget = { workspaceId: string; connId: string; datasets: { id: string; schema: string; table: string }[] };
type TStatRow = { schema: string; table: string; seq_scan: string; idx_scan: string; n_live_tup: string };

export type TSamplePass = { connections: number; samples: number; unavailable: { workspaceId: string; connId: string; message: string }[] };

/** Every postgres connection that has datasets, with its datasets' schema and table. */
async function sampleTargets(db: PrismaClient): Promise<TTarget[]> {
  const rows = await db.$queryRaw<{ id: string; workspaceId: string; connId: string; name: string }[]>`
    select d.id, d."workspaceId", d."connId", d.name from dataset d
    join connection c on c."workspaceId" = d."workspaceId" and c."connId" = d."connId" and lower(c."connType") in ('postgres', 'postgresql')
    order by d."workspaceId", d."connId"`;
  const targets = new Map<string, TTarget>();
  for (const row of rows) {
    const table = parseTableText(row.name, 'public');
    if (!table.ok) continue;
    const key = `${row.workspaceId}\u0000${row.connId}`;
    const target = targets.get(key) ?? { workspaceId: row.workspaceId, connId: row.connId, datasets: [] };
    target.datasets.push({ id: row.id, schema: table.value.schema, table: table.value.table });
    targets.set(key, target);
  }
  return [...targets.values()];
}

/** One query per connection for all of its tables; a table that does not exist has no row. */
async function readCounters(client: pg.Client, target: TTarget): Promise<TStatRow[]> {
  const { rows } = await client.query<TStatRow>(
    `select s.schemaname as schema, s.relname as table, s.seq_scan::text, coalesce(s.idx_scan, 0)::text as idx_scan, s.n_live_tup::text
     from pg_catalog.pg_stat_user_tables s
     join unnest($1::text[], $2::text[]) as wanted(schema, name) on wanted.schema = s.schemaname and wanted.name = s.relname`,
    [target.datasets.map((dataset) => dataset.schema), target.datasets.map((dataset) => dataset.table)],
  );
  return rows;
}

/**
 * Samples the warehouses' own read counters (pg_stat_user_tables: sequential and index scans,
 * live rows) for every dataset, into dataset_scan_sample: reads over a window are how much the
 * counters grew across it. Connections are asked one after the other (a pass is hourly by
 * default); one that cannot be reached is reported and sampled at the next pass.
 */
export async function sampleScanCounts(db: PrismaClient, box: SecretBox, egress: TEgressPolicy): Promise<TSamplePass> {
  const targets = await sampleTargets(db);
  const pass: TSamplePass = { connections: targets.length, samples: 0, unavailable: [] };
  for (const target of targets) {
    let rows: TStatRow[];
    try {
      rows = await withWarehouse(db, box, target, egress, (client) => readCounters(client, target));
    } catch (error) {
      if (!(error instanceof WarehouseUnavailable) && !(error instanceof Error && 'code' in error)) throw error;
      pass.unavailable.push({ workspaceId: target.workspaceId, connId: target.connId, message: error.message });
      continue;
    }
    const byTable = new Map(rows.map((row) => [`${row.schema}\u0000${row.table}`, row]));
    const data = target.datasets.flatMap((dataset) => {
      const row = byTable.get(`${dataset.schema}\u0000${dataset.table}`);
      if (row === undefined) return [];
      return [{ workspaceId: target.workspaceId, datasetId: dataset.id, seqScan: BigInt(row.seq_scan), idxScan: BigInt(row.idx_scan), liveRows: BigInt(row.n_live_tup) }];
    });
    // A dataset deleted since the targets were read would fail the whole insert on its foreign key.
    const existing = new Set((await db.dataset.findMany({ where: { id: { in: data.map((row) => row.datasetId) } }, select: { id: true } })).map((row) => row.id));
    const { count } = await db.datasetScanSample.createMany({ data: data.filter((row) => existing.has(row.datasetId)) });
    pass.samples += count;
  }
  await thinScanSamples(db);
  return pass;
}

/**
 * Samples are hourly, but the report judges days: once a day is two days old only its last
 * sample per dataset is kept, and none past a year (the report's window is at most that), so
 * the table grows by one row per dataset per day, not 24, and stops growing.
 */
export async function thinScanSamples(db: PrismaClient): Promise<void> {
  await db.$executeRaw`
    delete from dataset_scan_sample s
    where s."sampledAt" < now() - interval '2 days' and s."sampledAt" >= now() - interval '4 days'
      and exists (select 1 from dataset_scan_sample later
                  where later."datasetId" = s."datasetId" and later."sampledAt" > s."sampledAt"
                    and date_trunc('day', later."sampledAt") = date_trunc('day', s."sampledAt"))`;
  await db.$executeRaw`delete from dataset_scan_sample where "sampledAt" < now() - interval '366 days'`;
}
