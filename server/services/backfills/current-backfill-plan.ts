import type { TDb } from '../../db/sql';
import type { TDag } from '../../domain/dag/parse-dag-spec';
import {
  planBackfill,
  type TBackfillPlanItem,
  type TExistingRunState,
  type TReprocessBehavior,
} from '../../domain/schedule/backfill-plan';
import { AppError } from '../app-error';
import { scheduleConfigOf } from '../../domain/schedule/schedule-config';

export type TBackfillRange = {
  fromDate: Date;
  toDate: Date;
  reprocessBehavior: TReprocessBehavior;
  runBackwards: boolean;
};

/** A plan item with the run that exists for its date (the one a `reprocess` re-runs). */
export type TCurrentPlanItem = TBackfillPlanItem & { existingRunPk: string | null };

type TExistingRun = { id: string; logicalDate: Date; state: string; endDate: Date | null; backfillId: string | null };

function isRunState(state: string): state is TExistingRunState {
  return state === 'queued' || state === 'running' || state === 'success' || state === 'failed';
}

/**
 * planBackfill against the DAG's runs as they are now. A plan the domain refuses (no schedule,
 * reversed or too long a range) is a 400.
 *
 * With `backfill` (the scheduler's view of a stored backfill, re-planned at every tick), two
 * more kinds of date are skipped, so that what the backfill does to a date is decided by the
 * runs as they were when it was created, not by whenever the scheduler looks:
 * - a run attached to the backfill already: it created the run, or reprocessed it (at most once);
 * - a run that finished after the backfill was created: it was queued or running then (which
 *   planBackfill skips, as Airflow does with runs "in flight"), or someone re-ran it since.
 */
export async function currentBackfillPlan(
  db: TDb,
  input: { dagPk: string; spec: TDag; range: TBackfillRange; backfill?: { id: string; createdAt: Date } },
): Promise<TCurrentPlanItem[]> {
  const { fromDate, toDate } = input.range;
  const runs = await db.$queryRaw<TExistingRun[]>`
    select id, "logicalDate", state, "endDate", "backfillId" from dag_run
    where "dagPk" = ${input.dagPk} and "logicalDate" >= ${fromDate} and "logicalDate" <= ${toDate}`;
  const planned = planBackfill({
    config: scheduleConfigOf(input.spec),
    ...input.range,
    existingRuns: runs.flatMap((run) => (isRunState(run.state) ? [{ logicalDate: run.logicalDate, state: run.state }] : [])),
  });
  if (!planned.ok) throw new AppError('invalid_input', planned.error.message);
  const byDate = new Map(runs.map((run) => [run.logicalDate.getTime(), run]));
  return planned.value.map((item) => {
    const run = byDate.get(item.logicalDate.getTime());
    if (!run) return { ...item, existingRunPk: null };
    const skip = input.backfill ? skipReason(run, input.backfill) : null;
    return skip ? { ...item, action: 'skip', reason: skip, existingRunPk: run.id } : { ...item, existingRunPk: run.id };
  });
}

function skipReason(run: TExistingRun, backfill: { id: string; createdAt: Date }): string | null {
  if (run.backfillId === backfill.id) return 'the run for this date belongs to this backfill already';
  if (run.endDate && run.endDate.getTime() > backfill.createdAt.getTime()) {
    return 'the run for this date was queued or running when the backfill was created, or was re-run since';
  }
  return null;
}
