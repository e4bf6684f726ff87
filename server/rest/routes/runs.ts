import { z } from 'zod';
import { DAG_RUN_STATES } from '../../domain/state/dag-run-transitions';
import { setDagRunNote } from '../../services/incidents/set-dag-run-note';
import { getDagRun, getDagRunByPk } from '../../services/runs/get-dag-run';
import { DAG_RUN_ORDERS, listDagRuns } from '../../services/runs/list-dag-runs';
import { SETTABLE_DAG_RUN_STATES, setDagRunState } from '../../services/runs/set-dag-run-state';
import { triggerDagRun } from '../../services/runs/trigger-dag-run';
import { json, jsonBody, queryParams, ZPaginationSchema } from '../http';
import { defineRoutes } from '../route';
import { dagRunJson, repeated } from '../serializers';

const ZDateTimeSchema = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2024-01-01T00:00:00Z' });

const ZListDagRunsQuerySchema = ZPaginationSchema.extend({
  state: repeated(z.enum(DAG_RUN_STATES, { error: `state must be one of: ${DAG_RUN_STATES.join(', ')}` })).optional(),
  logical_date_gte: ZDateTimeSchema.optional(),
  logical_date_lte: ZDateTimeSchema.optional(),
  order_by: z.enum(DAG_RUN_ORDERS, { error: `order_by must be one of: ${DAG_RUN_ORDERS.join(', ')}` }).default('-logical_date'),
});

const ZTriggerDagRunSchema = z.object({
  logical_date: ZDateTimeSchema.nullish(),
  conf: z.record(z.string(), z.unknown()).nullish(),
  dag_run_id: z.string().trim().min(1).max(250).nullish(),
});

const ZPatchDagRunSchema = z
  .object({
    state: z.enum(SETTABLE_DAG_RUN_STATES, { error: `state must be one of: ${SETTABLE_DAG_RUN_STATES.join(', ')}` }).optional(),
    note: z.string({ error: 'note must be a string, or null to remove it' }).nullable().optional(),
  })
  .refine((body) => body.state !== undefined || body.note !== undefined, { error: 'give state, note or both', path: ['state'] });

const dateOf = (value: string | null | undefined) => (value ? new Date(value) : undefined);

export const runsRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/dags/:dag_id/dagRuns',
    auth: 'token',
    async handler({ ctx, params, url }) {
      const query = queryParams(url, ZListDagRunsQuerySchema);
      const { runs, total } = await listDagRuns(ctx, {
        dagId: params.dag_id!,
        limit: query.limit,
        offset: query.offset,
        states: query.state,
        logicalDateGte: dateOf(query.logical_date_gte),
        logicalDateLte: dateOf(query.logical_date_lte),
        orderBy: query.order_by,
      });
      return json({ dag_runs: runs.map(dagRunJson), total_entries: total });
    },
  },
  {
    method: 'POST',
    path: '/dags/:dag_id/dagRuns',
    auth: 'token',
    async handler({ ctx, params, request }) {
      const body = await jsonBody(request, ZTriggerDagRunSchema);
      const created = await triggerDagRun(ctx, {
        dagId: params.dag_id!,
        logicalDate: dateOf(body.logical_date),
        conf: body.conf ?? undefined,
        dagRunId: body.dag_run_id ?? undefined,
      });
      return json(dagRunJson(await getDagRunByPk(ctx, created.id)));
    },
  },
  {
    method: 'GET',
    path: '/dags/:dag_id/dagRuns/:dag_run_id',
    auth: 'token',
    async handler({ ctx, params }) {
      return json(dagRunJson(await getDagRun(ctx, { dagId: params.dag_id!, runId: params.dag_run_id! })));
    },
  },
  {
    method: 'PATCH',
    path: '/dags/:dag_id/dagRuns/:dag_run_id',
    auth: 'token',
    async handler({ ctx, params, request }) {
      const body = await jsonBody(request, ZPatchDagRunSchema);
      const key = { dagId: params.dag_id!, runId: params.dag_run_id! };
      // The state first: a refused move (409) leaves the note as it was.
      if (body.state !== undefined) await setDagRunState(ctx, { ...key, state: body.state });
      if (body.note !== undefined) await setDagRunNote(ctx, { ...key, note: body.note });
      return json(dagRunJson(await getDagRun(ctx, key)));
    },
  },
]);
