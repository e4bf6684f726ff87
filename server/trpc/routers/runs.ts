import { z } from 'zod';
import { isRecord } from '../../domain/dag/strict-object';
import type { TRunType } from '../../domain/schedule/run-id';
import { DAG_RUN_STATES } from '../../domain/state/dag-run-transitions';
import { REPROCESS_BEHAVIORS, type TBackfillView } from '../../services/backfills/backfill-view';
import { createBackfill } from '../../services/backfills/create-backfill';
import { getBackfill } from '../../services/backfills/get-backfill';
import { getDag } from '../../services/dags/get-dag';
import { setDagRunNote } from '../../services/incidents/set-dag-run-note';
import { GRID_MAX_LIMIT, getDagGrid } from '../../services/runs/get-dag-grid';
import { getDagRunSummary, type TDagRunView } from '../../services/runs/get-dag-run';
import { listDagRuns } from '../../services/runs/list-dag-runs';
import { SETTABLE_DAG_RUN_STATES, setDagRunState } from '../../services/runs/set-dag-run-state';
import { triggerDagRun } from '../../services/runs/trigger-dag-run';
import { airflowOperatorsOf } from '../../services/task-instances/airflow-operators';
import { clearTaskInstances } from '../../services/task-instances/clear-task-instances';
import { describeClearVersions } from '../../services/task-instances/describe-clear-versions';
import { getTaskInstanceWithAttempts } from '../../services/task-instances/list-task-instances';
import { readTaskLog } from '../../services/task-instances/read-task-log';
import { MARKABLE_STATES, setTaskInstanceState } from '../../services/task-instances/set-task-instance-state';
import { dagListItem } from '../dag-list-item';
import { encodeGridCells } from '../grid-wire';
import { roleProcedure, router, workspaceProcedure } from '../init';

const ZDagIdSchema = z.string().min(1).max(250);
const ZRunIdSchema = z.string().min(1).max(250);
const ZTaskIdSchema = z.string().min(1).max(250);
const ZTaskInstanceKeySchema = z.object({ dagId: ZDagIdSchema, runId: ZRunIdSchema, taskId: ZTaskIdSchema });
/** A calendar date or an ISO datetime; the services say which texts they accept. */
const ZDateTextSchema = z.string().trim().min(1).max(40);

export const ZGridInputSchema = z.object({
  dagId: ZDagIdSchema,
  /** The grid offers 25, 50, 100 and 365 runs. */
  limit: z.number().int().min(1).max(GRID_MAX_LIMIT).default(25),
  before: z.iso.datetime({ offset: true }).optional(),
});

export const RUN_TYPES = ['scheduled', 'manual', 'backfill'] as const satisfies readonly TRunType[];

export const ZRunsListInputSchema = z.object({
  dagId: ZDagIdSchema,
  states: z.array(z.enum(DAG_RUN_STATES)).max(DAG_RUN_STATES.length).optional(),
  runTypes: z.array(z.enum(RUN_TYPES)).max(RUN_TYPES.length).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  offset: z.number().int().min(0).default(0),
});

