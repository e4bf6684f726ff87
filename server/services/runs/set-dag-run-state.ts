import { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import { canTransitionDagRun, dagRunAllowedFrom, type TDagRunState } from '../../domain/state/dag-run-transitions';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { wakeScheduler } from '../../queue/scheduler-wakeup';
import { recordStateChanges } from '../state-events/state-change-events';
import { resetTaskInstances } from '../task-instances/reset-task-instances';
import { transitionTaskInstances } from '../task-instances/transition-task-instances';
import { getDagRun, getDagRunByPk, type TDagRunView } from './get-dag-run';

export const SETTABLE_DAG_RUN_STATES = ['success', 'failed', 'queued'] as const;
export type TSettableDagRunState = (typeof SETTABLE_DAG_RUN_STATES)[number];

const FINISH = Prisma.sql`"endDate" = coalesce("endDate", clock_timestamp())`;

/**
 * Airflow's "mark run as success / failed" and "clear run". Success: the run and every
 * unfinished instance succeed. Failed: instances scheduled, queued or running fail, the other
 * unfinished ones (none, up_for_retry, up_for_reschedule) are skipped — a running task is stopped by its
 * worker's heartbeat. Queued: every instance is cleared and the run re-runs from the start.
 */
export async function setDagRunState(ctx: TServiceContext, input: { dagId: string; runId: string; state: TSettableDagRunState }): Promise<TDagRunView> {
  requireRole(ctx, 'editor');
  const run = await getDagRun(ctx, input);
  const from = run.state as TDagRunState;
  await ctx.db.$transaction(async (tx) => {
    const instances = await tx.taskInstance.findMany({ where: { dagRunId: run.id }, select: { id: true } });
    const ids = instances.map((instance) => instance.id);
    const count = input.state === 'queued' ? (await resetTaskInstances(tx, { taskInstanceIds: ids, actor: ctx.actor.label })).cleared.length : await markRun(tx, run, input.state, ids, ctx.actor.label);
    await recordAudit(tx, ctx, {
      action: 'dag_run.set_state',
      targetType: 'dag_run',
      targetId: `${input.dagId}/${input.runId}`,
      details: { from, to: input.state, task_instances: count },
    });
  });
  // A finished run frees a max_active_runs slot; a cleared one needs scheduling.
  await wakeScheduler(ctx.db);
  return getDagRunByPk(ctx, run.id);
}

/** Sets the run's state (compare-and-set) and its unfinished instances'; returns how many instances moved. */
async function markRun(tx: TDb, run: { id: string; state: string; workspaceId: string }, to: 'success' | 'failed', ids: string[], actor: string): Promise<number> {
  const from = run.state as TDagRunState;
  if (from !== to) {
    if (!canTransitionDagRun(from, to)) {
      throw new AppError('conflict', `The run is ${from}; it can be marked ${to} only from ${dagRunAllowedFrom(to).join(', ')}.`);
    }
    const { count } = await tx.dagRun.updateMany({ where: { id: run.id, state: from }, data: { state: to, endDate: new Date() } });
    if (count === 0) throw new AppError('conflict', 'The run changed state meanwhile; read it again and retry.');
    await recordStateChanges(tx, [{ workspaceId: run.workspaceId, dagRunId: run.id, taskInstanceId: null, tryNumber: null, fromState: from, toState: to, reason: 'marked', actor }]);
  }
  const event = { reason: 'marked', actor } as const;
  if (to === 'success') {
    const moved = await transitionTaskInstances(tx, { ids, from: ['none', 'scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule'], to: 'success', set: FINISH, event });
    return moved.length;
  }
  const failed = await transitionTaskInstances(tx, { ids, from: ['scheduled', 'queued', 'running'], to: 'failed', set: FINISH, event });
  const skipped = await transitionTaskInstances(tx, { ids, from: ['none', 'up_for_retry', 'up_for_reschedule'], to: 'skipped', set: FINISH, event });
  return failed.length + skipped.length;
}
