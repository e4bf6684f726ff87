import type { PrismaClient } from '../../db/client';
import { retryWriteConflicts } from '../../db/retry-conflicts';
import type { TDb } from '../../db/sql';
import type { TDag } from '../../domain/dag/parse-dag-spec';
import type { TDagRunInfo } from '../../domain/schedule/schedule';
import { scheduleConfigOf } from '../../domain/schedule/schedule-config';
import { dueDagRuns, nextDagRunInfo } from '../../domain/schedule/timetable';
import { loadDagVersions } from '../dags/load-dag-version';
import { insertScheduledRuns } from '../runs/insert-dag-runs';

// Runs created for one DAG in one tick; a long catchup continues at the next tick.
const RUNS_PER_TICK = 1_000;
// Runs written per transaction: a due minute of thousands of DAGs is a few statements, not a
// few per DAG, while a tick of long catchups does not become one huge transaction.
const RUNS_PER_BATCH = 2_000;
// "No automated run will ever come": far enough that the DAG is not looked at again until a
// deploy or an unpause resets the field.
const NEVER = new Date('9999-12-31T00:00:00Z');

type TDueDag = { id: string; workspaceId: string; currentVersionId: string; lastStart: Date | null; lastEnd: Date | null };

/** A due DAG whose current version cannot be loaded (it no longer parses): it gets no runs. */
export type TUnloadableDag = { dagPk: string; workspaceId: string; versionId: string; error: Error };

/** What one tick does for one DAG: the runs it creates and the next run it then waits for. */
type TDagPlan = { dag: TDueDag; spec: TDag; due: TDagRunInfo[]; next: TDagRunInfo | null; createAfter: Date };

/**
 * Creates the scheduled runs that are due by `now` for every unpaused DAG whose next run is
 * due (all workspaces: this is the scheduler's view), with their task instances, idempotently.
 * Set-based: one query finds the due DAGs with their last scheduled interval, their versions
 * are read together, and each batch of DAGs is written in one transaction of four statements.
 * A DAG whose version cannot be loaded is handed to `onUnloadable` and skipped; it stays due,
 * so it shows as late until a new version is deployed. Returns the number of runs created.
 */
export async function createDueRuns(db: PrismaClient, now: Date, onUnloadable: (dag: TUnloadableDag) => void): Promise<number> {
  const dags = await db.$queryRaw<TDueDag[]>`
    select d.id, d."workspaceId", d."currentVersionId", last.start as "lastStart", last.end as "lastEnd"
    from dag d
    left join lateral (
      select "dataIntervalStart" as start, "dataIntervalEnd" as end from dag_run
      where "dagPk" = d.id and "runType" = 'scheduled' order by "logicalDate" desc limit 1
    ) last on true
    where not d."isPaused" and d."currentVersionId" is not null
      and (d."nextDagrunCreateAfter" is null or d."nextDagrunCreateAfter" <= ${now})
    order by d.id`;
  if (dags.length === 0) return 0;
  const { specs, failed } = await loadDagVersions(db, dags.map((dag) => dag.currentVersionId));
  const plans: TDagPlan[] = [];
  for (const dag of dags) {
    const spec = specs.get(dag.currentVersionId);
    if (spec) plans.push(planDag(dag, spec, now));
    else onUnloadable({ dagPk: dag.id, workspaceId: dag.workspaceId, versionId: dag.currentVersionId, error: failed.get(dag.currentVersionId)! });
  }
  let created = 0;
  for (const batch of batches(plans)) {
    created += await retryWriteConflicts(() => db.$transaction((tx) => writeBatch(tx, batch)));
  }
  return created;
}

function planDag(dag: TDueDag, spec: TDag, now: Date): TDagPlan {
  const config = scheduleConfigOf(spec);
  const last = dag.lastStart && dag.lastEnd ? { start: dag.lastStart, end: dag.lastEnd } : null;
  const due = dueDagRuns(config, last, now, RUNS_PER_TICK);
  const next = nextDagRunInfo(config, due.at(-1)?.dataInterval ?? last, now);
  // More due runs than one tick creates: look again at the next tick.
  return { dag, spec, due, next, createAfter: due.length === RUNS_PER_TICK ? now : (next?.runAfter ?? NEVER) };
}

/** Consecutive plans (in DAG id order) holding about RUNS_PER_BATCH runs; a DAG is never split. */
function* batches(plans: TDagPlan[]): Generator<TDagPlan[]> {
  let batch: TDagPlan[] = [];
  let runs = 0;
  for (const plan of plans) {
    batch.push(plan);
    runs += plan.due.length;
    if (runs >= RUNS_PER_BATCH) {
      yield batch;
      batch = [];
      runs = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * One batch's writes. The DAG rows are locked first, in id order, as a scheduling pass locks
 * them (after its workspace rows): the runs' foreign keys and the next-run update would
 * otherwise lock them one by one in another order, and a pass holding some could deadlock with
 * this. A DAG deployed meanwhile (another current version) keeps its next run unset, so the next
 * tick computes it from the new spec.
 */
async function writeBatch(tx: TDb, batch: TDagPlan[]): Promise<number> {
  const dagPks = batch.map((plan) => plan.dag.id);
  await tx.$queryRaw`select id from dag where id = any(${dagPks}::text[]) order by id for no key update`;
  const created = await insertScheduledRuns(
    tx,
    batch.map(({ dag, spec, due }) => ({ workspaceId: dag.workspaceId, dagPk: dag.id, dagVersionId: dag.currentVersionId, spec, infos: due })),
  );
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
  await tx.$executeRaw`
    update dag d set "nextDagrunLogicalDate" = u.logical_date, "nextDagrunDataIntervalStart" = u.interval_start,
      "nextDagrunDataIntervalEnd" = u.interval_end, "nextDagrunCreateAfter" = u.create_after, "updatedAt" = clock_timestamp()
    from unnest(${dagPks}::text[], ${batch.map((plan) => plan.dag.currentVersionId)}::text[],
                ${batch.map((plan) => iso(plan.next?.logicalDate))}::timestamptz[],
                ${batch.map((plan) => iso(plan.next?.dataInterval.start))}::timestamptz[],
                ${batch.map((plan) => iso(plan.next?.dataInterval.end))}::timestamptz[],
                ${batch.map((plan) => iso(plan.createAfter))}::timestamptz[])
      as u(id, version_id, logical_date, interval_start, interval_end, create_after)
    where d.id = u.id and d."currentVersionId" = u.version_id`;
  return created.length;
}
