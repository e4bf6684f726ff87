import { z } from 'zod';
import { ACTIVE_BACKFILL_STATES, type TBackfillView } from '../../services/backfills/backfill-view';
import { listBackfills } from '../../services/backfills/list-backfills';
import { BACKFILL_STATE_ACTIONS, setBackfillState } from '../../services/backfills/set-backfill-state';
import { roleProcedure, router, workspaceProcedure } from '../init';

const ZBackfillIdSchema = z.string().min(1).max(100);

/** A backfill as the DAG page's banner reads it: its range, settings and progress. */
function backfillBannerItem(backfill: TBackfillView) {
  return {
    id: backfill.id,
    dag_id: backfill.dagId,
    state: backfill.state,
    from_date: backfill.fromDate.toISOString(),
    to_date: backfill.toDate.toISOString(),
    max_active_runs: backfill.maxActiveRuns,
    progress: backfill.progress,
  };
}

function isActive(backfill: TBackfillView): boolean {
  return (ACTIVE_BACKFILL_STATES as readonly string[]).includes(backfill.state);
}

/** The backfill a DAG is running (or has paused), and pausing, resuming or cancelling it. */
export const backfillsRouter = router({
  /** The DAG's running or paused backfill, or null. A DAG has at most one, and it is its newest. */
  active: workspaceProcedure.input(z.object({ dagId: z.string().min(1).max(250) })).query(async ({ ctx, input }) => {
    const { backfills } = await listBackfills(ctx.service, { dagId: input.dagId, limit: 1, offset: 0 });
    const newest = backfills[0];
    return newest && isActive(newest) ? backfillBannerItem(newest) : null;
  }),

  /** pause, unpause (resume) or cancel; editors and up (the service checks again). */
  setState: roleProcedure('editor')
    .input(z.object({ id: ZBackfillIdSchema, action: z.enum(BACKFILL_STATE_ACTIONS) }))
    .mutation(async ({ ctx, input }) => backfillBannerItem(await setBackfillState(ctx.service, input.id, input.action))),
});
