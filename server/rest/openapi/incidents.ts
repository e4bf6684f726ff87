import { nullableDate, ok, PAGINATION, pathParam, problem, query } from './dags';
import type { TOpenApiPaths } from './types';

const DATE_TIME = { type: 'string', format: 'date-time' };
const STATE = { enum: ['open', 'acknowledged', 'resolved'] };
const nullableText = (description: string) => ({ type: ['string', 'null'], description });
const runRef = { type: ['object', 'null'], properties: { dag_run_id: { type: 'string' }, logical_date: DATE_TIME } };

const INCIDENT = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    dag_id: { type: 'string' },
    title: { type: 'string' },
    state: STATE,
    opened_at: DATE_TIME,
    acknowledged_at: nullableDate,
    acknowledged_by: nullableText('Who acknowledged it: a user by email, or an API token by name'),
    resolved_at: nullableDate,
    resolved_by: nullableText('Who resolved it by hand; null when a successful run resolved it'),
    failure_count: { type: 'integer', description: 'Final task failures that joined the incident' },
    postmortem_required: { type: 'boolean', description: "Open longer than the workspace's post-mortem threshold" },
    postmortem_state: { enum: ['none', 'draft', 'written'] },
    postmortem_pending: { type: 'boolean', description: 'Required and not written yet (a draft does not count)' },
    tta_seconds: { type: ['integer', 'null'], description: 'Time to acknowledge' },
    ttr_seconds: { type: ['integer', 'null'], description: 'Time to resolve' },
  },
};

const TIMELINE_ENTRY = {
  type: 'object',
  properties: {
    at: DATE_TIME,
    kind: { enum: ['opened', 'failure', 'retry', 'clear', 'mark', 'run', 'alert', 'acknowledged', 'resolved'] },
    text: { type: 'string' },
    actor: nullableText('Who acted, for a clear, mark, acknowledgement or resolution by hand'),
    link: nullableText("A path in the web app: a failure's try log, a run, the incident"),
  },
};

const INCIDENT_DETAIL = {
  type: 'object',
  properties: {
    ...INCIDENT.properties,
    first_run: { ...runRef, description: 'The run whose failure opened the incident' },
    resolving_run: { ...runRef, description: 'The successful run that resolved it' },
    timeline: { type: 'array', items: TIMELINE_ENTRY, description: 'Oldest first' },
  },
};

const POSTMORTEM = {
  type: 'object',
  properties: {
    markdown: { type: 'string' },
    is_draft: { type: 'boolean' },
    author: nullableText("The last saver; null for the product's pre-filled draft"),
    updated_at: DATE_TIME,
    revisions: {
      type: 'array',
      description: 'Every save, newest first',
      items: { type: 'object', properties: { id: { type: 'string' }, author: { type: ['string', 'null'] }, created_at: DATE_TIME } },
    },
  },
};

const ID = [pathParam('incident_id')];

export const incidentsPaths: TOpenApiPaths = {
  '/incidents': {
    get: {
      summary: 'List incidents, newest first (viewer)',
      parameters: [
        query('dag_id', { type: 'string' }, 'Only this DAG'),
        query('state', STATE, 'Only incidents in this state'),
        query('q', { type: 'string', maxLength: 200 }, 'Search the title, DAG id and post-mortem (web-search syntax: "a phrase", -word, or)'),
        query('opened_at_gte', DATE_TIME, 'Opened at or after'),
        query('opened_at_lte', DATE_TIME, 'Opened at or before'),
        ...PAGINATION,
      ],
      responses: {
        '200': ok('One page', { type: 'object', properties: { incidents: { type: 'array', items: INCIDENT }, total_entries: { type: 'integer' } } }),
        '400': problem('A query parameter is invalid'),
      },
    },
  },
  '/incidents/{incident_id}': {
    get: {
      summary: 'Get an incident with its timeline (viewer)',
      parameters: ID,
      responses: { '200': ok('The incident', INCIDENT_DETAIL), '404': problem('No such incident in this workspace') },
    },
    patch: {
      summary: 'Acknowledge or resolve an incident (editor)',
      description: 'acknowledged: open → acknowledged, by the caller. resolved: open or acknowledged → resolved by hand; the DAG\'s next failure opens a new incident, and a pre-filled post-mortem draft is written.',
      parameters: ID,
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['state'], properties: { state: { enum: ['acknowledged', 'resolved'] } } } } } },
      responses: {
        '200': ok('The incident', INCIDENT_DETAIL),
        '400': problem('A bad body'),
        '403': problem('Needs the editor role'),
        '404': problem('No such incident in this workspace'),
        '409': problem('Already acknowledged (the detail names by whom) or already resolved'),
      },
    },
  },
  '/incidents/{incident_id}/postmortem': {
    get: {
      summary: "Get an incident's post-mortem (viewer)",
      parameters: ID,
      responses: { '200': ok('The post-mortem', POSTMORTEM), '404': problem('No such incident, or it has no post-mortem yet') },
    },
    put: {
      summary: "Write an incident's post-mortem (editor); every save is kept as a revision",
      description: 'is_draft false marks it written: the incident leaves the "post-mortem required" list.',
      parameters: ID,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['markdown'], properties: { markdown: { type: 'string', maxLength: 200000 }, is_draft: { type: 'boolean', default: false } } } } },
      },
      responses: {
        '200': ok('The post-mortem', POSTMORTEM),
        '400': problem('A bad body; errors[].path names the field (markdown over 200,000 characters)'),
        '403': problem('Needs the editor role'),
        '404': problem('No such incident in this workspace'),
      },
    },
  },
};
