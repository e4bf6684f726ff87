import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';

/** Up to 30 days: an incident open longer than that needs a post-mortem whatever the setting. */
export const MAX_POSTMORTEM_AFTER_MINUTES = 30 * 24 * 60;

/** After how many minutes open an incident is flagged "post-mortem required". */
export async function getPostmortemThreshold(ctx: TServiceContext): Promise<{ postmortemAfterMinutes: number }> {
  requireRole(ctx, 'viewer');
  const workspace = await ctx.db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId }, select: { postmortemAfterMinutes: true } });
  return { postmortemAfterMinutes: workspace.postmortemAfterMinutes };
}

export async function setPostmortemThreshold(ctx: TServiceContext, postmortemAfterMinutes: number): Promise<{ postmortemAfterMinutes: number }> {
  requireRole(ctx, 'admin');
  if (!Number.isSafeInteger(postmortemAfterMinutes) || postmortemAfterMinutes < 1 || postmortemAfterMinutes > MAX_POSTMORTEM_AFTER_MINUTES) {
    const message = `postmortemAfterMinutes must be a whole number of minutes from 1 to ${MAX_POSTMORTEM_AFTER_MINUTES} (30 days), not ${postmortemAfterMinutes}`;
    throw new AppError('invalid_input', message, [{ path: 'postmortemAfterMinutes', line: null, column: null, message }]);
  }
  return ctx.db.$transaction(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId }, select: { postmortemAfterMinutes: true } });
    await tx.workspace.update({ where: { id: ctx.workspaceId }, data: { postmortemAfterMinutes } });
    await recordAudit(tx, ctx, {
      action: 'workspace.postmortem_threshold',
      targetType: 'workspace',
      targetId: ctx.workspaceId,
      details: { from: before.postmortemAfterMinutes, to: postmortemAfterMinutes },
    });
    return { postmortemAfterMinutes };
  });
}
