import type { Metadata } from 'next';
import { DagGrid } from './grid/dag-grid';
import { workspaceRole } from './workspace-role';

export const dynamic = 'force-dynamic';

// Also the page of a run's and a task instance's URL (runs/[run_id], …/tasks/[task_id]): the grid
// reads which panel is open from the URL itself, so opening one is not a server round trip.
type TProps = { params: Promise<{ workspace: string; dag_id: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).dag_id)} · Tributary` };
}

/** The default tab: the grid of runs and task instances, with the panel the URL names open. */
export default async function DagGridPage({ params }: TProps) {
  const { workspace, dag_id: dagId } = await params;
  const role = await workspaceRole(workspace);
  return (
    <main className="wide">
      <DagGrid workspace={workspace} dagId={decodeURIComponent(dagId)} canEdit={role !== 'viewer'} />
    </main>
  );
}
