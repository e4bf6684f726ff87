import { SEARCH_KINDS } from '../../domain/search/search-query';
import { ok, problem, query } from './dags';
import type { TOpenApiPaths } from './types';

const HIT = {
  type: 'object',
  properties: {
    kind: { enum: [...SEARCH_KINDS] },
    id: { type: 'string', description: "The dataset's, DAG's or incident's id; <dataset_id>:<column> for a column, <dag_id>.<task_id> for a task" },
    title: { type: 'string' },
    detail: { type: ['string', 'null'], description: "Where the hit lives: a column's dataset and type, a task's DAG, an incident's DAG and state; else the owner" },
    matched_field: { enum: ['name', 'title', 'column', 'task_id', 'tag', 'owner', 'description', 'postmortem'] },
    match: {
      type: 'object',
      description: 'Plain text of the matched field (a snippet of long text) and the [start, end) character ranges that matched',
      properties: { text: { type: 'string' }, ranges: { type: 'array', items: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 } } },
    },
    score: { type: 'number' },
    dataset_id: { type: ['string', 'null'] },
    dag_id: { type: ['string', 'null'] },
    incident_id: { type: ['string', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

export const searchPaths: TOpenApiPaths = {
  '/search': {
    get: {
      summary: 'Search the workspace: datasets, columns, DAGs, tasks, incidents, post-mortems (viewer). Name matches rank first; partial words and typos match.',
      parameters: [
        { ...query('q', { type: 'string', minLength: 1, maxLength: 200 }, 'The words to search for'), required: true },
        query('kind', { type: 'string' }, `Only these kinds, comma-separated: ${SEARCH_KINDS.join(', ')}`),
        query('tag', { type: 'string' }, 'Only hits whose dataset or DAG has this tag'),
        query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 }, 'At most this many hits'),
      ],
      responses: {
        '200': ok('Hits, best first', { type: 'object', properties: { hits: { type: 'array', items: HIT } } }),
        '400': problem('q is missing, empty or too long, or another parameter is invalid'),
      },
    },
  },
};
