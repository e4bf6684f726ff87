import type { Metadata } from 'next';
import { workspaceRole } from '../workspace-role';
import { RunsTab } from './runs-tab';

export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string; dag_id: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return { title: `Runs · ${decodeURIComponent((await params).dag_id)} · Tributary` };
}

export default async function DagRunsPage({ params }: TProps) {
  const { workspace, dag_id: dagId } = await params;
  const role = await workspaceRole(workspace);
  return (
    <main className="wide">
      <RunsTab dagId={decodeURIComponent(dagId)} canEdit={role !== 'viewer'} />
    </main>
  );
}
