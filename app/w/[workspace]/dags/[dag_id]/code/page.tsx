import type { Metadata } from 'next';
import { DagCode } from './dag-code';

export const metadata: Metadata = { title: 'Code · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string; dag_id: string }> };

/** The DAG's spec source per version, which version each run used, and diffs between versions. */
export default async function DagCodePage({ params }: TProps) {
  const { dag_id: dagId } = await params;
  return (
    <main className="wide">
      <h2>Code</h2>
      <DagCode dagId={dagId} />
    </main>
  );
}
