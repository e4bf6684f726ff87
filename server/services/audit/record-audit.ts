import type { Prisma } from '../../db/client';
import type { TServiceContext } from '../context';

type TAuditWriter = Pick<Prisma.TransactionClient, 'auditLog' | 'backfill'>;

export type TAuditEntry = { action: string; targetType: string; targetId?: string | null; details?: Prisma.InputJsonValue };

/**
 * The dag_id an entry concerns, read from its target, so the log can be filtered by DAG
 * without each caller naming it: a DAG's id, the DAG part of a run's or task instance's
 * `dag/run[/task]` (a dag_id never contains '/'), a backfill's `dag_id` detail. Null when the
 * target says nothing of a DAG (a backfill's pause or cancel: looked up by the caller below).
 */
export function auditDagId(entry: TAuditEntry): string | null {
  const target = entry.targetId ?? null;
  if (target === null) return null;
  if (entry.targetType === 'dag') return target;
  if (entry.targetType === 'dag_run' || entry.targetType === 'task_instance') return target.split('/')[0] ?? null;
  const details = entry.details;
  if (entry.targetType === 'backfill' && typeof details === 'object' && details !== null && !Array.isArray(details)) {
    const dagId = (details as Record<string, unknown>).dag_id;
    return typeof dagId === 'string' ? dagId : null;
  }
  return null;
}

/** Writes who did what, in the caller's transaction when given one. */
export async function recordAudit(db: TAuditWriter, ctx: TServiceContext, entry: TAuditEntry): Promise<void> {
  let dagId = auditDagId(entry);
  if (dagId === null && entry.targetType === 'backfill' && entry.targetId) {
    const backfill = await db.backfill.findFirst({ where: { id: entry.targetId, workspaceId: ctx.workspaceId }, select: { dag: { select: { dagId: true } } } });
    dagId = backfill?.dag.dagId ?? null;
  }
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
      dagId,
    },
  });
}
