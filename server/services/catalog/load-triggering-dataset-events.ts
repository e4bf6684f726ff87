import type { TDb } from '../../db/sql';
import type { TTriggeringDatasetEvents } from '../../domain/templating/template-context';
import { datasetShortFormSql } from './dataset-view';

type TRow = { dataset: string; sourceDagId: string | null; sourceTaskId: string | null; sourceRunId: string | null; createdAt: Date; extra: unknown };

/** The dataset updates that triggered a run, in Airflow's `triggering_dataset_events` shape, oldest first per dataset. */
export async function loadTriggeringDatasetEvents(db: TDb, dagRunId: string): Promise<TTriggeringDatasetEvents> {
  const rows = await db.$queryRaw<TRow[]>`
    select ${datasetShortFormSql('ds')} as dataset, d."dagId" as "sourceDagId", e."taskId" as "sourceTaskId", r."runId" as "sourceRunId",
           e."createdAt", e.extra
    from dag_run_dataset_event l
    join dataset_event e on e.id = l."datasetEventId"
    join dataset ds on ds.id = e."datasetId"
    left join dag_run r on r.id = e."dagRunId"
    left join dag d on d.id = r."dagPk"
    where l."dagRunId" = ${dagRunId}
    order by ds."connId", ds.name, e."createdAt", e.id`;
  const events: TTriggeringDatasetEvents = {};
  for (const row of rows) {
    const extra = typeof row.extra === 'object' && row.extra !== null && !Array.isArray(row.extra) ? (row.extra as Record<string, unknown>) : {};
    (events[row.dataset] ??= []).push({
      source_dag_id: row.sourceDagId, source_task_id: row.sourceTaskId, source_run_id: row.sourceRunId, timestamp: row.createdAt.toISOString(), extra,
    });
  }
  return events;
}
