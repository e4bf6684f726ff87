import type { Prisma } from '../../db/client';
import type { TServiceContext } from '../context';

type TAuditWriter = { auditLog: { create(args: { data: Prisma.AuditLogUncheckedCreateInput }): Promise<unknown> } };

/** Writes who did what, in the caller's transaction when given one. */
export async function recordAudit(
  db: TAuditWriter,
  ctx: TServiceContext,
  entry: { action: string; targetType: string; targetId?: string | null; details?: Prisma.InputJsonValue },
): Promise<void> {
  await db.auditLog.create({
    data: {
      workspaceId: ctx.workspaceId,
      actorType: ctx.actor.type,
      actorId: ctx.actor.id,
      actorLabel: ctx.actor.label,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      details: entry.details ?? {},
    },
  });
}
