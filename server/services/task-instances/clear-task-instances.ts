import type { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import { assertDagRunTransition } from '../../domain/state/dag-run-transitions';
import type { TTaskInstanceState } from '../../domain/state/task-instance-state';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { findDagPk } from '../dags/get-dag';
import { loadDagVersion } from '../dags/load-dag-version';
import { dagRunNotFound } from '../runs/get-dag-run';
import { wakeScheduler } from '../../queue/scheduler-wakeup';
import { recordStateChanges } from '../state-events/state-change-events';
import { resetTaskInstances } from './reset-task-instances';
import { taskClosure } from '../../domain/dag/task-closure';

export type TClearTaskInstancesInput = {
  dagId: string;
  dagRunId?: string;
  taskIds?: readonly string[];
  onlyFailed: boolean;
  onlyRunning: boolean;
  includeUpstream: boolean;
  includeDownstream: boolean;
  /** Logical date range of the runs, inclusive. */
  startDate?: Date;
  endDate?: Date;
  dryRun: boolean;
  /** False keeps each run's state (Airflow's dag_run_state=False): a finished run stays finished. */
  resetDagRuns: boolean;
  /** True re-pins the runs to the DAG's current version; false re-runs the version each run was pinned to. */
  useLatestVersion: boolean;
  /**
   * With useLatestVersion: the version number the caller was shown as the latest. If another
   * deploy made a newer one since, the clear is refused rather than run a version nobody saw.
   */
  expectedLatestVersion?: number;
};

export type TClearedTaskInstance = { id: string; taskId: string; runId: string; logicalDate: Date; state: TTaskInstanceState };

// Everything but none (nothing to clear) and removed (the task is gone from the version).
const ANY_CLEARABLE: TTaskInstanceState[] = ['scheduled', 'queued', 'running', 'success', 'failed', 'up_for_retry', 'up_for_reschedule', 'upstream_failed', 'skipped'];

/**
 * Airflow's clearTaskInstances: selects instances of the DAG's runs (by run, logical date range,
 * tasks with their upstream/downstream closure in each run's version, and state), and unless
 * `dryRun` sends them back to `none` in one transaction so the scheduler runs them again with
 * the same logical date. Returns the instances cleared (or that would be), with their state
 * before the clear. Clearing a running instance is allowed: its worker stops it.
 */
export async function clearTaskInstances(ctx: TServiceContext, input: TClearTaskInstancesInput): Promise<TClearedTaskInstance[]> {
  requireRole(ctx, 'editor');
  const dag = await findDagPk(ctx.db, ctx.workspaceId, input.dagId);
  if (input.useLatestVersion && input.expectedLatestVersion !== undefined) await checkLatestVersion(ctx, input.dagId, dag.currentVersionId, input.expectedLatestVersion);
  const selected = await selectInstances(ctx, dag.id, input);
  if (input.dryRun || selected.length === 0) return selected.map(withoutRunPk);
  const cleared = await ctx.db.$transaction(
    async (tx) => {
      const runIds = [...new Set(selected.map((instance) => instance.runPk))];
      const before = input.resetDagRuns ? [] : await tx.dagRun.findMany({ where: { id: { in: runIds } }, select: RUN_STATE });
      const result = await resetTaskInstances(tx, {
        taskInstanceIds: selected.map((instance) => instance.id),
        useVersionId: input.useLatestVersion ? dag.currentVersionId : null,
        actor: ctx.actor.label,
      });
      await restoreRuns(tx, before, ctx.actor.label);
      await recordAudit(tx, ctx, {
        action: 'task_instances.clear',
        targetType: 'dag',
        targetId: input.dagId,
        details: { task_instances: result.cleared.length, dag_runs: result.runIds.length, use_latest_version: input.useLatestVersion },
      });
      return new Set(result.cleared);
    },
    { timeout: 30_000 },
  );
  await wakeScheduler(ctx.db);
  return selected.filter((instance) => cleared.has(instance.id)).map(withoutRunPk);
}

async function checkLatestVersion(ctx: TServiceContext, dagId: string, currentVersionId: string | null, expected: number) {
  const current = currentVersionId ? await ctx.db.dagVersion.findUnique({ where: { id: currentVersionId }, select: { version: true } }) : null;
  if (current?.version === expected) return;
  throw new AppError(
    'conflict',
    `DAG '${dagId}' is now at version ${current?.version ?? 'none'}, not version ${expected} as shown when this clear was previewed: preview it again.`,
    [{ path: 'expected_latest_version', line: null, column: null, message: `the latest version is ${current?.version ?? 'none'}` }],
  );
}

function withoutRunPk({ runPk: _runPk, ...instance }: TClearedTaskInstance & { runPk: string }): TClearedTaskInstance {
  return instance;
}

function statesOf(input: Pick<TClearTaskInstancesInput, 'onlyFailed' | 'onlyRunning'>): TTaskInstanceState[] {
  return ANY_CLEARABLE.filter(
    (state) => (!input.onlyFailed || state === 'failed' || state === 'upstream_failed') && (!input.onlyRunning || state === 'running'),
  );
}

async function selectInstances(ctx: TServiceContext, dagPk: string, input: TClearTaskInstancesInput) {
  const runs = await ctx.db.dagRun.findMany({
    where: {
      dagPk,
      ...(input.dagRunId !== undefined ? { runId: input.dagRunId } : {}),
      ...(input.startDate || input.endDate ? { logicalDate: { gte: input.startDate, lte: input.endDate } } : {}),
    },
    select: { id: true, dagVersionId: true },
  });
  if (input.dagRunId !== undefined && runs.length === 0) throw dagRunNotFound(input.dagId, input.dagRunId);
  const states = statesOf(input);
  const known = new Set<string>();
  const filters: Prisma.TaskInstanceWhereInput[] = [];
  for (const [versionId, versionRuns] of Map.groupBy(runs, (run) => run.dagVersionId)) {
    const spec = await loadDagVersion(ctx.db, versionId);
    for (const task of spec.tasks) known.add(task.task_id);
    const taskIds = input.taskIds ? [...taskClosure(spec, input.taskIds, { upstream: input.includeUpstream, downstream: input.includeDownstream })] : undefined;
    filters.push({ dagRunId: { in: versionRuns.map((run) => run.id) }, ...(taskIds ? { taskId: { in: taskIds } } : {}) });
  }
  const unknown = runs.length > 0 ? (input.taskIds ?? []).filter((id) => !known.has(id)) : [];
  if (unknown.length > 0) {
    throw new AppError('invalid_input', `DAG '${input.dagId}' has no task ${unknown.map((id) => `'${id}'`).join(', ')} in the selected runs.`, [
      { path: 'task_ids', line: null, column: null, message: `unknown task ${unknown.join(', ')}` },
    ]);
  }
  if (filters.length === 0 || states.length === 0) return [];
  const rows = await ctx.db.taskInstance.findMany({
    where: { OR: filters, state: { in: states } },
    select: { id: true, taskId: true, state: true, dagRun: { select: { id: true, runId: true, logicalDate: true } } },
    orderBy: [{ dagRun: { logicalDate: 'asc' } }, { taskId: 'asc' }],
  });
  return rows.map((row) => ({
    id: row.id, taskId: row.taskId, state: row.state as TTaskInstanceState,
    runPk: row.dagRun.id, runId: row.dagRun.runId, logicalDate: row.dagRun.logicalDate,
  }));
}

const RUN_STATE = { id: true, workspaceId: true, state: true, startDate: true, endDate: true, clearNumber: true } as const;

/**
 * Puts back the runs' state as it was before the reset (reset_dag_runs=false). The reset's own
 * update holds these rows locked until the transaction ends, so nobody changed them in between.
 */
async function restoreRuns(tx: TDb, runs: Prisma.DagRunGetPayload<{ select: typeof RUN_STATE }>[], actor: string) {
  for (const run of runs) {
    // The reset sent a finished run back to queued; this is the inverse move.
    if (run.state === 'success' || run.state === 'failed') {
      assertDagRunTransition('queued', run.state);
      const change = { workspaceId: run.workspaceId, dagRunId: run.id, taskInstanceId: null, tryNumber: null, fromState: 'queued', toState: run.state };
      await recordStateChanges(tx, [{ ...change, reason: 'cleared', actor }]);
    }
    await tx.dagRun.update({
      where: { id: run.id },
      data: { state: run.state, startDate: run.startDate, endDate: run.endDate, clearNumber: run.clearNumber },
    });
  }
}
