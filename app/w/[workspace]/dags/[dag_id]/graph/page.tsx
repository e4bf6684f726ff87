import type { Metadata } from 'next';
import { workspaceRole } from '../workspace-role';
import { LazyDagGraph } from './lazy-dag-graph';

export const metadata: Metadata = { title: 'Graph · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string; dag_id: string }> };

/** The DAG's tasks and dependencies, coloured by a run's task instance states; a task opens its panel. */
export default async function DagGraphPage({ params }: TProps) {
  const { workspace, dag_id: dagId } = await params;
  const role = await workspaceRole(workspace);
  return (
    <main className="wide">
      <h2>Graph</h2>
      <LazyDagGraph workspace={workspace} dagId={decodeURIComponent(dagId)} canEdit={role !== 'viewer'} />
    </main>
  );
}
