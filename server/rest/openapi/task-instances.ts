import { nullableDate, ok, PAGINATION, pathParam, problem, query } from './dags';
import type { TOpenApiPaths } from './types';

const TI_STATES = ['scheduled', 'queued', 'running', 'success', 'failed', 'up_for_retry', 'up_for_reschedule', 'upstream_failed', 'skipped', 'removed'];

const TASK_INSTANCE = {
  type: 'object',
  properties: {
    task_id: { type: 'string' },
    dag_id: { type: 'string' },
    dag_run_id: { type: 'string' },
    logical_date: { type: 'string', format: 'date-time' },
    execution_date: { type: 'string', format: 'date-time', description: "Airflow 2's name for logical_date (the same value)" },
    task_display_name: { type: 'string', description: 'The task_id' },
    state: { enum: [...TI_STATES, null], description: 'null: not scheduled yet (Airflow\'s None)' },
    try_number: { type: 'integer' },
    map_index: { type: 'integer', const: -1, description: 'Tasks are not mapped: always -1, as Airflow for an unmapped task' },
    max_tries: { type: 'integer' },
    start_date: nullableDate,
    end_date: nullableDate,
    duration: { type: ['number', 'null'] },
    hostname: { type: 'string', description: 'The worker that ran the latest try; empty until one claims it' },
    pool: { type: 'string' },
    pool_slots: { type: 'integer' },
    queued_when: nullableDate,
    operator: { type: 'string', description: "The Airflow operator an imported task came from (the spec's `operator`), else the task type (bash, sql, http, ...)" },
    rendered_fields: { type: 'object' },
    note: { type: ['string', 'null'], description: 'A short note (Airflow 3\'s `note`)' },
    pid: { type: ['integer', 'null'], description: 'The process id of the latest try on its worker' },
    unixname: { type: 'string', const: '' },
    executor_config: { type: 'string', const: '{}' },
    ...Object.fromEntries(['queue', 'priority_weight', 'executor', 'sla_miss', 'rendered_map_index', 'trigger', 'triggerer_job'].map((name) => [name, { type: 'null', description: 'No counterpart in Tributary' }])),
  },
};
const COLLECTION = { type: 'object', properties: { task_instances: { type: 'array', items: TASK_INSTANCE }, total_entries: { type: 'integer' } } };
const CLEARED = {
  type: 'object',
  properties: {
    task_instances: {
      type: 'array',
      items: {
        type: 'object',
        properties: { task_id: { type: 'string' }, dag_id: { type: 'string' }, dag_run_id: { type: 'string' }, logical_date: { type: 'string', format: 'date-time' }, execution_date: { type: 'string', format: 'date-time' }, state: { type: ['string', 'null'], description: 'The state before the clear' } },
      },
    },
  },
};

const RUN_PARAMS = [pathParam('dag_id'), pathParam('dag_run_id')];
const TI_PARAMS = [...RUN_PARAMS, pathParam('task_id')];
const BASE = '/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances';
const bool = (description: string, value: boolean) => ({ type: 'boolean', default: value, description });

export const taskInstancesPaths: TOpenApiPaths = {
  [BASE]: {
    get: {
      summary: "List a run's task instances",
      parameters: [...RUN_PARAMS, ...PAGINATION],
      responses: { '200': ok('One page of task instances', COLLECTION), '404': problem('No such DAG or run') },
    },
  },
  [`${BASE}/{task_id}`]: {
    get: {
      summary: 'Get a task instance',
      parameters: TI_PARAMS,
      responses: { '200': ok('The task instance', TASK_INSTANCE), '404': problem('No such DAG, run or task') },
    },
    patch: {
      summary: 'Mark a task instance success or failed, and/or set its note; editor',
      description: 'From any state that may go there (a running instance is stopped). Failed and upstream_failed instances downstream are then cleared so they run again, as in Airflow.',
      parameters: TI_PARAMS,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              description: 'new_state, note or both; with only a note, the answer lists this instance',
              properties: {
                new_state: { enum: ['success', 'failed'] },
                note: { type: ['string', 'null'], maxLength: 1000, description: 'A short note; null or empty removes it' },
                dry_run: bool('Only report what would change', false),
              },
            },
          },
        },
      },
      responses: {
        '200': ok('The instances that changed (or would): empty when the instance is already in that state', COLLECTION),
        '400': problem('A bad body'),
        '403': problem('Needs the editor role'),
        '404': problem('No such DAG, run or task'),
      },
    },
  },
  [`${BASE}/{task_id}/logs/{try_number}`]: {
    get: {
      summary: "Read an attempt's log, in pages of at most 1 MiB",
      description: 'text/plain by default (the continuation token in the X-Continuation-Token header); JSON with Accept: application/json. The continuation token is null once the whole log was served and the attempt has ended; while it runs, poll with the token for more.',
      parameters: [
        ...TI_PARAMS,
        pathParam('try_number', 'integer'),
        query('token', { type: 'string' }, 'The continuation_token of the previous page'),
        query('full_content', { type: 'boolean', default: false }, 'The whole log in one response'),
      ],
      responses: {
        '200': {
          description: 'One page of the log',
          content: {
            'text/plain': { schema: { type: 'string' } },
            'application/json': { schema: { type: 'object', properties: { content: { type: 'string' }, continuation_token: { type: ['string', 'null'] } } } },
          },
        },
        '400': problem('A bad token or try number'),
        '404': problem('No such DAG, run, task or try'),
      },
    },
  },
  '/dags/{dag_id}/clearTaskInstances': {
    post: {
      summary: 'Clear task instances so they run again with the same logical date; editor',
      description: 'Earlier attempts and their logs are kept. A dry run (the default, as in Airflow) only lists what would be cleared.',
      parameters: [pathParam('dag_id')],
      requestBody: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                dag_run_id: { type: 'string', description: 'Only this run' },
                task_ids: { type: 'array', items: { type: 'string' }, description: 'Only these tasks (default: all)' },
                only_failed: bool('Only failed and upstream_failed instances', true),
                only_running: bool('Only running instances', false),
                include_upstream: bool('Also the tasks upstream of task_ids', false),
                include_downstream: bool('Also the tasks downstream of task_ids', false),
                start_date: { type: 'string', format: 'date-time', description: 'Runs with a logical date on or after' },
                end_date: { type: 'string', format: 'date-time', description: 'Runs with a logical date on or before' },
                dry_run: bool('Only list what would be cleared', true),
                reset_dag_runs: bool('Send finished runs back to queued (false: they keep their state)', true),
                use_latest_version: bool("Re-pin the runs to the DAG's current version (false: re-run the version each run was pinned to)", false),
              },
            },
          },
        },
      },
      responses: {
        '200': ok('The instances cleared (or that would be)', CLEARED),
        '400': problem('A bad body or an unknown task id'),
        '403': problem('Needs the editor role'),
        '404': problem('No such DAG or run'),
      },
    },
  },
};
