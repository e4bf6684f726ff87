import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import type { TServiceContext } from '../context';
import { getWorkspaceQuota, type TWorkspaceQuota } from './get-workspace-quota';

/** The smallest daily log budget: room for a few attempts' start and truncation lines. */
export const MIN_LOG_BYTES_PER_DAY = 1024;

/**
 * An operator's change to a workspace's fair share: how many task instances it may have queued
 * or running at once, and how many log bytes its attempts may store per UTC day. A lower
 * running-task quota lets what is already queued or running finish; nothing more is queued
 * until the workspace is below it.
 */
export async function setWorkspaceQuota(
  ctx: TServiceContext,
  input: { maxRunningTasks?: number; logBytesPerDay?: number },
): Promise<TWorkspaceQuota> {
  const { maxRunningTasks, logBytesPerDay } = input;
  if (maxRunningTasks === undefined && logBytesPerDay === undefined) {
    throw new AppError('invalid_input', 'Nothing to change: give a running-task quota, a daily log budget, or both.');
  }
  if (maxRunningTasks !== undefined && !(Number.isSafeInteger(maxRunningTasks) && maxRunningTasks >= 1)) {
    throw new AppError('invalid_input', `The running-task quota must be a whole number of at least 1, not ${maxRunningTasks}.`);
  }
  if (logBytesPerDay !== undefined && !(Number.isSafeInteger(logBytesPerDay) && logBytesPerDay >= MIN_LOG_BYTES_PER_DAY)) {
    throw new AppError('invalid_input', `The daily log budget must be a whole number of bytes, at least ${MIN_LOG_BYTES_PER_DAY}, not ${logBytesPerDay}.`);
  }
  return ctx.db.$transaction(async (tx) => {
    const before = await getWorkspaceQuota(tx, ctx.workspaceId);
    await tx.workspace.update({
      where: { id: ctx.workspaceId },
      data: { maxRunningTasks, logBytesPerDay: logBytesPerDay === undefined ? undefined : BigInt(logBytesPerDay) },
    });
    await recordAudit(tx, ctx, {
      action: 'workspace.quota',
      targetType: 'workspace',
      targetId: ctx.workspaceId,
      details: {
        maxRunningTasks: { from: before.maxRunningTasks, to: maxRunningTasks ?? before.maxRunningTasks },
        logBytesPerDay: { from: before.logBytesPerDay, to: logBytesPerDay ?? before.logBytesPerDay },
      },
    });
    return getWorkspaceQuota(tx, ctx.workspaceId);
  });
}
