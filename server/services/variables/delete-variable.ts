import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { variableNotFound } from './variable-view';

export async function deleteVariable(ctx: TServiceContext, key: string): Promise<void> {
  requireRole(ctx, 'editor');
  await ctx.db.$transaction(async (tx) => {
    const deleted = await tx.variable.deleteMany({ where: { workspaceId: ctx.workspaceId, key } });
    if (deleted.count === 0) throw variableNotFound(key);
    await recordAudit(tx, ctx, { action: 'variable.delete', targetType: 'variable', targetId: key });
  });
}
