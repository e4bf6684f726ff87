import type { Prisma } from '../../db/client';
import { manualRunInfo } from '../../domain/schedule/timetable';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { loadDagVersion } from '../dags/load-dag-version';
import { scheduleConfigOf } from '../../domain/schedule/schedule-config';
import { wakeScheduler } from '../../queue/scheduler-wakeup';
import { runIdFor } from '../../domain/schedule/run-id';
import { insertDagRuns } from './insert-dag-runs';

/**
 * Airflow's "trigger DAG": a manual run of the current version, for now or for a given logical
 * date, with optional conf (exposed as params) and run id. The run is queued and the scheduler
 * woken, so it starts at once (subject to max_active_runs). Works on paused DAGs too, as in
 * Airflow; their runs wait in queued until the DAG is unpaused.
 */
export async function triggerDagRun(
  ctx: TServiceContext,
  input: { dagId: string; logicalDate?: Date; conf?: Record<string, unknown>; dagRunId?: string; note?: string },
) {
  requireRole(ctx, 'editor');
  const dag = await ctx.db.dag.findUnique({
    where: { workspaceId_dagId: { workspaceId: ctx.workspaceId, dagId: input.dagId } },
    select: { id: true, currentVersionId: true },
  });
  if (!dag?.currentVersionId) throw new AppError('not_found', `DAG '${input.dagId}' does not exist.`);
  const spec = await loadDagVersion(ctx.db, dag.currentVersionId);
  const now = new Date();
  const info = manualRunInfo(scheduleConfigOf(spec), now, input.logicalDate);
  const runId = input.dagRunId ?? runIdFor('manual', info.logicalDate);
  const run = await ctx.db.$transaction(async (tx) => {
    const [created] = await insertDagRuns(tx, {
      workspaceId: ctx.workspaceId,
      dagPk: dag.id,
      dagVersionId: dag.currentVersionId!,
      spec,
      runType: 'manual',
      infos: [{ ...info, runId }],
      conf: input.conf,
      triggeredById: ctx.actor.type === 'user' ? ctx.actor.id : null,
      note: input.note,
    });
    if (!created) {
      throw new AppError('conflict', `DAG '${input.dagId}' already has a run for logical date ${info.logicalDate.toISOString()} or with run id '${runId}'.`);
    }
    await recordAudit(tx, ctx, {
      action: 'dag_run.trigger',
      targetType: 'dag_run',
      targetId: `${input.dagId}/${created.runId}`,
      details: { conf: (input.conf ?? {}) as Prisma.InputJsonValue },
    });
    return created;
  });
  await wakeScheduler(ctx.db);
  return run;
}
