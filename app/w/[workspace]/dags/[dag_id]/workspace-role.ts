import { createServerCaller } from '@/server/trpc/context';

/** The signed-in user's role in the workspace (the layout already refused non-members). */
export async function workspaceRole(slug: string): Promise<string> {
  const workspaces = await (await createServerCaller(null)).workspaces.list();
  return workspaces.find((workspace) => workspace.slug === slug)?.role ?? 'viewer';
}
