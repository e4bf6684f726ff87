import { createServerCaller } from '@/server/trpc/context';
import type { TRole } from '@/server/domain/members/roles';

/**
 * The signed-in user's role in the workspace, for hiding or disabling controls. Only a hint
 * for the page: every mutation checks the role again on the server.
 */
export async function settingsRole(slug: string): Promise<TRole> {
  // The workspace layout already refused non-members.
  const workspaces = await (await createServerCaller(null)).workspaces.list();
  return workspaces.find((workspace) => workspace.slug === slug)?.role ?? 'viewer';
}
