import type { PrismaClient } from '../../db/client';
import type { TDb } from '../../db/sql';
import type { TDag } from '../../domain/dag/parse-dag-spec';
import { AppError } from '../app-error';
import { loadDagVersion } from '../dags/load-dag-version';
import { insertDagRuns } from '../runs/insert-dag-runs';
import { resetTaskInstances } from '../task-instances/reset-task-instances';
import { REPROCESS_BEHAVIORS } from './backfill-view';
import { currentBackfillPlan, type TCurrentPlanItem } from './current-backfill-plan';

export type TBackfillStepResult = { created: number; reprocessed: number; completed: number };

type TRunningBackfill = {
  id: string;
  workspaceId: string;
  dagPk: string;
  fromDate: Date;
  toDate: Date;
  reprocessBehavior: string;
  runBackwards: boolean;
  conf: Record<string, unknown>;
  createdAt: Date;
  currentVersionId: string | null;
};

/**
 * The scheduler's backfill step. Everything it needs is in the database, so a restarted (or a
 * new leader) scheduler carries on where the last one stopped. For every running backfill it
 * recomputes the plan against the DAG's runs and:
 * - creates the missing runs (`backfill` runs, queued, pinned to the DAG's current version);
 *   `on conflict do nothing` makes a repeated step create nothing twice;
 * - attaches each finished run to be reprocessed to the backfill and clears it. An attached run
 *   is skipped by later plans, so a run is reprocessed at most once per backfill; so is a run
 *   that finished only after the backfill was created (it was in flight then);
 * - completes the backfill once it has nothing left to start and every run it owns finished.
 * start-queued-runs then starts its runs within the backfill's max_active_runs.
 */
export async function runBackfills(
  db: PrismaClient,
  onError: (backfillId: string, error: unknown) => void,
): Promise<TBackfillStepResult> {
  const backfills = await db.backfill.findMany({ where: { state: 'running' }, select: { id: true }, orderBy: { createdAt: 'asc' } });
  const total: TBackfillStepResult = { created: 0, reprocessed: 0, completed: 0 };
  // One at a time, each in its own transaction: no transaction spans more than one DAG, and a
  // backfill whose step fails (reported, retried at the next tick) holds up neither the other
  // backfills nor the rest of the scheduler's tick.
  for (const { id } of backfills) {
    try {
      // Creating a year of runs with their task instances, or clearing them, takes longer
      // than Prisma's default 5 s on a busy database.
      const step = await db.$transaction((tx) => runBackfill(tx, id), { timeout: 60_000 });
      total.created += step.created;
      total.reprocessed += step.reprocessed;
      total.completed += step.completed;
    } catch (error) {
      onError(id, error);
    }
  }
  return total;
}

async function runBackfill(tx: TDb, id: string): Promise<TBackfillStepResult> {
  // The row lock orders this step against a concurrent cancel: either the cancel sees (and
  // deletes) the runs created here, or this step sees the backfill cancelled and does nothing.
  const [backfill] = await tx.$queryRaw<TRunningBackfill[]>`
    select b.id, b."workspaceId", b."dagPk", b."fromDate", b."toDate", b."reprocessBehavior", b."runBackwards", b.conf,
           b."createdAt", d."currentVersionId"
    from backfill b join dag d on d.id = b."dagPk"
    where b.id = ${id} and b.state = 'running' for update of b`;
  if (!backfill) return { created: 0, reprocessed: 0, completed: 0 };
  const spec = backfill.currentVersionId ? await loadDagVersion(tx, backfill.currentVersionId) : null;
  const plan = spec ? await planOrNothing(tx, backfill, spec) : [];
  const created = spec ? await createRuns(tx, backfill, spec, plan.filter((item) => item.action === 'create')) : 0;
  const toReprocess = plan.flatMap((item) => (item.action === 'reprocess' && item.existingRunPk ? [item.existingRunPk] : []));
  const reprocessed = await reprocessRuns(tx, backfill, toReprocess);
  const completed = created === 0 && reprocessed === 0 ? await completeIfDone(tx, backfill.id) : 0;
  return { created, reprocessed, completed };
}

/**
 * The plan, or none when the domain now refuses it (the DAG lost its schedule since the
 * backfill was created): the backfill then only finishes the runs it has.
 */
async function planOrNothing(tx: TDb, backfill: TRunningBackfill, spec: TDag): Promise<TCurrentPlanItem[]> {
  const reprocessBehavior = REPROCESS_BEHAVIORS.find((behavior) => behavior === backfill.reprocessBehavior) ?? 'none';
  try {
    return await currentBackfillPlan(tx, {
      dagPk: backfill.dagPk,
      spec,
      range: { fromDate: backfill.fromDate, toDate: backfill.toDate, reprocessBehavior, runBackwards: backfill.runBackwards },
      backfill: { id: backfill.id, createdAt: backfill.createdAt },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') return [];
    throw error;
  }
}

async function createRuns(tx: TDb, backfill: TRunningBackfill, spec: TDag, items: TCurrentPlanItem[]): Promise<number> {
  if (items.length === 0 || !backfill.currentVersionId) return 0;
  const runs = await insertDagRuns(tx, {
    workspaceId: backfill.workspaceId,
    dagPk: backfill.dagPk,
    dagVersionId: backfill.currentVersionId,
    spec,
    runType: 'backfill',
    // A backfill's intervals closed long ago: each run may start as soon as its turn comes.
    infos: items.map((item) => ({ logicalDate: item.logicalDate, dataInterval: item.dataInterval, runAfter: item.dataInterval.end })),
    conf: backfill.conf,
    backfillId: backfill.id,
  });
  return runs.length;
}

/**
 * Attaches finished runs to the backfill (compare-and-set: only runs still finished and not
 * yet attached to it) and clears all their task instances on the DAG's current version, which
 * puts the runs back in queued. A run that started meanwhile is left alone.
 */
async function reprocessRuns(tx: TDb, backfill: TRunningBackfill, runPks: string[]): Promise<number> {
  if (runPks.length === 0) return 0;
  const attached = await tx.$queryRaw<{ id: string }[]>`
    update dag_run set "backfillId" = ${backfill.id}, "updatedAt" = clock_timestamp()
    where id = any(${runPks}::text[]) and state in ('success', 'failed') and "backfillId" is distinct from ${backfill.id}
    returning id`;
  if (attached.length === 0) return 0;
  const instances = await tx.$queryRaw<{ id: string }[]>`
    select id from task_instance where "dagRunId" = any(${attached.map((run) => run.id)}::text[])`;
  await resetTaskInstances(tx, { taskInstanceIds: instances.map((ti) => ti.id), useVersionId: backfill.currentVersionId });
  return attached.length;
}

/** running → completed when no run the backfill owns is queued or running. */
async function completeIfDone(tx: TDb, backfillId: string): Promise<number> {
  return tx.$executeRaw`
    update backfill set state = 'completed', "completedAt" = clock_timestamp()
    where id = ${backfillId} and state = 'running'
      and not exists (select 1 from dag_run where "backfillId" = ${backfillId} and state in ('queued', 'running'))`;
}
