import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { getDagRun } from '../runs/get-dag-run';
import { normaliseNote } from './note-text';

/** A short note on a run (Airflow 3's `note`); null removes it. */
export async function setDagRunNote(ctx: TServiceContext, input: { dagId: string; runId: string; note: string | null }): Promise<{ dagId: string; runId: string; note: string | null }> {
  requireRole(ctx, 'editor');
  const note = normaliseNote(input.note);
  const run = await getDagRun(ctx, input);
  await ctx.db.$transaction(async (tx) => {
    await tx.dagRun.update({ where: { id: run.id }, data: { note } });
    await recordAudit(tx, ctx, { action: 'dag_run.note', targetType: 'dag_run', targetId: `${input.dagId}/${input.runId}`, details: { note } });
  });
  return { dagId: input.dagId, runId: input.runId, note };
}
