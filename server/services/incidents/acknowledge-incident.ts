import { AppError } from '../app-error';
import { requireRole, type TServiceContext } from '../context';
import { recordAudit } from '../audit/record-audit';
import { actorLabels, findIncidentRow, loadIncidentItem, type TIncidentItem } from './incident-view';

/**
 * Someone is on it: open → acknowledged, by the caller (compare-and-set on the state, so two
 * people acknowledging at once get one winner). Acknowledging again changes nothing and is
 * refused naming who acknowledged it and when.
 */
export async function acknowledgeIncident(ctx: TServiceContext, id: string): Promise<TIncidentItem> {
  requireRole(ctx, 'editor');
  const row = await findIncidentRow(ctx.db, ctx.workspaceId, id);
  const moved = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.incident.updateMany({
      where: { id: row.id, workspaceId: ctx.workspaceId, state: 'open' },
      data: { state: 'acknowledged', acknowledgedAt: new Date(), acknowledgedById: ctx.actor.id },
    });
    if (count === 1) await recordAudit(tx, ctx, { action: 'incident.acknowledge', targetType: 'incident', targetId: row.id, details: { dag_id: row.dagId } });
    return count === 1;
  });
  if (!moved) throw await notOpen(ctx, id);
  return (await loadIncidentItem(ctx, id)).item;
}

async function notOpen(ctx: TServiceContext, id: string): Promise<AppError> {
  const current = await findIncidentRow(ctx.db, ctx.workspaceId, id);
  if (current.state === 'resolved') return new AppError('conflict', `Incident '${id}' is already resolved; there is nothing to acknowledge.`);
  const labels = await actorLabels(ctx.db, ctx.workspaceId, [current.acknowledgedById]);
  const who = current.acknowledgedById === null ? 'someone' : (labels.get(current.acknowledgedById) ?? 'a removed user');
  const when = current.acknowledgedAt ? ` at ${current.acknowledgedAt.toISOString()}` : '';
  return new AppError('conflict', `Incident '${id}' was already acknowledged by ${who}${when}.`);
}
