import type { Metadata } from 'next';
import { DagGrid } from './grid/dag-grid';
import { workspaceRole } from './workspace-role';

export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string; dag_id: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).dag_id)} · Tributary` };
}

/** The default tab: the grid of runs and task instances. */
export default async function DagGridPage({ params }: TProps) {
  const { workspace, dag_id: dagId } = await params;
  const role = await workspaceRole(workspace);
  return (
    <main className="wide">
      <DagGrid dagId={decodeURIComponent(dagId)} canEdit={role !== 'viewer'} />
    </main>
  );
}
