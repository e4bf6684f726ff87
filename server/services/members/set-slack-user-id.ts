import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { hasRole, requireRole, type TServiceContext } from '../context';
import { memberNotFound } from './last-owner';

/** Slack's member ids: U… for users, W… for Enterprise Grid users (as in `<@U024BE7LH>`). */
export const SLACK_USER_ID_PATTERN = /^[UW][A-Z0-9]{2,}$/;

/**
 * Links a member to their Slack user, so that alerts for DAGs they own mention them as <@U…>.
 * Any member sets their own; an admin may set anyone's. Null unlinks.
 */
export async function setSlackUserId(ctx: TServiceContext, input: { userId: string; slackUserId: string | null }): Promise<{ userId: string; slackUserId: string | null }> {
  requireRole(ctx, 'viewer');
  const self = ctx.actor.type === 'user' && ctx.actor.id === input.userId;
  if (!self && !hasRole(ctx.role, 'admin')) {
    throw new AppError('forbidden', "Only an admin can set another member's Slack user id; you can set your own.");
  }
  const slackUserId = input.slackUserId === null || input.slackUserId.trim() === '' ? null : input.slackUserId.trim();
  if (slackUserId !== null && !SLACK_USER_ID_PATTERN.test(slackUserId)) {
    const message = `slackUserId must be a Slack member id like U024BE7LH (a U or W, then capital letters and digits), not '${slackUserId}'`;
    throw new AppError('invalid_input', message, [{ path: 'slackUserId', line: null, column: null, message }]);
  }
  await ctx.db.$transaction(async (tx) => {
    const updated = await tx.membership.updateMany({ where: { workspaceId: ctx.workspaceId, userId: input.userId }, data: { slackUserId } });
    if (updated.count === 0) throw memberNotFound(input.userId);
    await recordAudit(tx, ctx, { action: 'member.slack_user_id', targetType: 'user', targetId: input.userId, details: { slackUserId } });
  });
  return { userId: input.userId, slackUserId };
}

/** Each member's Slack user id (null when unlinked), by user id. */
export async function listSlackUserIds(ctx: TServiceContext): Promise<Record<string, string | null>> {
  requireRole(ctx, 'viewer');
  const rows = await ctx.db.membership.findMany({ where: { workspaceId: ctx.workspaceId }, select: { userId: true, slackUserId: true } });
  return Object.fromEntries(rows.map((row) => [row.userId, row.slackUserId]));
}
