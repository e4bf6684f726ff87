import { ok, pathParam, problem, query } from './dags';
import type { TOpenApiPaths } from './types';

const NULLABLE_TEXT = { type: ['string', 'null'] };
const AFTER = {
  type: ['object', 'null'],
  description: "dbt's form; null clears it (the default then comes from the producing DAG's schedule)",
  required: ['count', 'period'],
  properties: { count: { type: 'integer', minimum: 1 }, period: { enum: ['minute', 'hour', 'day'] } },
};

const CURATED = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    conn_id: { type: 'string' },
    name: { type: 'string' },
    dataset: { type: 'string', description: 'conn_id.schema.table' },
    namespace: NULLABLE_TEXT,
    ol_name: NULLABLE_TEXT,
    origin: { enum: ['deploy', 'manual'] },
    description: { ...NULLABLE_TEXT, description: 'Markdown' },
    owner: NULLABLE_TEXT,
    requested_by: NULLABLE_TEXT,
    requested_reason: NULLABLE_TEXT,
    review_after: { type: ['string', 'null'], format: 'date', description: 'After this date the owner is asked "still needed?"' },
    tags: { type: 'array', items: { type: 'string' } },
    freshness: { type: 'object', properties: { warn_after: AFTER, error_after: AFTER, state: { enum: ['fresh', 'late', 'stale', null] } } },
  },
};

const PATCH_BODY = {
  type: 'object',
  additionalProperties: false,
  description: 'Only the fields given change; null or "" clears one.',
  properties: {
    description: { ...NULLABLE_TEXT, maxLength: 100000 },
    owner: { ...NULLABLE_TEXT, maxLength: 200 },
    requested_by: { ...NULLABLE_TEXT, maxLength: 200 },
    requested_reason: { ...NULLABLE_TEXT, maxLength: 2000 },
    review_after: { type: ['string', 'null'], format: 'date' },
    tags: { type: 'array', maxItems: 30, items: { type: 'string', maxLength: 50 } },
    freshness: { type: 'object', additionalProperties: false, properties: { warn_after: AFTER, error_after: AFTER }, description: 'warn_after must be shorter than error_after' },
  },
};

const IMPACT_ROW = {
  type: 'object',
  properties: {
    depth: { type: 'integer' }, kind: { enum: ['dataset', 'task'] }, name: { type: 'string' },
    dag_id: NULLABLE_TEXT, task_id: NULLABLE_TEXT, dataset_id: NULLABLE_TEXT,
    owner: { ...NULLABLE_TEXT, description: "The dataset's owner, or the task's DAG's owner" },
  },
};

const ID = [pathParam('dataset_id')];

/** PATCH and POST on datasets and the impact view, merged into the datasets fragment's paths. */
const curationPaths: TOpenApiPaths = {
  '/datasets': {
    post: {
      summary: 'Register a dataset by hand (editor): origin manual, named as a deploy would name it',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['conn_id', 'table'], additionalProperties: false, properties: { conn_id: { type: 'string' }, table: { type: 'string', description: 'table, schema.table or database.schema.table' }, description: { type: 'string' }, owner: { type: 'string' } } } } },
      },
      responses: {
        '201': ok('The dataset', CURATED),
        '400': problem('A bad body; errors[].path names the field'),
        '403': problem('Needs the editor role'),
        '409': problem('The table is already registered; the detail names its id'),
      },
    },
  },
  '/datasets/{dataset_id}': {
    patch: {
      summary: "Change a dataset's description, owner, requested by, review date, tags or freshness policy (editor)",
      parameters: ID,
      requestBody: { required: true, content: { 'application/json': { schema: PATCH_BODY } } },
      responses: {
        '200': ok('The dataset', CURATED),
        '400': problem('A bad body; errors[].path names the field'),
        '403': problem('Needs the editor role'),
        '404': problem('No such dataset in this workspace'),
      },
    },
  },
  '/datasets/{dataset_id}/impact': {
    get: {
      summary: 'What breaks downstream if this dataset is late or wrong: every downstream dataset and task with its owner (viewer)',
      parameters: [
        ...ID,
        query('depth', { type: 'integer', minimum: 1, maximum: 10, default: 10 }, 'How many datasets away'),
        query('format', { enum: ['json', 'csv'] }, 'csv (or Accept: text/csv) answers a CSV download'),
      ],
      responses: {
        '200': {
          description: 'The rows, nearest first',
          content: {
            'application/json': { schema: { type: 'object', properties: { dataset_id: { type: 'string' }, depth: { type: 'integer' }, rows: { type: 'array', items: IMPACT_ROW } } } },
            'text/csv': { schema: { type: 'string', description: 'depth,kind,name,dag_id,task_id,dataset_id,owner' } },
          },
        },
        '400': problem('A query parameter is invalid'),
        '404': problem('No such dataset in this workspace'),
      },
    },
  },
};

/** The datasets paths with the curation operations beside their reads (the same path keys hold both). */
export function withDatasetCurationPaths(paths: TOpenApiPaths): TOpenApiPaths {
  const merged: TOpenApiPaths = { ...paths };
  for (const [path, operations] of Object.entries(curationPaths)) merged[path] = { ...merged[path], ...operations };
  return merged;
}
