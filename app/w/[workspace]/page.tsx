import type { Metadata } from 'next';
import { hasRole, ROLES, type TRole } from '@/server/domain/members/roles';
import { createServerCaller } from '@/server/trpc/context';
import { WorkspaceHome } from './workspace-home';

export const metadata: Metadata = { title: 'Home · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string }> };

/** The workspace's landing page: what is broken, what is running, what comes next. */
export default async function WorkspaceHomePage({ params }: TProps) {
  const { workspace: slug } = await params;
  // The workspace layout already refused non-members; the role decides whether an empty workspace offers New DAG.
  const workspaces = await (await createServerCaller(null)).workspaces.list();
  const role = workspaces.find((workspace) => workspace.slug === slug)?.role;
  const known: TRole = ROLES.find((candidate) => candidate === role) ?? 'viewer';
  return (
    <main className="wide">
      <h1>Home</h1>
      <WorkspaceHome canEdit={hasRole(known, 'editor')} />
    </main>
  );
}
