import type { SecretBox } from '../../auth/secret-box';
import { requireRole, type TServiceContext } from '../context';
import { toVariableView, VARIABLE_VIEW_SELECT, type TVariableView } from './variable-view';

/** One page of the workspace's variables, ordered by key. */
export async function listVariables(
  ctx: TServiceContext,
  box: SecretBox,
  page: { limit: number; offset: number },
): Promise<{ variables: TVariableView[]; totalEntries: number }> {
  requireRole(ctx, 'viewer');
  const where = { workspaceId: ctx.workspaceId };
  const [rows, totalEntries] = await Promise.all([
    ctx.db.variable.findMany({ where, orderBy: { key: 'asc' }, skip: page.offset, take: page.limit, select: VARIABLE_VIEW_SELECT }),
    ctx.db.variable.count({ where }),
  ]);
  return { variables: rows.map((row) => toVariableView(row, box)), totalEntries };
}
