import type { Metadata } from 'next';
import { createServerCaller } from '@/server/trpc/context';
import { ImportAirflow, NewDagModes } from './import-airflow';
import { NewDag } from './new-dag';

export const metadata: Metadata = { title: 'New DAG · Tributary' };
export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string }>; searchParams: Promise<{ example?: string | string[] }> };

/** Writing a new DAG from a blank template or an example, or importing an Airflow DAG file. */
export default async function NewDagPage({ params, searchParams }: TProps) {
  const { workspace: slug } = await params;
  const { example } = await searchParams;
  // The workspace layout already refused non-members; creating needs the editor role.
  const workspaces = await (await createServerCaller(null)).workspaces.list();
  const role = workspaces.find((workspace) => workspace.slug === slug)?.role ?? 'viewer';
  return (
    <main className="wide">
      <h1>New DAG</h1>
      {role === 'viewer' && <p className="panel">Viewers cannot create DAGs: ask an editor of this workspace.</p>}
      <NewDagModes
        canCreate={role !== 'viewer'}
        editor={<NewDag workspace={slug} example={typeof example === 'string' ? example : undefined} />}
        importer={<ImportAirflow workspace={slug} />}
      />
    </main>
  );
}
