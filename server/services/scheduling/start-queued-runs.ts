import type { TDb } from '../../db/sql';
import { assertDagRunTransition } from '../../domain/state/dag-run-transitions';
import { runStateChangeEvents } from '../state-events/state-change-events';

/**
 * Moves queued runs to running, oldest logical date first (newest first for a backfill with
 * run_backwards), while their DAG has fewer running
 * runs than its max_active_runs (backfill runs count against their backfill's own limit).
 * Scheduled and manual runs of paused DAGs stay queued, as in Airflow; a backfill's runs start
 * anyway (Airflow users ask for exactly this, apache/airflow#60768): pausing stops the schedule,
 * and a backfill has its own pause. Returns the ids of the runs started.
 */
export async function startQueuedRuns(db: TDb): Promise<string[]> {
  assertDagRunTransition('queued', 'running');
  const rows = await db.$queryRaw<{ id: string }[]>`
    with candidates as (
      select r.id, r."dagPk", r."backfillId",
             row_number() over (partition by r."dagPk", r."backfillId" is null, r."backfillId"
                                order by case when b."runBackwards" then r."logicalDate" end desc, r."logicalDate") as position
      from dag_run r join dag d on d.id = r."dagPk" left join backfill b on b.id = r."backfillId"
      where r.state = 'queued' and (not d."isPaused" or r."backfillId" is not null)
    ), active as (
      select "dagPk", "backfillId", count(*) as running from dag_run where state = 'running' group by "dagPk", "backfillId"
    ), allowed as (
      select c.id from candidates c
      join dag d on d.id = c."dagPk"
      left join backfill b on b.id = c."backfillId"
      left join active a on a."dagPk" = c."dagPk" and a."backfillId" is not distinct from c."backfillId"
      where (c."backfillId" is null or b.state = 'running')
        and c.position <= coalesce(b."maxActiveRuns", d."maxActiveRuns") - coalesce(a.running, 0)
    )
    , moved as (
      update dag_run set state = 'running', "startDate" = clock_timestamp(), "updatedAt" = clock_timestamp()
      from allowed where dag_run.id = allowed.id and dag_run.state = 'queued'
      returning dag_run.id, dag_run."workspaceId", 'queued' as from_state, dag_run.state as to_state
    ), events as (${runStateChangeEvents('run_started')})
    select id from moved`;
  return rows.map((row) => row.id);
}
