import type { PrismaClient } from '../../db/client';
import type { TDag } from '../../domain/dag/parse-dag-spec';
import type { TScheduleConfig } from '../../domain/schedule/schedule';
import { dueDagRuns, nextDagRunInfo } from '../../domain/schedule/timetable';
import { loadDagVersion } from '../dags/load-dag-version';
import { insertDagRuns } from '../runs/insert-dag-runs';

// Runs created for one DAG in one tick; a long catchup continues at the next tick.
const RUNS_PER_TICK = 1_000;
// "No automated run will ever come": far enough that the DAG is not looked at again until a
// deploy or an unpause resets the field.
const NEVER = new Date('9999-12-31T00:00:00Z');

export function scheduleConfigOf(spec: TDag): TScheduleConfig {
  return {
    schedule: spec.schedule,
    timezone: spec.timezone,
    timetable: spec.timetable,
    startDate: spec.start_date,
    endDate: spec.end_date,
    catchup: spec.catchup,
  };
}

/**
 * Creates the scheduled runs that are due by `now` for every unpaused DAG whose next run is
 * due (all workspaces: this is the scheduler's view). Each DAG's runs and their task instances
 * are inserted in one transaction, idempotently. Returns the number of runs created.
 */
export async function createDueRuns(db: PrismaClient, now: Date): Promise<number> {
  const dags = await db.$queryRaw<{ id: string; workspaceId: string; currentVersionId: string }[]>`
    select id, "workspaceId", "currentVersionId" from dag
    where not "isPaused" and "currentVersionId" is not null
      and ("nextDagrunCreateAfter" is null or "nextDagrunCreateAfter" <= ${now})`;
  let created = 0;
  for (const dag of dags) created += await createDueRunsOfDag(db, dag, now);
  return created;
}

async function createDueRunsOfDag(
  db: PrismaClient,
  dag: { id: string; workspaceId: string; currentVersionId: string },
  now: Date,
): Promise<number> {
  const spec = await loadDagVersion(db, dag.currentVersionId);
  const config = scheduleConfigOf(spec);
  return db.$transaction(async (tx) => {
    const [last] = await tx.$queryRaw<{ start: Date; end: Date }[]>`
      select "dataIntervalStart" as start, "dataIntervalEnd" as end from dag_run
      where "dagPk" = ${dag.id} and "runType" = 'scheduled' order by "logicalDate" desc limit 1`;
    const lastInterval = last ? { start: last.start, end: last.end } : null;
    const due = dueDagRuns(config, lastInterval, now, RUNS_PER_TICK);
    const runs = await insertDagRuns(tx, {
      workspaceId: dag.workspaceId,
      dagPk: dag.id,
      dagVersionId: dag.currentVersionId,
      spec,
      runType: 'scheduled',
      infos: due,
    });
    const newest = due.at(-1);
    const next = nextDagRunInfo(config, newest ? newest.dataInterval : lastInterval, now);
    await tx.dag.update({
      where: { id: dag.id },
      data: {
        nextDagrunLogicalDate: next?.logicalDate ?? null,
        nextDagrunDataIntervalStart: next?.dataInterval.start ?? null,
        nextDagrunDataIntervalEnd: next?.dataInterval.end ?? null,
        // More due runs than one tick creates: look again at the next tick.
        nextDagrunCreateAfter: due.length === RUNS_PER_TICK ? now : (next?.runAfter ?? NEVER),
      },
    });
    return runs.length;
  });
}
