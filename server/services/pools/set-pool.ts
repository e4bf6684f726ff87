import { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { poolNotFound } from './pool-errors';

export type TPoolWrite = { name: string; slots: number; description?: string | null };

export async function createPool(ctx: TServiceContext, input: TPoolWrite): Promise<void> {
  requireRole(ctx, 'admin');
  const data = { workspaceId: ctx.workspaceId, name: input.name, slots: input.slots, description: input.description ?? null };
  // The unique index on (workspace, name) decides a race between two creates.
  await ctx.db.pool.create({ data }).catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('conflict', `A pool '${input.name}' already exists in this workspace.`);
    }
    throw error;
  });
  await recordAudit(ctx.db, ctx, { action: 'pool.create', targetType: 'pool', targetId: input.name, details: { slots: input.slots } });
}

export async function updatePool(ctx: TServiceContext, input: TPoolWrite): Promise<void> {
  requireRole(ctx, 'admin');
  const updated = await ctx.db.pool.updateMany({
    where: { workspaceId: ctx.workspaceId, name: input.name },
    data: { slots: input.slots, description: input.description },
  });
  if (updated.count === 0) throw poolNotFound(input.name);
  await recordAudit(ctx.db, ctx, { action: 'pool.update', targetType: 'pool', targetId: input.name, details: { slots: input.slots } });
}
