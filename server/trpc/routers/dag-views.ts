import { z } from 'zod';
import { findDagPk } from '../../services/dags/get-dag';
import { getDagVersion, listDagVersions } from '../../services/dags/list-dag-versions';
import { loadDagVersion } from '../../services/dags/load-dag-version';
import { getDagGrid } from '../../services/runs/get-dag-grid';
import { listDagRuns } from '../../services/runs/list-dag-runs';
import { readTaskLog } from '../../services/task-instances/read-task-log';
import { router, workspaceProcedure } from '../init';

const ZDagIdSchema = z.string().min(1).max(250);
/** How many of the newest runs the graph and code tabs offer. */
const LATEST_RUNS = 25;

export const ZDagGraphInputSchema = z.object({ dagId: ZDagIdSchema, runId: z.string().min(1).max(250).optional() });
export const ZTaskLogInputSchema = z.object({
  dagId: ZDagIdSchema,
  runId: z.string().min(1).max(250),
  taskId: z.string().min(1).max(250),
  tryNumber: z.number().int().min(1),
  afterSeq: z.number().int().min(-1).default(-1),
  full: z.boolean().default(false),
});

/** Read-only views of one DAG for its graph, code and log tabs. */
export const dagViewsRouter = router({
  /** The current version's tasks and edges, the latest runs, and the chosen (or newest) run's instance states. */
  graph: workspaceProcedure.input(ZDagGraphInputSchema).query(async ({ ctx, input }) => {
    const dag = await findDagPk(ctx.db, ctx.service.workspaceId, input.dagId);
    const [spec, grid] = await Promise.all([
      dag.currentVersionId ? loadDagVersion(ctx.db, dag.currentVersionId) : null,
      getDagGrid(ctx.service, { dagId: input.dagId, limit: LATEST_RUNS }),
    ]);
    const tasks = (spec?.tasks ?? []).map((task) => ({ task_id: task.task_id, type: task.type }));
    const edges = (spec?.tasks ?? []).flatMap((task) => task.upstream.map((upstream) => ({ upstream, downstream: task.task_id })));
    const newestFirst = [...grid.runs].reverse();
    const selected = newestFirst.find((run) => run.run_id === input.runId) ?? newestFirst[0] ?? null;
    const states: Record<string, { state: string; try_number: number }> = {};
    for (const [taskId, instance] of Object.entries(selected?.task_instances ?? {})) states[taskId] = { state: instance.state, try_number: instance.try_number };
    return {
      tasks,
      edges,
      runs: newestFirst.map((run) => ({ run_id: run.run_id, state: run.state, logical_date: run.logical_date.toISOString() })),
      selected_run_id: selected?.run_id ?? null,
      states,
    };
  }),

  /** Every version, newest first. */
  versions: workspaceProcedure.input(z.object({ dagId: ZDagIdSchema })).query(async ({ ctx, input }) => {
    const { versions } = await listDagVersions(ctx.service, { dagId: input.dagId, limit: 1_000, offset: 0 });
    return versions
      .map((version) => ({ version: version.version, created_at: version.createdAt.toISOString(), content_hash: version.contentHash, format: version.sourceFormat }))
      .reverse();
  }),

  source: workspaceProcedure.input(z.object({ dagId: ZDagIdSchema, version: z.number().int().min(1) })).query(async ({ ctx, input }) => {
    const version = await getDagVersion(ctx.service, input);
    return { version: version.version, created_at: version.createdAt.toISOString(), content_hash: version.contentHash, source: version.sourceText };
  }),

  /** The latest runs and the version each one ran. */
  runsWithVersions: workspaceProcedure.input(z.object({ dagId: ZDagIdSchema })).query(async ({ ctx, input }) => {
    const { runs } = await listDagRuns(ctx.service, { dagId: input.dagId, limit: LATEST_RUNS, offset: 0, orderBy: '-logical_date' });
    return runs.map((run) => ({ run_id: run.runId, state: run.state, logical_date: run.logicalDate.toISOString(), version: run.dagVersion.version }));
  }),

  /** One page of an attempt's log after `afterSeq`, or the whole log with `full`. */
  log: workspaceProcedure.input(ZTaskLogInputSchema).query(({ ctx, input }) => readTaskLog(ctx.service, input)),
});
