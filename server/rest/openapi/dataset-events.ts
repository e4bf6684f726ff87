import { ok, PAGINATION, pathParam, problem } from './dags';
import type { TOpenApiPaths } from './types';

const EVENT = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    source: { enum: ['task', 'api'], description: 'task: a successful task that writes the dataset; api: POST /datasets/events' },
    source_dag_id: { type: ['string', 'null'] },
    source_run_id: { type: ['string', 'null'] },
    source_task_id: { type: ['string', 'null'] },
    try_number: { type: ['integer', 'null'] },
    actor: { type: ['string', 'null'], description: 'Who sent an api event' },
    extra: { type: 'object' },
    timestamp: { type: 'string', format: 'date-time' },
  },
};

export const datasetEventsPaths: TOpenApiPaths = {
  '/datasets/events': {
    post: {
      summary: 'Record an update of a dataset made outside Tributary (editor): DAGs scheduled on it run, its freshness counts from now',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                dataset: { type: 'string', description: 'The short form: conn_id.schema.table' },
                dataset_id: { type: 'string' },
                extra: { type: 'object', description: 'Any JSON, passed to triggered runs in triggering_dataset_events' },
              },
              description: 'Give dataset or dataset_id',
            },
          },
        },
      },
      responses: {
        '201': ok('The event recorded', { type: 'object', properties: { id: { type: 'string' }, dataset_id: { type: 'string' }, source: { const: 'api' }, actor: { type: 'string' }, extra: { type: 'object' }, timestamp: { type: 'string', format: 'date-time' } } }),
        '400': problem('The body is invalid'),
        '403': problem('Needs the editor role'),
        '404': problem('No such dataset in this workspace'),
      },
    },
  },
  '/datasets/{dataset_id}/events': {
    get: {
      summary: "A dataset's updates, newest first (viewer)",
      parameters: [pathParam('dataset_id'), ...PAGINATION],
      responses: {
        '200': ok('One page', { type: 'object', properties: { dataset_events: { type: 'array', items: EVENT }, total_entries: { type: 'integer' } } }),
        '404': problem('No such dataset in this workspace'),
      },
    },
  },
};