export const ZTriggerInputSchema = z.object({
  dagId: ZDagIdSchema,
  logicalDate: z.iso.datetime({ offset: true }).optional(),
  conf: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Which version a clear re-runs: the run's pinned one (the default, as before) or the DAG's
 * latest; `expectedLatestVersion` is the latest the dialog showed, so a deploy in between
 * refuses the clear instead of running a version nobody saw.
 */
const ZClearVersionSchema = z.object({
  useLatestVersion: z.boolean().default(false),
  expectedLatestVersion: z.number().int().min(1).optional(),
});

export const ZClearInputSchema = ZTaskInstanceKeySchema.extend({
  includeDownstream: z.boolean(),
  includeUpstream: z.boolean(),
  onlyFailed: z.boolean(),
  dryRun: z.boolean(),
}).extend(ZClearVersionSchema.shape);

export const ZClearRunInputSchema = z.object({ dagId: ZDagIdSchema, runId: ZRunIdSchema, onlyFailed: z.boolean(), dryRun: z.boolean() }).extend(ZClearVersionSchema.shape);

export const ZBackfillInputSchema = z.object({
  dagId: ZDagIdSchema,
  fromDate: ZDateTextSchema,
  toDate: ZDateTextSchema,
  reprocessBehavior: z.enum(REPROCESS_BEHAVIORS).default('none'),
  maxActiveRuns: z.number().int().min(1).max(100).default(10),
  runBackwards: z.boolean().default(false),
  dryRun: z.boolean(),
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A run as the UI reads it: Airflow's field names, dates as ISO strings (the link sends JSON). */
function runItem(run: TDagRunView) {
  return {
    run_id: run.runId,
    state: run.state,
    run_type: run.runType,
    logical_date: run.logicalDate.toISOString(),
    start_date: iso(run.startDate),
    end_date: iso(run.endDate),
    dag_version: run.dagVersion.version,
  };
}

/** Clear within one run, the UI's way: the run queued again, on its pinned version or the latest. */
async function clearInRun(
  ctx: Parameters<typeof clearTaskInstances>[0],
  input: { dagId: string; runId: string; onlyFailed: boolean; dryRun: boolean } & z.infer<typeof ZClearVersionSchema>,
  selection: { taskIds?: string[]; includeDownstream: boolean; includeUpstream: boolean },
) {
  const cleared = await clearTaskInstances(ctx, {
    dagId: input.dagId,
    dagRunId: input.runId,
    ...selection,
    onlyFailed: input.onlyFailed,
    onlyRunning: false,
    dryRun: input.dryRun,
    resetDagRuns: true,
    useLatestVersion: input.useLatestVersion,
    expectedLatestVersion: input.expectedLatestVersion,
  });
  return cleared.map((ti) => ({ task_id: ti.taskId, run_id: ti.runId, logical_date: ti.logicalDate.toISOString(), state: ti.state }));
}

function backfillItem(backfill: TBackfillView) {
  return {
    id: backfill.id,
    state: backfill.state,
    from_date: backfill.fromDate.toISOString(),
    to_date: backfill.toDate.toISOString(),
    progress: backfill.progress,
  };
}

/** The grid, runs, task instances and backfills of one DAG, for its page's tabs. */
export const runsRouter = router({
  dag: workspaceProcedure.input(z.object({ dagId: ZDagIdSchema })).query(async ({ ctx, input }) =>
    dagListItem(await getDag(ctx.service, input.dagId), []),
  ),

  /** Each run's task instances as `cells` in the order of `tasks` (grid-wire.ts; the page decodes them). */
  grid: workspaceProcedure.input(ZGridInputSchema).query(async ({ ctx, input }) => {
    const grid = await getDagGrid(ctx.service, { dagId: input.dagId, limit: input.limit, beforeLogicalDate: input.before ? new Date(input.before) : undefined });
    const taskIds = grid.tasks.map((task) => task.task_id);
    return {
      dag_id: grid.dag_id,
      tasks: grid.tasks,
      next_cursor: grid.next_cursor,
      runs: grid.runs.map((run) => {
        const dates = { logical_date: run.logical_date.toISOString(), start_date: iso(run.start_date) };
        return {
          run_id: run.run_id,
          state: run.state,
          run_type: run.run_type,
          ...dates,
          end_date: iso(run.end_date),
          note: run.note,
          incident: run.incident,
          cells: encodeGridCells(taskIds, dates, run.task_instances),
        };
      }),
    };
  }),

  list: workspaceProcedure.input(ZRunsListInputSchema).query(async ({ ctx, input }) => {
    const { runs, total } = await listDagRuns(ctx.service, { ...input, orderBy: '-logical_date' });
    return { runs: runs.map(runItem), total };
  }),

  /** One run with everything its panel shows: dates, conf, version and its tasks' states. */
  run: workspaceProcedure.input(z.object({ dagId: ZDagIdSchema, runId: ZRunIdSchema })).query(async ({ ctx, input }) => {
    const { run, taskStates } = await getDagRunSummary(ctx.service, input);
    return {
      ...runItem(run),
      data_interval_start: run.dataIntervalStart.toISOString(),
      data_interval_end: run.dataIntervalEnd.toISOString(),
      queued_at: iso(run.queuedAt),
      clear_number: run.clearNumber,
      note: run.note,
      conf: JSON.stringify(run.conf, null, 2),
      task_states: taskStates,
    };
  }),

  /** One task instance with every attempt (newest last). */
  taskInstance: workspaceProcedure.input(ZTaskInstanceKeySchema).query(async ({ ctx, input }) => {
    const { instance: ti, attempts } = await getTaskInstanceWithAttempts(ctx.service, input);
    const operatorOf = await airflowOperatorsOf(ctx.db, [ti]);
    return {
      task_id: ti.taskId,
      run_id: ti.dagRun.runId,
      logical_date: ti.dagRun.logicalDate.toISOString(),
      state: ti.state,
      operator: ti.taskType,
      airflow_operator: operatorOf(ti),
      try_number: ti.tryNumber,
      max_tries: ti.maxTries,
      queued_at: iso(ti.queuedAt),
      start_date: iso(ti.startDate),
      end_date: iso(ti.endDate),
      duration: ti.duration,
      note: ti.note,
      rendered_fields: JSON.stringify(ti.renderedFields ?? null, null, 2),
      // The return value alone, or beside the keys xcom_push wrote, each under its key as Airflow's XCom list shows them.
      output: JSON.stringify(isRecord(ti.xcom) && Object.keys(ti.xcom).length > 0 ? { return_value: ti.output ?? null, ...ti.xcom } : (ti.output ?? null), null, 2),
      attempts: attempts.map((attempt) => ({
        try_number: attempt.tryNumber,
        state: attempt.state,
        start_date: attempt.startDate.toISOString(),
        end_date: iso(attempt.endDate),
        error: attempt.errorMessage,
      })),
    };
  }),

  /** The whole log of one attempt. */
  log: workspaceProcedure
    .input(ZTaskInstanceKeySchema.extend({ tryNumber: z.number().int().min(1) }))
    .query(({ ctx, input }) => readTaskLog(ctx.service, { ...input, afterSeq: -1, full: true })),

  trigger: roleProcedure('editor').input(ZTriggerInputSchema).mutation(async ({ ctx, input }) => {
    const run = await triggerDagRun(ctx.service, { dagId: input.dagId, conf: input.conf, logicalDate: input.logicalDate ? new Date(input.logicalDate) : undefined });
    return { run_id: run.runId, logical_date: run.logicalDate.toISOString() };
  }),

  /** A short note on the run (Airflow 3's `note`); null or empty removes it. */
  setNote: roleProcedure('editor')
    .input(z.object({ dagId: ZDagIdSchema, runId: ZRunIdSchema, note: z.string().max(10_000).nullable() }))
    .mutation(({ ctx, input }) => setDagRunNote(ctx.service, input)),

  setRunState: roleProcedure('editor')
    .input(z.object({ dagId: ZDagIdSchema, runId: ZRunIdSchema, state: z.enum(SETTABLE_DAG_RUN_STATES) }))
    .mutation(async ({ ctx, input }) => runItem(await setDagRunState(ctx.service, input))),

  setTaskInstanceState: roleProcedure('editor')
    .input(ZTaskInstanceKeySchema.extend({ newState: z.enum(MARKABLE_STATES) }))
    .mutation(async ({ ctx, input }) => {
      const moved = await setTaskInstanceState(ctx.service, { ...input, dryRun: false });
      return moved.map((ti) => ({ task_id: ti.taskId, state: ti.state }));
    }),

  /** With dryRun, what would be cleared; otherwise what was. */
  clear: roleProcedure('editor').input(ZClearInputSchema).mutation(async ({ ctx, input }) => {
    return clearInRun(ctx.service, input, { taskIds: [input.taskId], includeDownstream: input.includeDownstream, includeUpstream: input.includeUpstream });
  }),

  /** Every task instance of one run (or only its failed ones) back to no state: the run queued again. */
  clearRun: roleProcedure('editor').input(ZClearRunInputSchema).mutation(async ({ ctx, input }) => {
    return clearInRun(ctx.service, input, { includeDownstream: false, includeUpstream: false });
  }),

  /** The versions a clear within this run can re-run (pinned and latest): who deployed each, when, and their tasks. */
  clearVersions: workspaceProcedure.input(z.object({ dagId: ZDagIdSchema, runId: ZRunIdSchema })).query(async ({ ctx, input }) => {
    const { pinned, latest } = await describeClearVersions(ctx.service, input);
    const item = (version: typeof pinned) => ({
      version: version.version,
      created_at: version.createdAt.toISOString(),
      created_by: version.createdBy,
      task_ids: version.taskIds,
    });
    return { pinned: item(pinned), latest: item(latest) };
  }),

  /** With dryRun, the plan only; otherwise the plan and the stored backfill. */
  createBackfill: roleProcedure('editor').input(ZBackfillInputSchema).mutation(async ({ ctx, input }) => {
    const result = await createBackfill(ctx.service, input);
    return {
      plan: result.plan.map((item) => ({ logical_date: item.logicalDate.toISOString(), action: item.action, reason: item.reason })),
      backfill: result.backfill ? backfillItem(result.backfill) : null,
    };
  }),

  backfill: workspaceProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(async ({ ctx, input }) => backfillItem(await getBackfill(ctx.service, input.id))),
});
