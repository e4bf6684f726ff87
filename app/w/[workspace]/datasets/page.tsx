import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { hasRole, ROLES, type TRole } from '@/server/domain/members/roles';
import { createServerCaller } from '@/server/trpc/context';
import { DatasetList } from './dataset-list';
import { RegisterDatasetForm } from './register-dataset-form';

export const metadata: Metadata = { title: 'Datasets · Tributary' };
export const dynamic = 'force-dynamic';

/** The workspace's datasets: every table a deployed task reads or writes, and those registered by hand. */
export default async function DatasetsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  const role = (await (await createServerCaller(null)).workspaces.list()).find((candidate) => candidate.slug === workspace)?.role;
  const known: TRole = ROLES.find((candidate) => candidate === role) ?? 'viewer';
  return (
    <main className="wide">
      <h1>Datasets</h1>
      <p className="muted small">
        Registered when a DAG that reads or writes a table is deployed, or by hand.{' '}
        <Link href={`/w/${encodeURIComponent(workspace)}/datasets/unused`}>Unused data</Link>: what nobody reads.
      </p>
      <RegisterDatasetForm canEdit={hasRole(known, 'editor')} />
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <DatasetList />
      </Suspense>
    </main>
  );
}
