import type { PrismaClient } from '../../db/client';
import type { TDagRunTriggerRequest, TDagRunTriggerResult } from '../../tasks/task-type';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';
import { triggerDagRun } from '../runs/trigger-dag-run';
import { clearTaskInstances } from '../task-instances/clear-task-instances';

/** The task that triggers: its workspace bounds what it may reach, the rest names it in the run's note and the audit log. */
export type TTriggeringTask = { workspaceId: string; dagId: string; taskId: string; runId: string };

/**
 * A trigger_dag task's trigger: the same service as a manual trigger from the UI, REST API or
 * CLI, with the rights of the task's workspace (an editor's, no more) and never another's: the
 * workspace comes from the claimed instance, not from the task's config. The run is a manual
 * run (Airflow's run_type manual, external_trigger true) whose note names the task and run.
 */
export async function triggerDagFromTask(db: PrismaClient, task: TTriggeringTask, request: TDagRunTriggerRequest): Promise<TDagRunTriggerResult> {
  const ctx: TServiceContext = {
    db,
    workspaceId: task.workspaceId,
    actor: { type: 'system', id: null, label: `task ${task.dagId}.${task.taskId} (${task.runId})` },
    role: 'editor',
  };
  const note = `Triggered by task ${task.taskId} of DAG ${task.dagId}, run ${task.runId}`;
  try {
    const run = await triggerDagRun(ctx, { dagId: request.dagId, logicalDate: request.logicalDate, conf: request.conf, dagRunId: request.runId, note });
    return { outcome: 'created', runId: run.runId, logicalDate: run.logicalDate, dagPaused: await isPaused(ctx, request.dagId) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'not_found') return { outcome: 'not_found', message: error.message };
    if (error.code !== 'conflict') throw error;
    const existing = await existingRun(ctx, request);
    // Gone between the insert and this read (deleted meanwhile): the conflict is all there is to say.
    if (!existing) throw error;
    if (!request.resetDagRun) return { outcome: 'exists', ...existing, message: error.message };
    await clearTaskInstances(ctx, {
      dagId: request.dagId,
      dagRunId: existing.runId,
      onlyFailed: false,
      onlyRunning: false,
      includeUpstream: false,
      includeDownstream: false,
      dryRun: false,
      resetDagRuns: true,
      useLatestVersion: false,
    });
    return { outcome: 'reset', ...existing, dagPaused: await isPaused(ctx, request.dagId) };
  }
}

/** The run the trigger collided with: the same run id, or the same logical date. */
async function existingRun(ctx: TServiceContext, request: TDagRunTriggerRequest) {
  const keys = [...(request.runId ? [{ runId: request.runId }] : []), ...(request.logicalDate ? [{ logicalDate: request.logicalDate }] : [])];
  if (keys.length === 0) return null;
  return ctx.db.dagRun.findFirst({
    where: { workspaceId: ctx.workspaceId, dag: { workspaceId: ctx.workspaceId, dagId: request.dagId }, OR: keys },
    select: { runId: true, logicalDate: true },
  });
}

async function isPaused(ctx: TServiceContext, dagId: string): Promise<boolean> {
  const dag = await ctx.db.dag.findUnique({ where: { workspaceId_dagId: { workspaceId: ctx.workspaceId, dagId } }, select: { isPaused: true } });
  return dag?.isPaused ?? false;
}
