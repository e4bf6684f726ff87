import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { DEFAULT_POOL_NAME, poolNotFound } from './pool-errors';

/** Deletes a pool; `default_pool` stays, since every task without a pool runs in it. */
export async function deletePool(ctx: TServiceContext, name: string): Promise<void> {
  requireRole(ctx, 'admin');
  if (name === DEFAULT_POOL_NAME) throw new AppError('invalid_input', `The ${DEFAULT_POOL_NAME} cannot be deleted; change its slots instead.`);
  await ctx.db.$transaction(async (tx) => {
    const deleted = await tx.pool.deleteMany({ where: { workspaceId: ctx.workspaceId, name } });
    if (deleted.count === 0) throw poolNotFound(name);
    await recordAudit(tx, ctx, { action: 'pool.delete', targetType: 'pool', targetId: name });
  });
}
