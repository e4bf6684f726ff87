import type { TDb } from '../../db/sql';
import { assertDagRunTransition } from '../../domain/state/dag-run-transitions';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { wakeScheduler } from '../../queue/scheduler-wakeup';
import { runStateChangeEvents } from '../state-events/state-change-events';
import { backfillNotFound, loadBackfillView, type TBackfillState, type TBackfillView } from './backfill-view';

export const BACKFILL_STATE_ACTIONS = ['pause', 'unpause', 'cancel'] as const;
export type TBackfillStateAction = (typeof BACKFILL_STATE_ACTIONS)[number];

const TRANSITIONS: Record<TBackfillStateAction, { from: readonly TBackfillState[]; to: TBackfillState; done: string }> = {
  pause: { from: ['running'], to: 'paused', done: 'paused' },
  unpause: { from: ['paused'], to: 'running', done: 'unpaused' },
  cancel: { from: ['running', 'paused'], to: 'cancelled', done: 'cancelled' },
};

/**
 * Pause (its queued runs are not started; running ones finish), unpause, or cancel a backfill.
 * Compare-and-set on the state; asking for the state it is already in changes nothing and
 * succeeds, so a retried request is harmless. Each change is audited as `backfill.<action>`.
 */
export async function setBackfillState(ctx: TServiceContext, id: string, action: TBackfillStateAction): Promise<TBackfillView> {
  requireRole(ctx, 'editor');
  const transition = TRANSITIONS[action];
  const changed = await ctx.db.$transaction(async (tx) => {
    const moved = await tx.backfill.updateMany({
      where: { id, workspaceId: ctx.workspaceId, state: { in: [...transition.from] } },
      data: { state: transition.to, ...(action === 'cancel' ? { completedAt: new Date() } : {}) },
    });
    if (moved.count === 0) {
      const current = await tx.backfill.findFirst({ where: { id, workspaceId: ctx.workspaceId }, select: { state: true } });
      if (!current) throw backfillNotFound(id);
      if (current.state === transition.to) return false;
      throw new AppError('conflict', `Backfill ${id} is ${current.state}; only a ${transition.from.join(' or ')} backfill can be ${transition.done}.`);
    }
    const dropped = action === 'cancel' ? await dropQueuedRuns(tx, id, ctx.actor.label) : undefined;
    await recordAudit(tx, ctx, { action: `backfill.${action}`, targetType: 'backfill', targetId: id, details: dropped ?? {} });
    return true;
  });
  if (changed && action === 'unpause') await wakeScheduler(ctx.db);
  return loadBackfillView(ctx.db, ctx.workspaceId, id);
}

/**
 * A cancelled backfill's runs that have not started: the ones it created are deleted (as
 * Airflow 3 does); existing runs it had cleared for reprocessing are not ours to delete (their
 * earlier attempts and logs belong to the DAG's history), so they are marked failed, which is
 * what Airflow 3.0 does to every queued run of a cancelled backfill. Runs already running finish.
 */
async function dropQueuedRuns(tx: TDb, backfillId: string, actor: string): Promise<{ deleted_runs: number; failed_runs: number }> {
  // The runs it created are younger than the backfill; a run it reprocesses finished before the
  // backfill was created (current-backfill-plan), so it is older, whatever its run type.
  const deleted = await tx.$executeRaw`
    delete from dag_run r using backfill b
    where b.id = ${backfillId} and r."backfillId" = b.id and r.state = 'queued'
      and r."runType" = 'backfill' and r."createdAt" >= b."createdAt"`;
  assertDagRunTransition('queued', 'failed');
  const failed = await tx.$queryRaw<{ id: string }[]>`
    with moved as (
      update dag_run set state = 'failed', "endDate" = clock_timestamp(), "updatedAt" = clock_timestamp()
      where "backfillId" = ${backfillId} and state = 'queued'
      returning id, "workspaceId", 'queued' as from_state, state as to_state
    ), events as (${runStateChangeEvents('backfill_cancelled', actor)})
    select id from moved`;
  return { deleted_runs: deleted, failed_runs: failed.length };
}
