import { Prisma } from '../../db/client';
import { requireRole, type TServiceContext } from '../context';
import { actorLabels, INCIDENT_COLUMNS, INCIDENT_FROM, incidentItem, type TIncidentItem, type TIncidentRow, type TIncidentState } from './incident-view';

export type TIncidentFilter = {
  dagId?: string;
  state?: TIncidentState;
  /** Words to find in the title, the DAG id or the post-mortem (web-search syntax: "quoted", -not, or). */
  q?: string;
  /** Opened at or after / before. */
  from?: Date;
  to?: Date;
  /** Only incidents flagged "post-mortem required" whose post-mortem is not written yet. */
  postmortemPending?: boolean;
  limit: number;
  offset: number;
};

/**
 * The workspace's incidents, newest first. The search is PostgreSQL's own full text over the
 * title, DAG id and post-mortem (no search server), plus a substring match on the DAG id, which
 * the text parser would cut at its underscores and dots.
 */
export async function listIncidents(ctx: TServiceContext, filter: TIncidentFilter): Promise<{ items: TIncidentItem[]; total: number }> {
  requireRole(ctx, 'viewer');
  const where = whereOf(ctx.workspaceId, filter);
  const [rows, counted] = await Promise.all([
    ctx.db.$queryRaw<TIncidentRow[]>`
      select ${INCIDENT_COLUMNS} from ${INCIDENT_FROM} where ${where}
      order by i."openedAt" desc, i.id desc limit ${filter.limit} offset ${filter.offset}`,
    ctx.db.$queryRaw<{ total: number }[]>`select count(*)::int as total from ${INCIDENT_FROM} where ${where}`,
  ]);
  const labels = await actorLabels(ctx.db, ctx.workspaceId, rows.flatMap((row) => [row.acknowledgedById, row.resolvedById]));
  return { items: rows.map((row) => incidentItem(row, labels)), total: counted[0]?.total ?? 0 };
}

function whereOf(workspaceId: string, filter: TIncidentFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`i."workspaceId" = ${workspaceId}`];
  if (filter.dagId !== undefined) conditions.push(Prisma.sql`d."dagId" = ${filter.dagId}`);
  if (filter.state !== undefined) conditions.push(Prisma.sql`i.state = ${filter.state}`);
  if (filter.from !== undefined) conditions.push(Prisma.sql`i."openedAt" >= ${filter.from}`);
  if (filter.to !== undefined) conditions.push(Prisma.sql`i."openedAt" < ${filter.to}`);
  if (filter.postmortemPending) conditions.push(Prisma.sql`i."postmortemRequired" and coalesce(p."isDraft", true)`);
  const q = filter.q?.trim();
  if (q) {
    conditions.push(Prisma.sql`(
      to_tsvector('english', i.title || ' ' || d."dagId" || ' ' || coalesce(p.markdown, '')) @@ websearch_to_tsquery('english', ${q})
      or d."dagId" ilike ${`%${escapeLike(q)}%`})`);
  }
  return Prisma.join(conditions, ' and ');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
