import type { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import { resolveSpecDate } from '../../domain/dag/spec-date';
import type { TBackfillPlanItem, TReprocessBehavior } from '../../domain/schedule/backfill-plan';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { loadDagVersion } from '../dags/load-dag-version';
import { wakeScheduler } from '../../queue/scheduler-wakeup';
import { ACTIVE_BACKFILL_STATES, BACKFILL_VIEW_SELECT, toBackfillView, type TBackfillView } from './backfill-view';
import { currentBackfillPlan, type TBackfillRange } from './current-backfill-plan';

export const DEFAULT_BACKFILL_MAX_ACTIVE_RUNS = 10;

export type TCreateBackfillInput = {
  dagId: string;
  /** As a DAG spec's start_date: `2025-01-01` is midnight in the DAG's time zone; an ISO datetime with offset is that instant. */
  fromDate: string;
  toDate: string;
  reprocessBehavior?: TReprocessBehavior;
  maxActiveRuns?: number;
  runBackwards?: boolean;
  dagRunConf?: Record<string, unknown>;
  dryRun?: boolean;
};

export type TCreateBackfillResult = {
  dagId: string;
  fromDate: Date;
  toDate: Date;
  /** Null for a dry run: nothing was stored. */
  backfill: TBackfillView | null;
  /** Every logical date in the range, in the order the backfill runs them. */
  plan: TBackfillPlanItem[];
};

function resolveDate(text: string, timezone: string, field: string): Date {
  const date = resolveSpecDate(text.trim(), timezone);
  if (!date) {
    throw new AppError('invalid_input', `${field} '${text}' is not a date: use 2025-01-01 or an ISO datetime like 2025-01-01T06:00:00Z`, [
      { path: field, line: null, column: null, message: 'not a date' },
    ]);
  }
  return date;
}

/**
 * Airflow 3's "create backfill": stores a backfill that the scheduler executes (run-backfills),
 * or, with `dryRun`, only says what it would do for every logical date. The plan returned is
 * computed against the DAG's runs now; the scheduler recomputes it when it acts, so a date whose
 * run changes state meanwhile is decided on what is true then.
 */
export async function createBackfill(ctx: TServiceContext, input: TCreateBackfillInput): Promise<TCreateBackfillResult> {
  requireRole(ctx, 'editor');
  const maxActiveRuns = input.maxActiveRuns ?? DEFAULT_BACKFILL_MAX_ACTIVE_RUNS;
  if (!Number.isInteger(maxActiveRuns) || maxActiveRuns < 1) {
    throw new AppError('invalid_input', `max_active_runs must be a positive integer, not ${maxActiveRuns}.`);
  }
  const dag = await ctx.db.dag.findUnique({
    where: { workspaceId_dagId: { workspaceId: ctx.workspaceId, dagId: input.dagId } },
    select: { id: true, currentVersionId: true },
  });
  if (!dag?.currentVersionId) throw new AppError('not_found', `DAG '${input.dagId}' does not exist.`);
  const spec = await loadDagVersion(ctx.db, dag.currentVersionId);
  const range: TBackfillRange = {
    fromDate: resolveDate(input.fromDate, spec.timezone, 'from_date'),
    toDate: resolveDate(input.toDate, spec.timezone, 'to_date'),
    reprocessBehavior: input.reprocessBehavior ?? 'none',
    runBackwards: input.runBackwards ?? false,
  };
  const plan = (await currentBackfillPlan(ctx.db, { dagPk: dag.id, spec, range })).map(({ existingRunPk: _run, ...item }) => item);
  const result = { dagId: input.dagId, fromDate: range.fromDate, toDate: range.toDate, plan };
  if (input.dryRun) return { ...result, backfill: null };
  const backfill = await ctx.db.$transaction((tx) =>
    storeBackfill(tx, ctx, { dagPk: dag.id, dagId: input.dagId, range, maxActiveRuns, conf: input.dagRunConf ?? {} }),
  );
  await wakeScheduler(ctx.db);
  return { ...result, backfill };
}

async function storeBackfill(
  tx: TDb,
  ctx: TServiceContext,
  input: { dagPk: string; dagId: string; range: TBackfillRange; maxActiveRuns: number; conf: Record<string, unknown> },
): Promise<TBackfillView> {
  // The DAG's row lock serialises concurrent creates, so "one active backfill" holds under a race.
  await tx.$queryRaw`select id from dag where id = ${input.dagPk} for update`;
  const active = await tx.backfill.findFirst({
    where: { dagPk: input.dagPk, state: { in: [...ACTIVE_BACKFILL_STATES] } },
    select: { id: true, state: true },
  });
  if (active) {
    throw new AppError(
      'conflict',
      `DAG '${input.dagId}' already has a ${active.state} backfill (${active.id}); cancel it or wait for it to complete first.`,
    );
  }
  const row = await tx.backfill.create({
    data: {
      workspaceId: ctx.workspaceId,
      dagPk: input.dagPk,
      ...input.range,
      maxActiveRuns: input.maxActiveRuns,
      conf: input.conf as Prisma.InputJsonValue,
      state: 'running',
      createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
    },
    select: BACKFILL_VIEW_SELECT,
  });
  await recordAudit(tx, ctx, {
    action: 'backfill.create',
    targetType: 'backfill',
    targetId: row.id,
    details: {
      dag_id: input.dagId,
      from_date: input.range.fromDate.toISOString(),
      to_date: input.range.toDate.toISOString(),
      reprocess_behavior: input.range.reprocessBehavior,
      max_active_runs: input.maxActiveRuns,
      run_backwards: input.range.runBackwards,
    },
  });
  return toBackfillView(row);
}
