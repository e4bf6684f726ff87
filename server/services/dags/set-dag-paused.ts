import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { wakeScheduler } from '../../queue/scheduler-wakeup';
import { findDagPk, getDag, type TDagWithVersion } from './get-dag';

/**
 * Pauses or unpauses a DAG. Unpausing forgets the next run the scheduler had computed, so it
 * recomputes it from now (the schedule may have moved on while paused), and wakes it at once.
 */
export async function setDagPaused(ctx: TServiceContext, input: { dagId: string; isPaused: boolean }): Promise<TDagWithVersion> {
  requireRole(ctx, 'editor');
  const dag = await findDagPk(ctx.db, ctx.workspaceId, input.dagId);
  const changed = await ctx.db.$transaction(async (tx) => {
    // Compare-and-set: only the request that actually flips the flag is audited.
    const { count } = await tx.dag.updateMany({
      where: { id: dag.id, isPaused: !input.isPaused },
      data: { isPaused: input.isPaused, ...(input.isPaused ? {} : { nextDagrunCreateAfter: null }) },
    });
    if (count > 0) {
      await recordAudit(tx, ctx, { action: input.isPaused ? 'dag.pause' : 'dag.unpause', targetType: 'dag', targetId: input.dagId });
    }
    return count > 0;
  });
  if (changed && !input.isPaused) await wakeScheduler(ctx.db);
  return getDag(ctx, input.dagId);
}
