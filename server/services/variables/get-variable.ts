import type { SecretBox } from '../../auth/secret-box';
import { requireRole, type TServiceContext } from '../context';
import { toVariableView, VARIABLE_VIEW_SELECT, variableNotFound, type TVariableView } from './variable-view';

export async function getVariable(ctx: TServiceContext, box: SecretBox, key: string): Promise<TVariableView> {
  requireRole(ctx, 'viewer');
  const row = await ctx.db.variable.findUnique({ where: { workspaceId_key: { workspaceId: ctx.workspaceId, key } }, select: VARIABLE_VIEW_SELECT });
  if (!row) throw variableNotFound(key);
  return toVariableView(row, box);
}
