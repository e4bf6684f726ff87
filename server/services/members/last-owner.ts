import type { Prisma } from '../../db/client';
import { AppError } from '../app-error';

/**
 * Refuses a change that would leave the workspace without an owner. Runs inside the caller's
 * transaction after the change, so two admins demoting the last two owners at once cannot both
 * pass: the row locks taken by the updates serialise them and the second sees zero owners.
 */
export async function requireAnOwnerLeft(tx: Prisma.TransactionClient, workspaceId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { workspaceId, role: 'owner' } });
  if (owners === 0) throw new AppError('conflict', 'A workspace needs at least one owner: make someone else owner first.');
}

export function memberNotFound(userId: string): AppError {
  return new AppError('not_found', `User ${userId} is not a member of this workspace.`);
}
