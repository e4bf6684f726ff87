import type { TDb } from '../../db/sql';

/** One update of a dataset: by a successful task that writes it, or sent from outside (REST). */
export type TDatasetEventInput = {
  workspaceId: string;
  datasetId: string;
  source: 'task' | 'api';
  dagRunId: string | null;
  taskId: string | null;
  tryNumber: number | null;
  actor: string | null;
  extra: Record<string, unknown>;
};

export type TRecordedDatasetEvent = { id: string; datasetId: string; createdAt: Date };

/**
 * Records dataset updates in the caller's transaction: the dataset_event rows, each dataset's
 * last update (never moved backwards by an older event), and one dataset_dag_run_queue row per
 * DAG scheduled on an updated dataset. The queue's primary key (dag, dataset) collapses many
 * updates into one pending run (Airflow's DatasetDagRunQueue); the triggering events are found
 * again by time when the run is created.
 */
export async function recordDatasetEvents(tx: TDb, events: readonly TDatasetEventInput[]): Promise<TRecordedDatasetEvent[]> {
  if (events.length === 0) return [];
  const column = <K extends keyof TDatasetEventInput>(key: K) => events.map((event) => event[key]);
  const recorded = await tx.$queryRaw<TRecordedDatasetEvent[]>`
    insert into dataset_event (id, "workspaceId", "datasetId", source, "dagRunId", "taskId", "tryNumber", actor, extra, "createdAt")
    select gen_random_uuid()::text, e.workspace_id, e.dataset_id, e.source, e.dag_run_id, e.task_id, e.try_number, e.actor, e.extra::jsonb, clock_timestamp()
    from unnest(${column('workspaceId')}::text[], ${column('datasetId')}::text[], ${column('source')}::text[], ${column('dagRunId')}::text[],
                ${column('taskId')}::text[], ${column('tryNumber')}::int[], ${column('actor')}::text[], ${events.map((event) => JSON.stringify(event.extra))}::text[])
      as e(workspace_id, dataset_id, source, dag_run_id, task_id, try_number, actor, extra)
    returning id, "datasetId", "createdAt"`;
  const ids = recorded.map((event) => event.id);
  await tx.$executeRaw`
    update dataset d set "lastUpdatedAt" = latest."createdAt", "lastUpdateEventId" = latest.id
    from (
      select distinct on ("datasetId") id, "datasetId", "createdAt" from dataset_event
      where id = any(${ids}::text[]) order by "datasetId", "createdAt" desc, id desc
    ) latest
    where d.id = latest."datasetId" and (d."lastUpdatedAt" is null or d."lastUpdatedAt" <= latest."createdAt")`;
  await tx.$executeRaw`
    insert into dataset_dag_run_queue ("dagPk", "datasetId", "workspaceId")
    select r."dagPk", r."datasetId", r."workspaceId" from dataset_schedule_ref r
    where r."datasetId" = any(${recorded.map((event) => event.datasetId)}::text[])
    on conflict do nothing`;
  return recorded;
}
