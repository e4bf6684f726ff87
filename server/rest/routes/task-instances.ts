import { z } from 'zod';
import type { TServiceContext } from '../../services/context';
import { setTaskInstanceNote } from '../../services/incidents/set-task-instance-note';
import { airflowOperatorsOf } from '../../services/task-instances/airflow-operators';
import { clearTaskInstances } from '../../services/task-instances/clear-task-instances';
import { getTaskInstance, listTaskInstances, type TTaskInstanceView } from '../../services/task-instances/list-task-instances';
import { readTaskLog } from '../../services/task-instances/read-task-log';
import { MARKABLE_STATES, setTaskInstanceState } from '../../services/task-instances/set-task-instance-state';
import { json, jsonBody, queryParams, RestInputError, ZPaginationSchema } from '../http';
import { defineRoutes } from '../route';
import { clearedTaskInstanceJson, taskInstanceJson, ZQueryBooleanSchema } from '../serializers';

const TI_PATH = '/dags/:dag_id/dagRuns/:dag_run_id/taskInstances';
const ZDateTimeSchema = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2024-01-01T00:00:00Z' });

const ZPatchTaskInstanceSchema = z
  .object({
    new_state: z.enum(MARKABLE_STATES, { error: `new_state must be one of: ${MARKABLE_STATES.join(', ')}` }).optional(),
    note: z.string({ error: 'note must be a string, or null to remove it' }).nullable().optional(),
    dry_run: z.boolean().default(false),
  })
  .refine((body) => body.new_state !== undefined || body.note !== undefined, { error: 'give new_state, note or both', path: ['new_state'] });

/** Airflow's ClearTaskInstances body, with its defaults (dry_run and only_failed are on unless turned off). */
const ZClearTaskInstancesSchema = z.object({
  dag_run_id: z.string().min(1).nullish(),
  task_ids: z.array(z.string().min(1)).min(1, 'task_ids must name at least one task; leave it out to clear every task').nullish(),
  only_failed: z.boolean().default(true),
  only_running: z.boolean().default(false),
  include_upstream: z.boolean().default(false),
  include_downstream: z.boolean().default(false),
  start_date: ZDateTimeSchema.nullish(),
  end_date: ZDateTimeSchema.nullish(),
  dry_run: z.boolean().default(true),
  reset_dag_runs: z.boolean().default(true),
  use_latest_version: z.boolean().default(false),
});

const ZLogQuerySchema = z.object({ token: z.string().optional(), full_content: ZQueryBooleanSchema.default(false) });
const ZContinuationSchema = z.object({ seq: z.number().int().min(-1) });

/** Continuation tokens are opaque to clients: base64url JSON of the last chunk served. */
function encodeToken(seq: number): string {
  return Buffer.from(JSON.stringify({ seq })).toString('base64url');
}
function decodeToken(token: string | undefined): number {
  if (token === undefined) return -1;
  try {
    return ZContinuationSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).seq;
  } catch {
    throw new RestInputError('The continuation token is not one this API gave out.', [{ path: 'token', line: null, column: null, message: 'invalid token' }]);
  }
}

/** The instances as Airflow's JSON, each naming the Airflow operator its task was imported from (its run's version's spec says). */
async function taskInstancesJson(ctx: TServiceContext, instances: readonly TTaskInstanceView[]) {
  const operatorOf = await airflowOperatorsOf(ctx.db, instances);
  return instances.map((instance) => taskInstanceJson(instance, operatorOf(instance)));
}

function tiParams(params: Record<string, string>) {
  return { dagId: params.dag_id!, runId: params.dag_run_id!, taskId: params.task_id! };
}

export const taskInstancesRoutes = defineRoutes([
  {
    method: 'GET',
    path: TI_PATH,
    auth: 'token',
    async handler({ ctx, params, url }) {
      const query = queryParams(url, ZPaginationSchema);
      const { instances, total } = await listTaskInstances(ctx, { dagId: params.dag_id!, runId: params.dag_run_id!, ...query });
      return json({ task_instances: await taskInstancesJson(ctx, instances), total_entries: total });
    },
  },
  {
    method: 'GET',
    path: `${TI_PATH}/:task_id`,
    auth: 'token',
    async handler({ ctx, params }) {
      const [instance] = await taskInstancesJson(ctx, [await getTaskInstance(ctx, tiParams(params))]);
      return json(instance);
    },
  },
  {
    method: 'PATCH',
    path: `${TI_PATH}/:task_id`,
    auth: 'token',
    async handler({ ctx, params, request }) {
      const body = await jsonBody(request, ZPatchTaskInstanceSchema);
      const key = tiParams(params);
      if (body.new_state === undefined) {
        if (!body.dry_run) await setTaskInstanceNote(ctx, { ...key, note: body.note ?? null });
        return json({ task_instances: await taskInstancesJson(ctx, [await getTaskInstance(ctx, key)]), total_entries: 1 });
      }
      // The state first: a refused move leaves the note as it was. A dry run changes neither.
      const changed = await setTaskInstanceState(ctx, { ...key, newState: body.new_state, dryRun: body.dry_run });
      const noted = body.note !== undefined && !body.dry_run ? await setTaskInstanceNote(ctx, { ...key, note: body.note }) : null;
      const items = (await taskInstancesJson(ctx, changed)).map((ti) => ({ ...ti, ...(noted && ti.task_id === key.taskId && ti.dag_run_id === key.runId ? { note: noted.note } : {}) }));
      return json({ task_instances: items, total_entries: changed.length });
    },
  },
  {
    method: 'GET',
    path: `${TI_PATH}/:task_id/logs/:try_number`,
    auth: 'token',
    async handler({ ctx, params, url, request }) {
      const tryNumber = z.coerce.number().int().min(1).safeParse(params.try_number);
      if (!tryNumber.success) throw new RestInputError(`The try number must be a positive whole number, not '${params.try_number}'.`);
      const query = queryParams(url, ZLogQuerySchema);
      const page = await readTaskLog(ctx, { ...tiParams(params), tryNumber: tryNumber.data, afterSeq: decodeToken(query.token), full: query.full_content });
      // Null once the log is complete: nothing left to read and the attempt has ended.
      const continuationToken = page.more ? encodeToken(page.lastSeq) : null;
      if ((request.headers.get('accept') ?? '').includes('application/json')) {
        return json({ content: page.content, continuation_token: continuationToken });
      }
      return new Response(page.content, {
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': 'no-store',
          ...(continuationToken ? { 'x-continuation-token': continuationToken } : {}),
        },
      });
    },
  },
  {
    method: 'POST',
    path: '/dags/:dag_id/clearTaskInstances',
    auth: 'token',
    async handler({ ctx, params, request }) {
      const body = await jsonBody(request, ZClearTaskInstancesSchema);
      const cleared = await clearTaskInstances(ctx, {
        dagId: params.dag_id!,
        dagRunId: body.dag_run_id ?? undefined,
        taskIds: body.task_ids ?? undefined,
        onlyFailed: body.only_failed,
        onlyRunning: body.only_running,
        includeUpstream: body.include_upstream,
        includeDownstream: body.include_downstream,
        startDate: body.start_date ? new Date(body.start_date) : undefined,
        endDate: body.end_date ? new Date(body.end_date) : undefined,
        dryRun: body.dry_run,
        resetDagRuns: body.reset_dag_runs,
        useLatestVersion: body.use_latest_version,
      });
      return json({ task_instances: cleared.map((instance) => clearedTaskInstanceJson(params.dag_id!, instance)) });
    },
  },
]);
