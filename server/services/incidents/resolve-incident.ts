import { AppError } from '../app-error';
import { requireRole, type TServiceContext } from '../context';
import { recordAudit } from '../audit/record-audit';
import { createPostmortemDraft } from './create-postmortem-draft';
import { findIncidentRow, loadIncidentItem, type TIncidentItem } from './incident-view';

/**
 * Resolved by hand (the fix needed no run, or the DAG was retired): open or acknowledged →
 * resolved, by the caller. Clearing openKey lets the DAG's next failure open a new incident; the
 * post-mortem threshold and the pre-filled draft apply as when a successful run resolves it.
 */
export async function resolveIncident(ctx: TServiceContext, id: string, now: Date = new Date()): Promise<TIncidentItem> {
  requireRole(ctx, 'editor');
  const row = await findIncidentRow(ctx.db, ctx.workspaceId, id);
  const moved = await ctx.db.$transaction(async (tx) => {
    const count = await tx.$executeRaw`
      update incident i set state = 'resolved', "resolvedAt" = ${now}, "resolvedById" = ${ctx.actor.id}, "openKey" = null,
        "postmortemRequired" = ${now}::timestamptz - i."openedAt" > make_interval(mins => w."postmortemAfterMinutes"),
        "updatedAt" = clock_timestamp()
      from workspace w
      where i.id = ${row.id} and i."workspaceId" = ${ctx.workspaceId} and w.id = i."workspaceId" and i.state in ('open', 'acknowledged')`;
    if (count === 0) return false;
    await createPostmortemDraft(tx, ctx.workspaceId, row.id, now);
    await recordAudit(tx, ctx, { action: 'incident.resolve', targetType: 'incident', targetId: row.id, details: { dag_id: row.dagId } });
    return true;
  });
  if (!moved) throw new AppError('conflict', `Incident '${id}' is already resolved.`);
  return (await loadIncidentItem(ctx, id)).item;
}
