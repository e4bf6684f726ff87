import type { Metadata } from 'next';
import { DagGraph } from './dag-graph';

export const metadata: Metadata = { title: 'Graph · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string; dag_id: string }> };

/** The DAG's tasks and dependencies, coloured by a run's task instance states. */
export default async function DagGraphPage({ params }: TProps) {
  const { workspace, dag_id: dagId } = await params;
  return (
    <main className="wide">
      <h2>Graph</h2>
      <DagGraph workspace={workspace} dagId={dagId} />
    </main>
  );
}
