import { z } from 'zod';
import { createDatasetEvent } from '../../services/catalog/create-dataset-event';
import { listDatasetEvents, type TDatasetEventItem } from '../../services/catalog/list-dataset-events';
import { iso, json, jsonBody, queryParams, ZPaginationSchema } from '../http';
import { defineRoutes } from '../route';

const ZCreateDatasetEventSchema = z
  .object({
    dataset: z.string().min(1, 'dataset must not be empty').max(500).optional(),
    dataset_id: z.string().min(1).max(100).optional(),
    extra: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .refine((body) => (body.dataset === undefined) !== (body.dataset_id === undefined), {
    message: 'give either dataset (conn_id.schema.table) or dataset_id, not both',
    path: ['dataset'],
  });

function eventJson(event: TDatasetEventItem) {
  return {
    id: event.id,
    source: event.source,
    source_dag_id: event.dagId,
    source_run_id: event.runId,
    source_task_id: event.taskId,
    try_number: event.tryNumber,
    actor: event.actor,
    extra: event.extra,
    timestamp: iso(event.createdAt),
  };
}

/** Dataset updates: sent from outside (Airflow's POST /datasets/events) and listed per dataset. */
export const datasetEventsRoutes = defineRoutes([
  {
    method: 'POST',
    path: '/datasets/events',
    auth: 'token',
    async handler({ ctx, request }) {
      const body = await jsonBody(request, ZCreateDatasetEventSchema);
      const selector = body.dataset_id !== undefined ? { datasetId: body.dataset_id } : { dataset: body.dataset! };
      const event = await createDatasetEvent(ctx, { ...selector, extra: body.extra });
      return json({ id: event.id, dataset_id: event.datasetId, source: 'api', actor: ctx.actor.label, extra: body.extra, timestamp: iso(event.createdAt) }, 201);
    },
  },
  {
    method: 'GET',
    path: '/datasets/:dataset_id/events',
    auth: 'token',
    async handler({ ctx, params, url }) {
      const { limit, offset } = queryParams(url, ZPaginationSchema);
      const { events, totalEntries } = await listDatasetEvents(ctx, params.dataset_id!, { limit, offset });
      return json({ dataset_events: events.map(eventJson), total_entries: totalEntries });
    },
  },
]);
