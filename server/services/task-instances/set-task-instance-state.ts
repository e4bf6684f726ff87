import { Prisma } from '../../db/client';
import { allowedFrom, type TTaskInstanceState } from '../../domain/state/task-instance-state';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { loadDagVersion } from '../dags/load-dag-version';
import { wakeScheduler } from '../../queue/scheduler-wakeup';
import { getTaskInstance, type TTaskInstanceView } from './list-task-instances';
import { resetTaskInstances } from './reset-task-instances';
import { taskClosure } from '../../domain/dag/task-closure';
import { transitionTaskInstances } from './transition-task-instances';

export const MARKABLE_STATES = ['success', 'failed'] as const;
export type TMarkableState = (typeof MARKABLE_STATES)[number];

const FINISH = Prisma.sql`"endDate" = coalesce("endDate", clock_timestamp()), "startDate" = coalesce("startDate", clock_timestamp())`;

/**
 * Airflow's "mark success / mark failed" of one task instance, from every state the transition
 * table allows (a running instance is stopped by its worker's heartbeat). As Airflow's
 * set_task_instance_state, failed and upstream_failed instances downstream are then cleared so
 * they run again (a finished run goes back to queued), and the scheduler is woken to act on it.
 * Returns the instances that change (with `dryRun`, that would), in their state after the mark.
 */
export async function setTaskInstanceState(
  ctx: TServiceContext,
  input: { dagId: string; runId: string; taskId: string; newState: TMarkableState; dryRun: boolean },
): Promise<TTaskInstanceView[]> {
  requireRole(ctx, 'editor');
  const instance = await getTaskInstance(ctx, input);
  const from = allowedFrom(input.newState);
  if (!from.includes(instance.state as TTaskInstanceState)) return [];
  if (input.dryRun) return [{ ...instance, state: input.newState }];
  const moved = await ctx.db.$transaction(async (tx) => {
    const event = { reason: 'marked', actor: ctx.actor.label } as const;
    const ids = await transitionTaskInstances(tx, { ids: [instance.id], from, to: input.newState, set: FINISH, event });
    if (ids.length === 0) return false;
    const run = await tx.dagRun.findUniqueOrThrow({ where: { id: instance.dagRunId }, select: { dagVersionId: true } });
    const spec = await loadDagVersion(tx, run.dagVersionId);
    const downstream = [...taskClosure(spec, [input.taskId], { upstream: false, downstream: true })].filter((id) => id !== input.taskId);
    const toClear = await tx.taskInstance.findMany({
      where: { dagRunId: instance.dagRunId, taskId: { in: downstream }, state: { in: ['failed', 'upstream_failed'] } },
      select: { id: true },
    });
    const { cleared } = await resetTaskInstances(tx, { taskInstanceIds: toClear.map((row) => row.id), actor: ctx.actor.label });
    await recordAudit(tx, ctx, {
      action: 'task_instance.set_state',
      targetType: 'task_instance',
      targetId: `${input.dagId}/${input.runId}/${input.taskId}`,
      details: { from: instance.state, to: input.newState, downstream_cleared: cleared.length },
    });
    return true;
  });
  if (!moved) return [];
  await wakeScheduler(ctx.db);
  return [await getTaskInstance(ctx, input)];
}
