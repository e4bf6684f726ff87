import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasRole, ROLES, type TRole } from '@/server/domain/members/roles';
import { createServerCaller } from '@/server/trpc/context';
import { DatasetView } from './dataset-view';
import { datasetShortForm } from '@/server/domain/catalog/dataset-short-form';

export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string; datasetId: string }> };

/** Another workspace's dataset, or none, is the app's 404 page, as a stranger's DAG is. */
async function readDataset(workspace: string, id: string) {
  const caller = await createServerCaller(workspace);
  return caller.datasets.page({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
}

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const { workspace, datasetId } = await params;
  const dataset = await readDataset(workspace, decodeURIComponent(datasetId));
  return { title: `${datasetShortForm(dataset)} · Datasets · Tributary` };
}

/** One dataset (links.ts datasetHref): what it is, who needs it, what feeds it and what it feeds. */
export default async function DatasetPage({ params }: TProps) {
  const { workspace, datasetId } = await params;
  const id = decodeURIComponent(datasetId);
  const [dataset, workspaces] = await Promise.all([readDataset(workspace, id), (await createServerCaller(null)).workspaces.list()]);
  const role = workspaces.find((candidate) => candidate.slug === workspace)?.role;
  const known: TRole = ROLES.find((candidate) => candidate === role) ?? 'viewer';
  return (
    <main className="wide">
      <DatasetView id={id} initial={dataset} canEdit={hasRole(known, 'editor')} />
    </main>
  );
}
