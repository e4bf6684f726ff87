import { Prisma } from '../../db/client';
import { requireRole, type TServiceContext } from '../context';
import { datasetShortFormSql } from './dataset-view';

export type TUnusedDataset = {
  id: string;
  connId: string;
  name: string;
  deprecatedAt: Date | null;
  /** The DAGs that write it: the ones "pause producing DAG" would pause. */
  producers: { dagId: string; isPaused: boolean }[];
  /** The evidence: scan-counter samples in the window, the first and last, and the reads they show (0 here). */
  samples: number;
  firstSampledAt: Date;
  lastSampledAt: Date;
  scans: bigint;
};

export type TUnreadDag = { dagId: string; isPaused: boolean; outputs: string[] };

/** A dataset no task reads whose warehouse gives no read counters to sample: neither used nor unused. */
export type TUnjudgedDataset = { id: string; connId: string; name: string; reason: string };

export type TUnusedReport = { days: number; since: Date; datasets: TUnusedDataset[]; dags: TUnreadDag[]; noReadStatistics: TUnjudgedDataset[] };

/**
 * MySQL's read counters (performance_schema's table I/O) are optional, and off by default on
 * MariaDB: its datasets are never sampled, so nothing can say nobody read them.
 */
const NO_READ_STATISTICS = Prisma.sql`(select lower(c."connType") = 'mysql' from connection c where c."workspaceId" = d."workspaceId" and c."connId" = d."connId")`;

/**
 * Reads per dataset in the window: the growth of seq_scan + idx_scan between consecutive
 * samples. A counter that went down was reset (pg_stat_reset, a restored server): the reads
 * after a reset are its new value.
 */
function evidence(workspaceId: string, since: Date): Prisma.Sql {
  return Prisma.sql`
    with ordered as (
      select s."datasetId", s."sampledAt", s."seqScan" + s."idxScan" as scans,
             lag(s."seqScan" + s."idxScan") over (partition by s."datasetId" order by s."sampledAt", s.id) as previous
      from dataset_scan_sample s where s."workspaceId" = ${workspaceId} and s."sampledAt" >= ${since}
    )
    select "datasetId", count(*)::int as samples, min("sampledAt") as first_at, max("sampledAt") as last_at,
           coalesce(sum(case when previous is null then 0 when scans >= previous then scans - previous else scans end), 0)::bigint as reads
    from ordered group by "datasetId"`;
}

/**
 * Airflow-world housekeeping ("kill unused tables and pipelines"): datasets that no task of any
 * DAG reads and whose warehouse read counters did not grow over the last `days` (at least two
 * samples in the window: no evidence, no verdict); and DAGs every output of which no other
 * DAG reads and no query read in the window. MySQL datasets no task reads are listed apart,
 * without a verdict, and never make their producer an unread DAG.
 */
export async function listUnusedDatasets(ctx: TServiceContext, input: { days: number; now: Date }): Promise<TUnusedReport> {
  requireRole(ctx, 'viewer');
  const since = new Date(input.now.getTime() - input.days * 86_400_000);
  const { workspaceId } = ctx;
  const datasets = await ctx.db.$queryRaw<(Omit<TUnusedDataset, 'firstSampledAt' | 'lastSampledAt' | 'scans'> & { first_at: Date; last_at: Date; reads: bigint })[]>`
    with evidence as (${evidence(workspaceId, since)})
    select d.id, d."connId", d.name, d."deprecatedAt", e.samples, e.first_at, e.last_at, e.reads,
           coalesce((select json_agg(json_build_object('dagId', g."dagId", 'isPaused', g."isPaused") order by g."dagId")
                     from dag g where g.id in (select w."dagPk" from dataset_edge w where w."datasetId" = d.id and w.direction = 'write')), '[]') as producers
    from dataset d join evidence e on e."datasetId" = d.id
    where d."workspaceId" = ${workspaceId} and e.samples >= 2 and e.reads = 0
      and not exists (select 1 from dataset_edge r where r."datasetId" = d.id and r.direction = 'read')
    order by d."connId", d.name`;
  const dags = await ctx.db.$queryRaw<TUnreadDag[]>`
    with evidence as (${evidence(workspaceId, since)}),
    outputs as (
      select w."dagPk", ${datasetShortFormSql('d')} as output,
             not exists (select 1 from dataset_edge r where r."datasetId" = d.id and r.direction = 'read' and r."dagPk" <> w."dagPk")
               and coalesce(e.reads, 0) = 0 and ${NO_READ_STATISTICS} is not true as unread
      from dataset_edge w join dataset d on d.id = w."datasetId" left join evidence e on e."datasetId" = d.id
      where w."workspaceId" = ${workspaceId} and w.direction = 'write'
    )
    select g."dagId", g."isPaused", array_agg(distinct o.output order by o.output) as outputs
    from outputs o join dag g on g.id = o."dagPk"
    group by g.id, g."dagId", g."isPaused" having bool_and(o.unread)
    order by g."dagId"`;
  const noReadStatistics = await ctx.db.$queryRaw<Omit<TUnjudgedDataset, 'reason'>[]>`
    select d.id, d."connId", d.name from dataset d
    where d."workspaceId" = ${workspaceId} and ${NO_READ_STATISTICS}
      and not exists (select 1 from dataset_edge r where r."datasetId" = d.id and r.direction = 'read')
    order by d."connId", d.name`;
  return {
    days: input.days,
    since,
    noReadStatistics: noReadStatistics.map((row) => ({ ...row, reason: 'no read statistics for mysql datasets' })),
    datasets: datasets.map(({ first_at, last_at, reads, ...row }) => ({ ...row, firstSampledAt: first_at, lastSampledAt: last_at, scans: reads })),
    dags,
  };
}
