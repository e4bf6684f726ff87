import { nullableDate, ok, PAGINATION, pathParam, problem, query } from './dags';
import type { TOpenApiPaths } from './types';

const DATE_TIME = { type: 'string', format: 'date-time' };

export const DAG_RUN_SCHEMA = {
  type: 'object',
  properties: {
    dag_run_id: { type: 'string' },
    dag_id: { type: 'string' },
    logical_date: DATE_TIME,
    execution_date: { ...DATE_TIME, description: "Airflow 2's name for logical_date (the same value)" },
    data_interval_start: DATE_TIME,
    data_interval_end: DATE_TIME,
    run_type: { enum: ['scheduled', 'manual', 'backfill', 'dataset_triggered'] },
    state: { enum: ['queued', 'running', 'success', 'failed'] },
    start_date: nullableDate,
    end_date: nullableDate,
    queued_at: nullableDate,
    conf: { type: 'object' },
    external_trigger: { type: 'boolean', description: 'True for manual runs' },
    last_scheduling_decision: { type: 'null', description: 'The scheduler keeps no such time' },
    dag_version: { type: 'integer', description: 'The DAG version the run executes' },
    clear_number: { type: 'integer', description: 'How many times the run was cleared' },
    backfill_id: { type: ['string', 'null'] },
    note: { type: ['string', 'null'], description: 'A short note (Airflow 3\'s `note`)' },
  },
};

const RUN_PARAMS = [pathParam('dag_id'), pathParam('dag_run_id')];

export const runsPaths: TOpenApiPaths = {
  '/dags/{dag_id}/dagRuns': {
    get: {
      summary: "List a DAG's runs",
      parameters: [
        pathParam('dag_id'),
        ...PAGINATION,
        { ...query('state', { type: 'array', items: { enum: ['queued', 'running', 'success', 'failed'] } }, 'Runs in any of these states (repeat the parameter)'), style: 'form', explode: true },
        query('logical_date_gte', DATE_TIME, 'Logical date on or after'),
        query('logical_date_lte', DATE_TIME, 'Logical date on or before'),
        query('order_by', { enum: ['logical_date', '-logical_date', 'start_date', '-start_date'], default: '-logical_date' }, 'Sort order; - for descending'),
      ],
      responses: {
        '200': ok('One page of runs', { type: 'object', properties: { dag_runs: { type: 'array', items: DAG_RUN_SCHEMA }, total_entries: { type: 'integer' } } }),
        '400': problem('A bad query parameter'),
        '404': problem('No such DAG'),
      },
    },
    post: {
      summary: 'Trigger a DAG run; editor',
      description: 'A manual run of the current version, queued at once (paused DAGs keep it queued until unpaused).',
      parameters: [pathParam('dag_id')],
      requestBody: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                logical_date: { ...DATE_TIME, description: 'Defaults to now' },
                conf: { type: 'object', description: 'Exposed to templates as params' },
                dag_run_id: { type: 'string', description: 'Defaults to manual__<logical date>' },
              },
            },
          },
        },
      },
      responses: {
        '200': ok('The run', DAG_RUN_SCHEMA),
        '400': problem('A bad body'),
        '403': problem('Needs the editor role'),
        '404': problem('No such DAG'),
        '409': problem('A run with this logical date or run id exists'),
      },
    },
  },
  '/dags/{dag_id}/dagRuns/{dag_run_id}': {
    get: {
      summary: 'Get a DAG run',
      parameters: RUN_PARAMS,
      responses: { '200': ok('The run', DAG_RUN_SCHEMA), '404': problem('No such DAG or run') },
    },
    patch: {
      summary: 'Mark a run success or failed, or clear it (queued), and/or set its note; editor',
      description:
        'success: the run and every unfinished task instance succeed. failed: scheduled, queued and running instances fail, the other unfinished ones are skipped. queued: every task instance is cleared and the run runs again.',
      parameters: RUN_PARAMS,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              description: 'state, note or both',
              properties: { state: { enum: ['success', 'failed', 'queued'] }, note: { type: ['string', 'null'], maxLength: 1000, description: 'A short note; null or empty removes it' } },
            },
          },
        },
      },
      responses: {
        '200': ok('The run', DAG_RUN_SCHEMA),
        '400': problem('A bad body'),
        '403': problem('Needs the editor role'),
        '404': problem('No such DAG or run'),
        '409': problem('The run cannot go to that state from its current one'),
      },
    },
  },
};
