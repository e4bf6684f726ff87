import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { getTaskInstance } from '../task-instances/list-task-instances';
import { normaliseNote } from './note-text';

/** A short note on a task instance; null removes it. */
export async function setTaskInstanceNote(
  ctx: TServiceContext,
  input: { dagId: string; runId: string; taskId: string; note: string | null },
): Promise<{ dagId: string; runId: string; taskId: string; note: string | null }> {
  requireRole(ctx, 'editor');
  const note = normaliseNote(input.note);
  const instance = await getTaskInstance(ctx, input);
  await ctx.db.$transaction(async (tx) => {
    await tx.taskInstance.update({ where: { id: instance.id }, data: { note } });
    await recordAudit(tx, ctx, { action: 'task_instance.note', targetType: 'task_instance', targetId: `${input.dagId}/${input.runId}/${input.taskId}`, details: { note } });
  });
  return { dagId: input.dagId, runId: input.runId, taskId: input.taskId, note };
}
