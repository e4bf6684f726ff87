import type { TOpenApiPaths } from './types';

// Small builders the runs and task-instances fragments share.
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
export const pathParam = (name: string, type: 'string' | 'integer' = 'string') => ({ name, in: 'path', required: true, schema: { type } });
export const query = (name: string, schema: Record<string, unknown>, description: string) => ({ name, in: 'query', required: false, schema, description });
export const nullableDate = { type: ['string', 'null'], format: 'date-time' };

export const PAGINATION = [
  query('limit', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, 'Page size'),
  query('offset', { type: 'integer', minimum: 0, default: 0 }, 'Entries to skip'),
];

/** Airflow's ScheduleInterval (a CronExpression here: Tributary has no timedelta schedules). */
const SCHEDULE_INTERVAL = {
  oneOf: [
    { type: 'object', required: ['__type', 'value'], properties: { __type: { const: 'CronExpression' }, value: { type: 'string' } } },
    { type: 'null' },
  ],
  description: 'The schedule as written (cron, preset or @once) as {"__type": "CronExpression", "value": ...}; "Dataset" for a DAG scheduled on datasets; null for manual only (as Airflow 2)',
};

const DAG = {
  type: 'object',
  properties: {
    dag_id: { type: 'string' },
    dag_display_name: { type: 'string', description: 'The dag_id' },
    root_dag_id: { type: 'null' },
    is_paused: { type: 'boolean' },
    is_active: { type: 'boolean' },
    is_subdag: { type: 'boolean', const: false },
    description: { type: ['string', 'null'] },
    schedule_interval: SCHEDULE_INTERVAL,
    timetable_description: { type: 'string' },
    tags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    owners: { type: 'array', items: { type: 'string' } },
    timezone: { type: 'string' },
    max_active_runs: { type: 'integer' },
    max_active_tasks: { type: 'integer' },
    next_dagrun: nullableDate,
    next_dagrun_data_interval_start: nullableDate,
    next_dagrun_data_interval_end: nullableDate,
    next_dagrun_create_after: nullableDate,
    has_import_errors: { type: 'boolean', const: false, description: 'An invalid spec is refused at deploy' },
    version: { type: ['integer', 'null'], description: 'The current version number' },
    fileloc: { type: 'string', description: 'A stable pseudo-path, tributary://<workspace slug>/<dag_id>' },
    file_token: { type: 'string', description: 'fileloc in base64url (there is no /dagSources)' },
    last_parsed_time: { ...nullableDate, description: "When the current version was deployed (a spec is parsed at deploy)" },
    last_pickled: { type: 'null' },
    last_expired: { type: 'null' },
    scheduler_lock: { type: 'null' },
    pickle_id: { type: 'null' },
    default_view: { type: 'string', const: 'grid' },
    has_task_concurrency_limits: { type: 'boolean', const: false },
    max_consecutive_failed_dag_runs: { type: 'integer', const: 0, description: 'Never paused after failed runs' },
  },
};

const VERSION = {
  type: 'object',
  properties: {
    version: { type: 'integer' },
    created_at: { type: 'string', format: 'date-time' },
    content_hash: { type: 'string', description: 'SHA-256 of the source text' },
    source_format: { enum: ['yaml', 'json'] },
  },
};

export const ok = (description: string, schema: Record<string, unknown>) => ({ description, content: { 'application/json': { schema } } });
const DAG_ID = pathParam('dag_id');

const DEPLOY_WARNINGS = {
  type: 'array',
  description: "Where a task's SQL contradicts its declared inputs or outputs, placed in the text sent",
  items: { type: 'object', properties: { path: { type: 'string' }, line: { type: ['integer', 'null'] }, column: { type: ['integer', 'null'] }, message: { type: 'string' } } },
};

export const dagsPaths: TOpenApiPaths = {
  '/dags': {
    get: {
      summary: 'List DAGs',
      parameters: [
        ...PAGINATION,
        { ...query('tags', { type: 'array', items: { type: 'string' } }, 'DAGs with any of these tags (repeat the parameter)'), style: 'form', explode: true },
        query('dag_id_pattern', { type: 'string' }, 'Substring of the dag_id, case-insensitive'),
        query('paused', { type: 'boolean' }, 'Only paused (true) or unpaused (false) DAGs'),
      ],
      responses: {
        '200': ok('One page of DAGs', { type: 'object', properties: { dags: { type: 'array', items: DAG }, total_entries: { type: 'integer' } } }),
        '400': problem('A bad query parameter'),
      },
    },
  },
  '/dags/{dag_id}': {
    get: {
      summary: 'Get a DAG',
      parameters: [DAG_ID],
      responses: { '200': ok('The DAG', DAG), '404': problem('No such DAG in this workspace') },
    },
    put: {
      summary: 'Deploy a DAG spec (create the DAG or add a version); editor',
      description:
        'The body is the spec, YAML or JSON. An invalid spec changes nothing (the current version stays active) and answers 400 with every problem, each with its path, line and column in the text sent. Content identical to the current version makes no new version. `warnings` lists where a task\'s SQL contradicts its declared inputs or outputs (the deploy still happens).',
      parameters: [DAG_ID],
      requestBody: {
        required: true,
        content: {
          'application/yaml': { schema: { type: 'string' } },
          'text/yaml': { schema: { type: 'string' } },
          'application/json': { schema: { type: 'object' } },
        },
      },
      responses: {
        '200': ok('Updated or unchanged', { allOf: [DAG, { type: 'object', properties: { deploy_status: { enum: ['updated', 'unchanged'] }, warnings: DEPLOY_WARNINGS } }] }),
        '201': ok('Created', { allOf: [DAG, { type: 'object', properties: { deploy_status: { const: 'created' }, warnings: DEPLOY_WARNINGS } }] }),
        '400': problem('The spec is invalid (errors: [{path, line, column, message}]) or its dag_id differs from the path'),
        '403': problem('Needs the editor role'),
        '415': problem('Not YAML or JSON'),
      },
    },
    patch: {
      summary: 'Pause or unpause a DAG; editor',
      parameters: [DAG_ID],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['is_paused'], properties: { is_paused: { type: 'boolean' } } } } } },
      responses: { '200': ok('The DAG', DAG), '400': problem('A bad body'), '403': problem('Needs the editor role'), '404': problem('No such DAG') },
    },
    delete: {
      summary: 'Delete a DAG with its versions, runs, task instances and logs; editor',
      parameters: [DAG_ID],
      responses: { '204': { description: 'Deleted' }, '403': problem('Needs the editor role'), '404': problem('No such DAG') },
    },
  },
  '/dags/{dag_id}/versions': {
    get: {
      summary: "List a DAG's versions, oldest first",
      parameters: [DAG_ID, ...PAGINATION],
      responses: {
        '200': ok('One page of versions', { type: 'object', properties: { versions: { type: 'array', items: VERSION }, total_entries: { type: 'integer' } } }),
        '404': problem('No such DAG'),
      },
    },
  },
  '/dags/{dag_id}/versions/{version}': {
    get: {
      summary: 'Get one version with its source text and normalised spec',
      parameters: [DAG_ID, pathParam('version', 'integer')],
      responses: {
        '200': ok('The version', { allOf: [VERSION, { type: 'object', properties: { source: { type: 'string' }, spec: { type: 'object' } } }] }),
        '404': problem('No such DAG or version'),
      },
    },
  },
};
