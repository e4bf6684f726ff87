import type { TOpenApiPaths } from './types';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };

const progress = {
  type: 'object',
  description: 'The runs attached to the backfill (created or reprocessed by it), by state',
  properties: { total: { type: 'integer' }, queued: { type: 'integer' }, running: { type: 'integer' }, success: { type: 'integer' }, failed: { type: 'integer' } },
};

const backfill = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    dag_id: { type: 'string' },
    from_date: dateTime,
    to_date: dateTime,
    reprocess_behavior: { enum: ['none', 'failed', 'completed'] },
    max_active_runs: { type: 'integer' },
    run_backwards: { type: 'boolean' },
    dag_run_conf: { type: 'object' },
    state: { enum: ['running', 'paused', 'completed', 'cancelled'] },
    created_at: dateTime,
    completed_at: nullableDateTime,
    progress,
  },
};

const plan = {
  plan: {
    type: 'array',
    description: 'Every logical date of the range, in the order the backfill runs them',
    items: {
      type: 'object',
      properties: {
        logical_date: dateTime,
        data_interval_start: dateTime,
        data_interval_end: dateTime,
        action: { enum: ['create', 'reprocess', 'skip'] },
        reason: { type: 'string' },
      },
    },
  },
  summary: { type: 'object', properties: { create: { type: 'integer' }, reprocess: { type: 'integer' }, skip: { type: 'integer' } } },
};

const dateInput = { type: 'string', description: "A date (midnight in the DAG's time zone) or an ISO datetime", examples: ['2025-01-01', '2025-01-01T06:00:00Z'] };

const createBody = {
  type: 'object',
  required: ['dag_id', 'from_date', 'to_date'],
  additionalProperties: false,
  properties: {
    dag_id: { type: 'string' },
    from_date: dateInput,
    to_date: dateInput,
    reprocess_behavior: { enum: ['none', 'failed', 'completed'], default: 'none', description: 'Which dates that already have a finished run are run again' },
    max_active_runs: { type: 'integer', minimum: 1, maximum: 1000, default: 10 },
    run_backwards: { type: 'boolean', default: false, description: 'Newest logical date first' },
    dag_run_conf: { type: 'object', default: {} },
    dry_run: { type: 'boolean', default: false, description: 'Return the plan and store nothing' },
  },
};

const backfillId = { name: 'backfill_id', in: 'path', required: true, schema: { type: 'string' } };

const stateChange = (summary: string) => ({
  post: {
    summary,
    parameters: [backfillId],
    responses: { '200': { description: 'The backfill', content: { 'application/json': { schema: backfill } } }, '403': problem('Viewer role'), '404': problem('No such backfill in this workspace'), '409': problem('Not in a state this change applies to') },
  },
});

export const backfillsPaths: TOpenApiPaths = {
  '/backfills': {
    get: {
      summary: "List the workspace's backfills, newest first",
      parameters: [
        { name: 'dag_id', in: 'query', schema: { type: 'string' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: {
        '200': { description: '{backfills, total_entries}', content: { 'application/json': { schema: { type: 'object', properties: { backfills: { type: 'array', items: backfill }, total_entries: { type: 'integer' } } } } } },
        '404': problem('No such DAG'),
      },
    },
    post: {
      summary: 'Create a backfill (editor), or with dry_run only return what it would do',
      requestBody: { required: true, content: { 'application/json': { schema: createBody } } },
      responses: {
        '200': { description: 'Dry run: {dry_run, dag_id, from_date, to_date, plan, summary, total_entries}', content: { 'application/json': { schema: { type: 'object', properties: { dry_run: { const: true }, dag_id: { type: 'string' }, from_date: dateTime, to_date: dateTime, total_entries: { type: 'integer' }, ...plan } } } } },
        '201': { description: 'The backfill (state running) with its plan', content: { 'application/json': { schema: { allOf: [backfill, { type: 'object', properties: plan }] } } } },
        '400': problem('Invalid body, a reversed range, or a DAG without a schedule ("backfill needs a schedule")'),
        '403': problem('Viewer role'),
        '404': problem('No such DAG'),
        '409': problem('The DAG already has a running or paused backfill'),
      },
    },
  },
  '/backfills/{backfill_id}': {
    get: {
      summary: 'A backfill with its progress',
      parameters: [backfillId],
      responses: { '200': { description: 'The backfill', content: { 'application/json': { schema: backfill } } }, '404': problem('No such backfill in this workspace') },
    },
  },
  '/backfills/{backfill_id}/pause': stateChange('Pause a running backfill: its queued runs wait, running ones finish'),
  '/backfills/{backfill_id}/unpause': stateChange('Resume a paused backfill'),
  '/backfills/{backfill_id}/cancel': stateChange('Cancel a backfill: its runs not started yet are dropped, running ones finish'),
};
