import { z } from 'zod';
import { SecretBox } from '../../auth/secret-box';
import { requireSecretKey } from '../../env';
import { egressPolicyFromEnv } from '../../integrations/egress';
import type { TIntrospection } from '../../services/catalog/introspect-dataset';
import { deprecateDataset, undeprecateDataset } from '../../services/catalog/deprecate-dataset';
import { getDatasetSchema } from '../../services/catalog/get-dataset-schema';
import { introspectDatasetNow } from '../../services/catalog/introspect-dataset-now';
import { listCheckResults } from '../../services/catalog/list-check-results';
import { listUnusedDatasets } from '../../services/catalog/list-unused-datasets';
import { iso, json, jsonBody, queryParams } from '../http';
import { defineRoutes } from '../route';
import { datasetShortForm } from '../../domain/catalog/dataset-short-form';

const ZLimitSchema = z.object({ limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1, 'limit must be 1 or more').max(500, 'limit may be at most 500').default(100) });
const ZUnusedQuerySchema = z.object({ days: z.coerce.number({ error: 'days must be a number' }).int().min(1, 'days must be 1 or more').max(365, 'days may be at most 365').default(30) });
const ZDeprecateBodySchema = z.object({ note: z.string().max(2000, 'note may be at most 2000 characters').nullish() });

const count = (value: bigint | null) => (value === null ? null : Number(value));
const columnJson = (column: { name: string; ordinal: number; dataType: string; nullable: boolean }) => ({
  name: column.name, ordinal: column.ordinal, data_type: column.dataType, nullable: column.nullable,
});

function introspectionJson(result: TIntrospection) {
  if (result.status === 'unavailable') return { status: result.status, message: result.message };
  return {
    status: result.status,
    exists: result.exists,
    columns: result.columns.map(columnJson),
    changes: result.changes.map((change) => ({ kind: change.kind, column: change.columnName, from_type: change.fromType, to_type: change.toType })),
    row_count_estimate: count(result.rowCountEstimate),
    checked_at: iso(result.checkedAt),
  };
}

/**
 * What the warehouse says about datasets: columns and schema history, quality-check history,
 * the unused-data report and deprecation. Registered before the datasets routes, so that
 * /datasets/unused is not taken for a dataset id.
 */
export const datasetObservationsRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/datasets/unused',
    auth: 'token',
    async handler({ ctx, url }) {
      const { days } = queryParams(url, ZUnusedQuerySchema);
      const report = await listUnusedDatasets(ctx, { days, now: new Date() });
      return json({
        days: report.days,
        since: iso(report.since),
        datasets: report.datasets.map((dataset) => ({
          id: dataset.id,
          dataset: datasetShortForm(dataset),
          deprecated_at: iso(dataset.deprecatedAt),
          producers: dataset.producers.map((dag) => ({ dag_id: dag.dagId, is_paused: dag.isPaused })),
          evidence: { samples: dataset.samples, first_sampled_at: iso(dataset.firstSampledAt), last_sampled_at: iso(dataset.lastSampledAt), scans: Number(dataset.scans) },
        })),
        dags: report.dags.map((dag) => ({ dag_id: dag.dagId, is_paused: dag.isPaused, outputs: dag.outputs })),
        no_read_statistics: report.noReadStatistics.map((dataset) => ({ id: dataset.id, dataset: datasetShortForm(dataset), reason: dataset.reason })),
      });
    },
  },
  {
    method: 'GET',
    path: '/datasets/:dataset_id/schema',
    auth: 'token',
    async handler({ ctx, params, url }) {
      const { limit } = queryParams(url, ZLimitSchema);
      const schema = await getDatasetSchema(ctx, { datasetId: params.dataset_id!, changesLimit: limit });
      return json({
        columns_checked_at: iso(schema.columnsCheckedAt),
        row_count_estimate: count(schema.rowCountEstimate),
        columns: schema.columns.map(columnJson),
        changes: schema.changes.map((change) => ({
          kind: change.kind, column: change.columnName, from_type: change.fromType, to_type: change.toType,
          seen_at: iso(change.seenAt), dag_id: change.dagId, dag_run_id: change.runId,
        })),
      });
    },
  },
  {
    method: 'POST',
    path: '/datasets/:dataset_id/introspect',
    auth: 'token',
    async handler({ ctx, params }) {
      const result = await introspectDatasetNow(ctx, new SecretBox(requireSecretKey()), egressPolicyFromEnv(), params.dataset_id!);
      return json(introspectionJson(result));
    },
  },
  {
    method: 'GET',
    path: '/datasets/:dataset_id/checks',
    auth: 'token',
    async handler({ ctx, params, url }) {
      const { limit } = queryParams(url, ZLimitSchema);
      const results = await listCheckResults(ctx, { datasetId: params.dataset_id!, limit });
      return json({
        check_results: results.map((result) => ({
          id: result.id, dag_id: result.dagId, dag_run_id: result.runId, task_id: result.taskId, try_number: result.tryNumber,
          check: result.checkName, passed: result.passed, observed: result.observed, expected: result.expected,
          message: result.message, created_at: iso(result.createdAt),
        })),
      });
    },
  },
  {
    method: 'POST',
    path: '/datasets/:dataset_id/deprecate',
    auth: 'token',
    async handler({ ctx, params, request }) {
      const { note } = await jsonBody(request, ZDeprecateBodySchema);
      const deprecated = await deprecateDataset(ctx, { id: params.dataset_id!, note: note ?? null });
      return json({
        id: deprecated.id,
        deprecated_at: iso(deprecated.deprecatedAt),
        deprecation_note: deprecated.deprecationNote,
        consumers_told: deprecated.consumers.map((dag) => ({ dag_id: dag.dagId, owner: dag.owner, via: 'audit_log' })),
      });
    },
  },
  {
    method: 'DELETE',
    path: '/datasets/:dataset_id/deprecate',
    auth: 'token',
    async handler({ ctx, params }) {
      const undone = await undeprecateDataset(ctx, { id: params.dataset_id! });
      return json({ id: undone.id, deprecated_at: null, was_deprecated: undone.wasDeprecated });
    },
  },
]);
