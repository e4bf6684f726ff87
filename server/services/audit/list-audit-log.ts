import { requireRole, type TServiceContext } from '../context';

/** One page of the workspace's audit log, newest first. */
export async function listAuditLog(ctx: TServiceContext, page: { limit: number; offset: number }) {
  requireRole(ctx, 'viewer');
  const where = { workspaceId: ctx.workspaceId };
  const [rows, total] = await Promise.all([
    ctx.db.auditLog.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: page.offset,
      take: page.limit,
      select: { id: true, actorLabel: true, actorType: true, action: true, targetType: true, targetId: true, details: true, createdAt: true },
    }),
    ctx.db.auditLog.count({ where }),
  ]);
  return { entries: rows.map((row) => ({ ...row, id: row.id.toString(), details: JSON.stringify(row.details) })), total };
}
