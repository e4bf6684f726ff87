import { z } from 'zod';
import { datasetLineage, MAX_LINEAGE_DEPTH, type TLineageNode } from '../../services/catalog/dataset-lineage';
import type { TDatasetItem } from '../../services/catalog/dataset-view';
import { getDataset, type TDatasetTaskRef } from '../../services/catalog/get-dataset';
import { listDatasets } from '../../services/catalog/list-datasets';
import { iso, json, queryParams, ZPaginationSchema } from '../http';
import { defineRoutes } from '../route';
import { datasetShortForm } from '../../domain/catalog/dataset-short-form';

const ZListQuerySchema = ZPaginationSchema.extend({
  q: z.string().max(200, 'q may be at most 200 characters').optional(),
  conn_id: z.string().max(250).optional(),
  tag: z.string().max(50, 'tag may be at most 50 characters').optional(),
});

const ZLineageQuerySchema = z.object({
  direction: z.enum(['upstream', 'downstream', 'both'], { error: 'direction must be upstream, downstream or both' }).default('both'),
  depth: z.coerce.number({ error: 'depth must be a number' }).int().min(1, 'depth must be 1 or more').max(MAX_LINEAGE_DEPTH, `depth may be at most ${MAX_LINEAGE_DEPTH}`).default(3),
});

function datasetJson(dataset: TDatasetItem) {
  return {
    id: dataset.id,
    conn_id: dataset.connId,
    name: dataset.name,
    /** The short form specs write. */
    dataset: datasetShortForm(dataset),
    namespace: dataset.namespace,
    /** OpenLineage's name in the namespace (db.schema.table). */
    ol_name: dataset.olName,
    description: dataset.description,
    owner: dataset.owner,
    tags: dataset.tags,
    created_at: iso(dataset.createdAt),
    updated_at: iso(dataset.updatedAt),
  };
}

const taskRefJson = (ref: TDatasetTaskRef) => ({ dag_id: ref.dagId, task_id: ref.taskId, source: ref.source });

function nodeJson(node: TLineageNode) {
  return node.kind === 'dataset'
    ? { id: node.id, kind: node.kind, dataset_id: node.datasetId, conn_id: node.connId, name: node.name, depth: node.depth }
    : { id: node.id, kind: node.kind, dag_id: node.dagId, task_id: node.taskId };
}

export const datasetsRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/datasets',
    auth: 'token',
    async handler({ ctx, url }) {
      const { q, conn_id: connId, tag, limit, offset } = queryParams(url, ZListQuerySchema);
      const { datasets, totalEntries } = await listDatasets(ctx, { q, connId, tag, limit, offset });
      return json({ datasets: datasets.map(datasetJson), total_entries: totalEntries });
    },
  },
  {
    method: 'GET',
    path: '/datasets/:dataset_id',
    auth: 'token',
    async handler({ ctx, params }) {
      const dataset = await getDataset(ctx, params.dataset_id!);
      return json({ ...datasetJson(dataset), producers: dataset.producers.map(taskRefJson), consumers: dataset.consumers.map(taskRefJson) });
    },
  },
  {
    method: 'GET',
    path: '/datasets/:dataset_id/lineage',
    auth: 'token',
    async handler({ ctx, params, url }) {
      const query = queryParams(url, ZLineageQuerySchema);
      const lineage = await datasetLineage(ctx, params.dataset_id!, query);
      return json({ nodes: lineage.nodes.map(nodeJson), edges: lineage.edges });
    },
  },
]);
