import { ok, PAGINATION, pathParam, problem, query } from './dags';
import type { TOpenApiPaths } from './types';

const DATE_TIME = { type: 'string', format: 'date-time' };
const SOURCE = { enum: ['declared', 'inferred'], description: "declared: the spec's inputs, outputs or load target; inferred: parsed from the task's SQL" };

const DATASET = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    conn_id: { type: 'string' },
    name: { type: 'string', description: 'schema.table, the schema always written' },
    dataset: { type: 'string', description: 'The short form specs write: conn_id.schema.table' },
    namespace: { type: ['string', 'null'], description: "OpenLineage's namespace (postgres://host:port), null when the connection does not exist or is not postgres" },
    description: { type: ['string', 'null'] },
    owner: { type: ['string', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
    created_at: DATE_TIME,
    updated_at: DATE_TIME,
  },
};

const TASK_REF = { type: 'object', properties: { dag_id: { type: 'string' }, task_id: { type: 'string' }, source: SOURCE } };

const DATASET_DETAIL = {
  type: 'object',
  properties: {
    ...DATASET.properties,
    producers: { type: 'array', items: TASK_REF, description: 'Tasks of current DAG versions that write it' },
    consumers: { type: 'array', items: TASK_REF, description: 'Tasks of current DAG versions that read it' },
  },
};

const NODE = {
  type: 'object',
  description: "A dataset (id 'dataset:<id>', with its depth from the focus) or a task (id 'task:<dag_id>.<task_id>')",
  properties: {
    id: { type: 'string' },
    kind: { enum: ['dataset', 'task'] },
    dataset_id: { type: 'string' },
    conn_id: { type: 'string' },
    name: { type: 'string' },
    depth: { type: 'integer' },
    dag_id: { type: 'string' },
    task_id: { type: 'string' },
  },
};

const EDGE = {
  type: 'object',
  description: 'Dataset → task that reads it, or task → dataset it writes',
  properties: { from: { type: 'string' }, to: { type: 'string' }, sources: { type: 'array', items: SOURCE } },
};

const ID = [pathParam('dataset_id')];

export const datasetsPaths: TOpenApiPaths = {
  '/datasets': {
    get: {
      summary: 'List datasets by connection, name and tag (viewer)',
      parameters: [query('q', { type: 'string', maxLength: 200 }, 'Part of the name, case-blind'), query('conn_id', { type: 'string' }, 'Only this connection'), query('tag', { type: 'string', maxLength: 50 }, 'Only datasets carrying this tag'), ...PAGINATION],
      responses: {
        '200': ok('One page', { type: 'object', properties: { datasets: { type: 'array', items: DATASET }, total_entries: { type: 'integer' } } }),
        '400': problem('A query parameter is invalid'),
      },
    },
  },
  '/datasets/{dataset_id}': {
    get: {
      summary: 'Get a dataset with the tasks that write and read it (viewer)',
      parameters: ID,
      responses: { '200': ok('The dataset', DATASET_DETAIL), '404': problem('No such dataset in this workspace') },
    },
  },
  '/datasets/{dataset_id}/lineage': {
    get: {
      summary: "A dataset's lineage graph: datasets and the tasks between them (viewer)",
      parameters: [
        ...ID,
        query('direction', { enum: ['upstream', 'downstream', 'both'], default: 'both' }, 'Which way to walk'),
        query('depth', { type: 'integer', minimum: 1, maximum: 10, default: 3 }, 'How many datasets away'),
      ],
      responses: {
        '200': ok('The graph', { type: 'object', properties: { nodes: { type: 'array', items: NODE }, edges: { type: 'array', items: EDGE } } }),
        '400': problem('A query parameter is invalid'),
        '404': problem('No such dataset in this workspace'),
      },
    },
  },
};
