import { Prisma } from '../../db/client';
import { requireRole, type TServiceContext } from '../context';

/** Per DAG: how many incidents, how many unresolved, and the time to acknowledge and to resolve (seconds). */
export type TIncidentDagStats = {
  dagId: string;
  incidents: number;
  open: number;
  acknowledged: number;
  ttaSecondsSum: number;
  ttaSecondsMean: number | null;
  ttrSecondsSum: number;
  ttrSecondsMean: number | null;
};

/**
 * Incidents opened in [from, to), grouped by DAG, most incidents first. The means are over the
 * incidents that were acknowledged (resolved), so an open incident does not pull them down.
 */
export async function incidentStatsByDag(ctx: TServiceContext, filter: { from?: Date; to?: Date }): Promise<TIncidentDagStats[]> {
  requireRole(ctx, 'viewer');
  const from = filter.from ? Prisma.sql`and i."openedAt" >= ${filter.from}` : Prisma.empty;
  const to = filter.to ? Prisma.sql`and i."openedAt" < ${filter.to}` : Prisma.empty;
  const rows = await ctx.db.$queryRaw<{ dagId: string; incidents: number; open: number; acknowledged: number; ttaSum: number | null; ttaMean: number | null; ttrSum: number | null; ttrMean: number | null }[]>`
    select d."dagId",
      count(*)::int as incidents,
      (count(*) filter (where i.state <> 'resolved'))::int as open,
      (count(*) filter (where i.state = 'acknowledged'))::int as acknowledged,
      sum(extract(epoch from i."acknowledgedAt" - i."openedAt"))::float8 as "ttaSum",
      avg(extract(epoch from i."acknowledgedAt" - i."openedAt"))::float8 as "ttaMean",
      sum(extract(epoch from i."resolvedAt" - i."openedAt"))::float8 as "ttrSum",
      avg(extract(epoch from i."resolvedAt" - i."openedAt"))::float8 as "ttrMean"
    from incident i join dag d on d.id = i."dagPk"
    where i."workspaceId" = ${ctx.workspaceId} ${from} ${to}
    group by d."dagId"
    order by incidents desc, d."dagId"`;
  const round = (value: number | null) => (value === null ? null : Math.round(value));
  return rows.map((row) => ({
    dagId: row.dagId,
    incidents: row.incidents,
    open: row.open,
    acknowledged: row.acknowledged,
    ttaSecondsSum: round(row.ttaSum) ?? 0,
    ttaSecondsMean: round(row.ttaMean),
    ttrSecondsSum: round(row.ttrSum) ?? 0,
    ttrSecondsMean: round(row.ttrMean),
  }));
}
