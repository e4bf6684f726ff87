import type { PrismaClient } from '../../db/client';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';
import { asRole } from './list-user-workspaces';

/**
 * The service context of a user in the workspace a URL names. A workspace the user is not a
 * member of answers exactly like one that does not exist, so URLs reveal nothing.
 */
export async function resolveWorkspaceMember(
  db: PrismaClient,
  user: { id: string; email: string },
  workspaceSlug: string,
): Promise<TServiceContext & { workspace: { slug: string; name: string } }> {
  const membership = await db.membership.findFirst({
    where: { userId: user.id, workspace: { slug: workspaceSlug } },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) throw new AppError('not_found', `Workspace '${workspaceSlug}' does not exist.`);
  return {
    db,
    workspaceId: membership.workspace.id,
    actor: { type: 'user', id: user.id, label: user.email },
    role: asRole(membership.role),
    workspace: { slug: membership.workspace.slug, name: membership.workspace.name },
  };
}
