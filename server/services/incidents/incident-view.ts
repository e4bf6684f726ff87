import { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';

export const INCIDENT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type TIncidentState = (typeof INCIDENT_STATES)[number];

export const POSTMORTEM_STATES = ['none', 'draft', 'written'] as const;
export type TPostmortemState = (typeof POSTMORTEM_STATES)[number];

/** An incident as lists and pages show it. */
export type TIncidentItem = {
  id: string;
  dagId: string;
  title: string;
  state: TIncidentState;
  openedAt: Date;
  acknowledgedAt: Date | null;
  /** Who acknowledged it, as the audit log names actors. */
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  failureCount: number;
  postmortemRequired: boolean;
  postmortemState: TPostmortemState;
  /** Flagged "post-mortem required" and none written yet (a draft does not count). */
  postmortemPending: boolean;
  /** Time to acknowledge and to resolve, in seconds; null until it happens. */
  ttaSeconds: number | null;
  ttrSeconds: number | null;
};

/** The columns every incident query reads (raw SQL: the list searches with full-text). */
export type TIncidentRow = {
  id: string;
  dagId: string;
  dagPk: string;
  title: string;
  state: string;
  openedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedById: string | null;
  resolvedAt: Date | null;
  resolvedById: string | null;
  failureCount: number;
  postmortemRequired: boolean;
  postmortemIsDraft: boolean | null;
  firstDagRunId: string | null;
  resolvingDagRunId: string | null;
};

export const INCIDENT_COLUMNS = Prisma.raw(`i.id, d."dagId", i."dagPk", i.title, i.state, i."openedAt", i."acknowledgedAt", i."acknowledgedById",
  i."resolvedAt", i."resolvedById", i."failureCount", i."postmortemRequired", p."isDraft" as "postmortemIsDraft",
  i."firstDagRunId", i."resolvingDagRunId"`);

export const INCIDENT_FROM = Prisma.raw(`incident i join dag d on d.id = i."dagPk" left join postmortem p on p."incidentId" = i.id`);

function seconds(from: Date, to: Date | null): number | null {
  return to === null ? null : Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}

export function incidentItem(row: TIncidentRow, labels: ReadonlyMap<string, string>): TIncidentItem {
  const label = (id: string | null) => (id === null ? null : (labels.get(id) ?? 'a removed user'));
  return {
    id: row.id,
    dagId: row.dagId,
    title: row.title,
    state: row.state as TIncidentState,
    openedAt: row.openedAt,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: label(row.acknowledgedById),
    resolvedAt: row.resolvedAt,
    resolvedBy: label(row.resolvedById),
    failureCount: row.failureCount,
    postmortemRequired: row.postmortemRequired,
    postmortemState: row.postmortemIsDraft === null ? 'none' : row.postmortemIsDraft ? 'draft' : 'written',
    postmortemPending: row.postmortemRequired && row.postmortemIsDraft !== false,
    ttaSeconds: seconds(row.openedAt, row.acknowledgedAt),
    ttrSeconds: seconds(row.openedAt, row.resolvedAt),
  };
}

/**
 * The labels of the actors an incident stores by id (acknowledged/resolved by, post-mortem
 * authors): a user by email, as the audit log prints them; an API token by its name.
 */
export async function actorLabels(db: TDb, workspaceId: string, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  // One after the other: `db` may be a transaction, whose connection runs one query at a time.
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true } });
  const tokens = await db.apiToken.findMany({ where: { id: { in: wanted }, workspaceId }, select: { id: true, name: true, prefix: true } });
  return new Map([
    ...users.map((user) => [user.id, user.email] as const),
    ...tokens.map((token) => [token.id, `token ${token.name} (${token.prefix}…)`] as const),
  ]);
}

/** One incident of the caller's workspace; another workspace's is not found, exactly as a missing one. */
export async function findIncidentRow(db: TDb, workspaceId: string, id: string): Promise<TIncidentRow> {
  const rows = await db.$queryRaw<TIncidentRow[]>`
    select ${INCIDENT_COLUMNS} from ${INCIDENT_FROM} where i.id = ${id} and i."workspaceId" = ${workspaceId}`;
  const row = rows[0];
  if (!row) throw new AppError('not_found', `Incident '${id}' does not exist.`);
  return row;
}

export async function loadIncidentItem(ctx: TServiceContext, id: string): Promise<{ row: TIncidentRow; item: TIncidentItem }> {
  const row = await findIncidentRow(ctx.db, ctx.workspaceId, id);
  const labels = await actorLabels(ctx.db, ctx.workspaceId, [row.acknowledgedById, row.resolvedById]);
  return { row, item: incidentItem(row, labels) };
}
