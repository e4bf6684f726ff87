import { ok, pathParam, problem, query } from './dags';
import type { TOpenApiPaths } from './types';

const DATE_TIME = { type: 'string', format: 'date-time' };
const NULLABLE_DATE_TIME = { type: ['string', 'null'], format: 'date-time' };
const ID = [pathParam('dataset_id')];
const LIMIT = query('limit', { type: 'integer', minimum: 1, maximum: 500, default: 100 }, 'How many, newest first');

const COLUMN = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    ordinal: { type: 'integer' },
    data_type: { type: 'string', description: 'As information_schema gives it, with length or precision: character varying(20), numeric(10,2)' },
    nullable: { type: 'boolean' },
  },
};

const CHANGE = {
  type: 'object',
  properties: {
    kind: { enum: ['added', 'dropped', 'retyped'] },
    column: { type: 'string' },
    from_type: { type: ['string', 'null'] },
    to_type: { type: ['string', 'null'] },
  },
};

const INTROSPECTION = {
  type: 'object',
  description: "observed: what the warehouse said (exists false for a table not created yet); unavailable: why it could not be asked (nothing recorded)",
  properties: {
    status: { enum: ['observed', 'unavailable'] },
    message: { type: 'string' },
    exists: { type: 'boolean' },
    columns: { type: 'array', items: COLUMN },
    changes: { type: 'array', items: CHANGE, description: 'Since the previous introspection; none on the first' },
    row_count_estimate: { type: ['integer', 'null'] },
    checked_at: DATE_TIME,
  },
};

const SCHEMA = {
  type: 'object',
  properties: {
    columns_checked_at: { ...NULLABLE_DATE_TIME, description: 'Null: never introspected' },
    row_count_estimate: { type: ['integer', 'null'] },
    columns: { type: 'array', items: COLUMN },
    changes: {
      type: 'array',
      description: 'Schema history, newest first, with the run that saw each change (null: seen on demand)',
      items: { type: 'object', properties: { ...CHANGE.properties, seen_at: DATE_TIME, dag_id: { type: ['string', 'null'] }, dag_run_id: { type: ['string', 'null'] } } },
    },
  },
};

const CHECK_RESULT = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    dag_id: { type: 'string' },
    dag_run_id: { type: 'string' },
    task_id: { type: 'string' },
    try_number: { type: 'integer' },
    check: { type: 'string', description: 'row_count_min, unique(a, b), not_null(a), sql_true(expr)…' },
    passed: { type: 'boolean' },
    observed: { description: 'The number the check measured' },
    expected: { description: "What passes: '>= 1', '0'" },
    message: { type: ['string', 'null'] },
    created_at: DATE_TIME,
  },
};

const UNUSED = {
  type: 'object',
  properties: {
    days: { type: 'integer' },
    since: DATE_TIME,
    datasets: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          dataset: { type: 'string', description: 'conn_id.schema.table' },
          deprecated_at: NULLABLE_DATE_TIME,
          producers: { type: 'array', items: { type: 'object', properties: { dag_id: { type: 'string' }, is_paused: { type: 'boolean' } } } },
          evidence: {
            type: 'object',
            description: "The warehouse's scan counters sampled in the window (at least two samples) and the scans they grew by (0)",
            properties: { samples: { type: 'integer' }, first_sampled_at: DATE_TIME, last_sampled_at: DATE_TIME, scans: { type: 'integer' } },
          },
        },
      },
    },
    dags: {
      type: 'array',
      description: 'DAGs no other DAG reads any output of, and whose outputs no query read in the window',
      items: { type: 'object', properties: { dag_id: { type: 'string' }, is_paused: { type: 'boolean' }, outputs: { type: 'array', items: { type: 'string' } } } },
    },
    no_read_statistics: {
      type: 'array',
      description: 'Datasets no task reads whose warehouse has no read counters to sample (mysql): neither used nor unused, and never the reason a DAG is listed',
      items: { type: 'object', properties: { id: { type: 'string' }, dataset: { type: 'string' }, reason: { type: 'string' } } },
    },
  },
};

export const datasetObservationsPaths: TOpenApiPaths = {
  '/datasets/unused': {
    get: {
      summary: 'Datasets no task reads and no query read for N days, and DAGs whose outputs nobody reads (viewer)',
      parameters: [query('days', { type: 'integer', minimum: 1, maximum: 365, default: 30 }, 'The window')],
      responses: { '200': ok('The report', UNUSED), '400': problem('days is invalid') },
    },
  },
  '/datasets/{dataset_id}/schema': {
    get: {
      summary: "A dataset's columns, row count estimate and schema history, as its warehouse reported them (viewer)",
      parameters: [...ID, LIMIT],
      responses: { '200': ok('The schema', SCHEMA), '404': problem('No such dataset in this workspace') },
    },
  },
  '/datasets/{dataset_id}/introspect': {
    post: {
      summary: "Ask the dataset's warehouse for its columns and row count now, through the egress guard (editor)",
      parameters: ID,
      responses: { '200': ok('What the warehouse said, or why it could not be asked', INTROSPECTION), '403': problem('Needs the editor role'), '404': problem('No such dataset in this workspace') },
    },
  },
  '/datasets/{dataset_id}/checks': {
    get: {
      summary: "A dataset's quality-check history: every check of every check task's try, passed or failed (viewer)",
      parameters: [...ID, LIMIT],
      responses: { '200': ok('Newest first', { type: 'object', properties: { check_results: { type: 'array', items: CHECK_RESULT } } }), '404': problem('No such dataset in this workspace') },
    },
  },
  '/datasets/{dataset_id}/deprecate': {
    post: {
      summary: "Mark a dataset deprecated and tell the owners of the DAGs that read it, through the audit log (editor)",
      parameters: ID,
      requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { note: { type: ['string', 'null'], maxLength: 2000 } } } } } },
      responses: {
        '200': ok('Deprecated', {
          type: 'object',
          properties: {
            id: { type: 'string' },
            deprecated_at: DATE_TIME,
            deprecation_note: { type: ['string', 'null'] },
            consumers_told: { type: 'array', items: { type: 'object', properties: { dag_id: { type: 'string' }, owner: { type: ['string', 'null'] }, via: { const: 'audit_log' } } } },
          },
        }),
        '400': problem('The body is invalid'),
        '403': problem('Needs the editor role'),
        '404': problem('No such dataset in this workspace'),
      },
    },
    delete: {
      summary: 'Take a deprecation back: the dataset is no longer marked deprecated, and a later deprecation is announced again (editor)',
      parameters: ID,
      responses: {
        '200': ok('No longer deprecated', {
          type: 'object',
          properties: { id: { type: 'string' }, deprecated_at: { type: 'null' }, was_deprecated: { type: 'boolean', description: 'false when it was not deprecated (nothing changed)' } },
        }),
        '403': problem('Needs the editor role'),
        '404': problem('No such dataset in this workspace'),
      },
    },
  },
};
