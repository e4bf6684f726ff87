import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { findDagPk } from './get-dag';

/**
 * Deletes a DAG with its versions, runs, task instances, attempts and logs (database cascades).
 * A job still queued for one of its instances later claims nothing and ends.
 */
export async function deleteDag(ctx: TServiceContext, dagId: string): Promise<void> {
  requireRole(ctx, 'editor');
  const dag = await findDagPk(ctx.db, ctx.workspaceId, dagId);
  await ctx.db.$transaction(async (tx) => {
    // Runs first: dag_run → dag_version is ON DELETE RESTRICT, so the cascade from dag could
    // otherwise reach a version while a run still points at it.
    const runs = await tx.dagRun.deleteMany({ where: { dagPk: dag.id } });
    await tx.dag.delete({ where: { id: dag.id } });
    await recordAudit(tx, ctx, { action: 'dag.delete', targetType: 'dag', targetId: dagId, details: { runs: runs.count } });
  });
}
