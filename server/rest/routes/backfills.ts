import { z } from 'zod';
import { resolveSpecDate } from '../../domain/dag/spec-date';
import type { TBackfillPlanItem } from '../../domain/schedule/backfill-plan';
import { REPROCESS_BEHAVIORS, type TBackfillView } from '../../services/backfills/backfill-view';
import { createBackfill } from '../../services/backfills/create-backfill';
import { getBackfill } from '../../services/backfills/get-backfill';
import { listBackfills } from '../../services/backfills/list-backfills';
import { setBackfillState, type TBackfillStateAction } from '../../services/backfills/set-backfill-state';
import type { TServiceContext } from '../../services/context';
import { iso, json, jsonBody, queryParams, ZPaginationSchema } from '../http';
import { defineRoutes, type TRoute } from '../route';

const ZBackfillDateSchema = z.string().refine((text) => resolveSpecDate(text.trim(), 'UTC') !== null, {
  error: (issue) => `'${String(issue.input)}' is not a date: use 2025-01-01 or an ISO datetime like 2025-01-01T06:00:00Z`,
});

const ZCreateBackfillSchema = z.strictObject({
  dag_id: z.string().trim().min(1, 'dag_id is required'),
  from_date: ZBackfillDateSchema,
  to_date: ZBackfillDateSchema,
  reprocess_behavior: z.enum(REPROCESS_BEHAVIORS, { error: `reprocess_behavior must be one of: ${REPROCESS_BEHAVIORS.join(', ')}` }).default('none'),
  max_active_runs: z.number().int().min(1).max(1_000).default(10),
  run_backwards: z.boolean().default(false),
  dag_run_conf: z.record(z.string(), z.unknown()).default({}),
  dry_run: z.boolean().default(false),
});

const ZListBackfillsSchema = ZPaginationSchema.extend({ dag_id: z.string().min(1).optional() });

/** Airflow 3's Backfill shape, with our progress counts. */
export function backfillJson(backfill: TBackfillView) {
  return {
    id: backfill.id,
    dag_id: backfill.dagId,
    from_date: iso(backfill.fromDate),
    to_date: iso(backfill.toDate),
    reprocess_behavior: backfill.reprocessBehavior,
    max_active_runs: backfill.maxActiveRuns,
    run_backwards: backfill.runBackwards,
    dag_run_conf: backfill.conf,
    state: backfill.state,
    created_at: iso(backfill.createdAt),
    completed_at: iso(backfill.completedAt),
    progress: backfill.progress,
  };
}

function planJson(plan: readonly TBackfillPlanItem[]) {
  const summary = { create: 0, reprocess: 0, skip: 0 };
  for (const item of plan) summary[item.action] += 1;
  const items = plan.map((item) => ({
    logical_date: iso(item.logicalDate),
    data_interval_start: iso(item.dataInterval.start),
    data_interval_end: iso(item.dataInterval.end),
    action: item.action,
    reason: item.reason,
  }));
  return { plan: items, summary };
}

function stateRoute(action: TBackfillStateAction): TRoute {
  return {
    method: 'POST',
    path: `/backfills/:backfill_id/${action}`,
    auth: 'token',
    async handler({ ctx, params }) {
      return json(backfillJson(await setBackfillState(ctx, params.backfill_id!, action)));
    },
  };
}

async function create(ctx: TServiceContext, request: Request): Promise<Response> {
  const body = await jsonBody(request, ZCreateBackfillSchema);
  const result = await createBackfill(ctx, {
    dagId: body.dag_id,
    fromDate: body.from_date,
    toDate: body.to_date,
    reprocessBehavior: body.reprocess_behavior,
    maxActiveRuns: body.max_active_runs,
    runBackwards: body.run_backwards,
    dagRunConf: body.dag_run_conf,
    dryRun: body.dry_run,
  });
  if (!result.backfill) {
    const range = { dag_id: result.dagId, from_date: iso(result.fromDate), to_date: iso(result.toDate) };
    return json({ dry_run: true, ...range, ...planJson(result.plan), total_entries: result.plan.length });
  }
  return json({ ...backfillJson(result.backfill), ...planJson(result.plan) }, 201);
}

export const backfillsRoutes = defineRoutes([
  {
    method: 'POST',
    path: '/backfills',
    auth: 'token',
    handler: ({ ctx, request }) => create(ctx, request),
  },
  {
    method: 'GET',
    path: '/backfills',
    auth: 'token',
    async handler({ ctx, url }) {
      const query = queryParams(url, ZListBackfillsSchema);
      const page = await listBackfills(ctx, { dagId: query.dag_id, limit: query.limit, offset: query.offset });
      return json({ backfills: page.backfills.map(backfillJson), total_entries: page.totalEntries });
    },
  },
  {
    method: 'GET',
    path: '/backfills/:backfill_id',
    auth: 'token',
    async handler({ ctx, params }) {
      return json(backfillJson(await getBackfill(ctx, params.backfill_id!)));
    },
  },
  stateRoute('pause'),
  stateRoute('unpause'),
  stateRoute('cancel'),
]);
