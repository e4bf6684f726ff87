import { z } from 'zod';
import { impactCsv, type TImpactRow } from '../../domain/catalog/impact-csv';
import { datasetImpact } from '../../services/catalog/dataset-impact';
import { MAX_LINEAGE_DEPTH } from '../../services/catalog/dataset-lineage';
import { getDatasetPage, type TDatasetPage } from '../../services/catalog/get-dataset-page';
import { registerDataset, ZRegisterDatasetSchema } from '../../services/catalog/register-dataset';
import { updateDataset, ZDatasetPatchSchema } from '../../services/catalog/update-dataset';
import { json, jsonBody, queryParams } from '../http';
import { defineRoutes } from '../route';
import { datasetShortForm } from '../../domain/catalog/dataset-short-form';

const ZImpactQuerySchema = z.object({
  format: z.enum(['json', 'csv'], { error: 'format must be json or csv' }).optional(),
  depth: z.coerce.number({ error: 'depth must be a number' }).int().min(1, 'depth must be 1 or more').max(MAX_LINEAGE_DEPTH, `depth may be at most ${MAX_LINEAGE_DEPTH}`).default(MAX_LINEAGE_DEPTH),
});


/** A dataset with what people curate on it, in the API's names. */
function curatedJson(page: TDatasetPage) {
  return {
    id: page.id,
    conn_id: page.connId,
    name: page.name,
    dataset: datasetShortForm(page),
    namespace: page.namespace,
    ol_name: page.olName,
    origin: page.origin,
    description: page.description,
    owner: page.owner,
    requested_by: page.requestedBy,
    requested_reason: page.requestedReason,
    review_after: page.reviewAfter,
    tags: page.tags,
    freshness: {
      warn_after: page.freshness.warnAfter,
      error_after: page.freshness.errorAfter,
      state: page.freshness.state,
    },
  };
}

const impactRowJson = (row: TImpactRow) => ({
  depth: row.depth, kind: row.kind, name: row.name, dag_id: row.dagId, task_id: row.taskId, dataset_id: row.datasetId, owner: row.owner,
});

/** CSV when asked by ?format=csv or by an Accept header that prefers it (a spreadsheet's fetch, curl -H). */
function wantsCsv(request: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return (request.headers.get('accept') ?? '').split(',').some((type) => type.trim().toLowerCase().startsWith('text/csv'));
}

/** The dataset page's writes (PATCH, manual registration) and the impact view. */
export const datasetCurationRoutes = defineRoutes([
  {
    method: 'POST',
    path: '/datasets',
    auth: 'token',
    async handler({ ctx, request }) {
      const body = await jsonBody(request, ZRegisterDatasetSchema);
      const { dataset } = await registerDataset(ctx, body);
      return json(curatedJson(await getDatasetPage(ctx, dataset.id)), 201);
    },
  },
  {
    method: 'PATCH',
    path: '/datasets/:dataset_id',
    auth: 'token',
    async handler({ ctx, params, request }) {
      const body = await jsonBody(request, ZDatasetPatchSchema);
      await updateDataset(ctx, params.dataset_id!, body);
      return json(curatedJson(await getDatasetPage(ctx, params.dataset_id!)));
    },
  },
  {
    method: 'GET',
    path: '/datasets/:dataset_id/impact',
    auth: 'token',
    async handler({ ctx, params, request, url }) {
      const query = queryParams(url, ZImpactQuerySchema);
      const impact = await datasetImpact(ctx, params.dataset_id!, query.depth);
      if (!wantsCsv(request, query.format)) return json({ dataset_id: impact.datasetId, depth: impact.depth, rows: impact.rows.map(impactRowJson) });
      return new Response(impactCsv(impact.rows), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="impact-${impact.datasetId}.csv"`,
          'cache-control': 'no-store',
        },
      });
    },
  },
]);
