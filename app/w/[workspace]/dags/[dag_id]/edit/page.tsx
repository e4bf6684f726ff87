import type { Metadata } from 'next';
import { createServerCaller } from '@/server/trpc/context';
import { DagEditor } from './dag-editor';

export const metadata: Metadata = { title: 'Edit · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string; dag_id: string }> };

/** The DAG's current spec in the editor: editors save new versions, viewers read. */
export default async function DagEditPage({ params }: TProps) {
  const { workspace: slug, dag_id: encoded } = await params;
  // The workspace layout already refused non-members; this reads the role Save depends on.
  const workspaces = await (await createServerCaller(null)).workspaces.list();
  const role = workspaces.find((workspace) => workspace.slug === slug)?.role ?? 'viewer';
  return (
    <main className="wide">
      <h2>Edit</h2>
      <DagEditor dagId={decodeURIComponent(encoded)} canEdit={role !== 'viewer'} />
    </main>
  );
}
