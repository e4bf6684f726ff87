import type { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import { requireRole, type TServiceContext } from '../context';

/** Every part optional; the parts given must all match. `to` is exclusive. */
export type TAuditFilter = { actor?: string; action?: string; dagId?: string; from?: Date; to?: Date };

function whereOf(ctx: TServiceContext, filter: TAuditFilter): Prisma.AuditLogWhereInput {
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw new AppError('invalid_input', 'The date range ends before it starts: choose a "to" date on or after the "from" date.', [
      { path: 'to', line: null, column: null, message: 'ends before the "from" date' },
    ]);
  }
  return {
    // Always the caller's workspace: a filter narrows it, never widens it.
    workspaceId: ctx.workspaceId,
    ...(filter.actor !== undefined ? { actorLabel: filter.actor } : {}),
    ...(filter.action !== undefined ? { action: filter.action } : {}),
    ...(filter.dagId !== undefined ? { dagId: filter.dagId } : {}),
    ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
}

/** One page of the workspace's audit log, newest first, narrowed by `filter`. */
export async function listAuditLog(ctx: TServiceContext, page: { limit: number; offset: number }, filter: TAuditFilter = {}) {
  requireRole(ctx, 'viewer');
  const where = whereOf(ctx, filter);
  const [rows, total] = await Promise.all([
    ctx.db.auditLog.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: page.offset,
      take: page.limit,
      select: { id: true, actorLabel: true, actorType: true, action: true, targetType: true, targetId: true, dagId: true, details: true, createdAt: true },
    }),
    ctx.db.auditLog.count({ where }),
  ]);
  return { entries: rows.map((row) => ({ ...row, id: row.id.toString(), details: JSON.stringify(row.details) })), total };
}

/** The most values a filter's list offers; a longer tail is still reachable through the URL. */
const FACET_LIMIT = 200;

/** The actors and actions the workspace's log holds, for the filters' choices (each by its index). */
export async function auditLogFacets(ctx: TServiceContext) {
  requireRole(ctx, 'viewer');
  const where = { workspaceId: ctx.workspaceId };
  const [actors, actions] = await Promise.all([
    ctx.db.auditLog.groupBy({ by: ['actorLabel'], where, orderBy: { actorLabel: 'asc' }, take: FACET_LIMIT }),
    ctx.db.auditLog.groupBy({ by: ['action'], where, orderBy: { action: 'asc' }, take: FACET_LIMIT }),
  ]);
  return {
    actors: actors.flatMap((row) => (row.actorLabel === null ? [] : [row.actorLabel])),
    actions: actions.map((row) => row.action),
  };
}
