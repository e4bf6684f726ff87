import type { SecretBox } from '../../auth/secret-box';
import { requireRole, type TServiceContext } from '../context';
import { CONNECTION_VIEW_SELECT, toConnectionView, type TConnectionView } from './connection-view';

/** One page of the workspace's connections, ordered by connection id (Airflow's default order). */
export async function listConnections(
  ctx: TServiceContext,
  box: SecretBox,
  page: { limit: number; offset: number },
): Promise<{ connections: TConnectionView[]; totalEntries: number }> {
  requireRole(ctx, 'viewer');
  const where = { workspaceId: ctx.workspaceId };
  const [rows, totalEntries] = await Promise.all([
    ctx.db.connection.findMany({ where, orderBy: { connId: 'asc' }, skip: page.offset, take: page.limit, select: CONNECTION_VIEW_SELECT }),
    ctx.db.connection.count({ where }),
  ]);
  return { connections: rows.map((row) => toConnectionView(row, box)), totalEntries };
}

/** Which of these connections have a password stored (never the password): forms show •••• for them. */
export async function connectionsWithPassword(ctx: TServiceContext, connIds: readonly string[]): Promise<Set<string>> {
  requireRole(ctx, 'viewer');
  const rows = await ctx.db.connection.findMany({
    where: { workspaceId: ctx.workspaceId, connId: { in: [...connIds] }, passwordEncrypted: { not: null } },
    select: { connId: true },
  });
  return new Set(rows.map((row) => row.connId));
}
