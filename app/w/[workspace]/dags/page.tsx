import type { Metadata } from 'next';
import Link from 'next/link';
import { createServerCaller } from '@/server/trpc/context';
import { DagList } from './dag-list';

export const metadata: Metadata = { title: 'DAGs · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string }> };

export default async function DagsPage({ params }: TProps) {
  const { workspace: slug } = await params;
  // The layout already refused non-members; this reads the role the toggles depend on.
  const workspaces = await (await createServerCaller(null)).workspaces.list();
  const role = workspaces.find((workspace) => workspace.slug === slug)?.role ?? 'viewer';
  return (
    <main className="wide">
      <h1>DAGs</h1>
      {role !== 'viewer' && <p><Link href={`/w/${slug}/dags/new`}>New DAG</Link></p>}
      <DagList canEdit={role !== 'viewer'} />
    </main>
  );
}
