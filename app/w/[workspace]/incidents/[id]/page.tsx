import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasRole, ROLES, type TRole } from '@/server/domain/members/roles';
import { createServerCaller } from '@/server/trpc/context';
import { IncidentView } from './incident-view';

export const dynamic = 'force-dynamic';

type TProps = { params: Promise<{ workspace: string; id: string }> };

/** An incident of another workspace, or none, is the app's 404 page, as a stranger's DAG is. */
async function readIncident(workspace: string, id: string) {
  const caller = await createServerCaller(workspace);
  return caller.incidents.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
}

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const { workspace, id } = await params;
  const incident = await readIncident(workspace, decodeURIComponent(id));
  return { title: `${incident.title} · Incidents · Tributary` };
}

/** One incident (the URL alerts link to, links.ts incidentHref): its facts, timeline and post-mortem. */
export default async function IncidentPage({ params }: TProps) {
  const { workspace, id } = await params;
  const incidentId = decodeURIComponent(id);
  const [incident, workspaces] = await Promise.all([readIncident(workspace, incidentId), (await createServerCaller(null)).workspaces.list()]);
  const role = workspaces.find((candidate) => candidate.slug === workspace)?.role;
  const known: TRole = ROLES.find((candidate) => candidate === role) ?? 'viewer';
  return (
    <main className="wide">
      <IncidentView id={incidentId} initial={incident} canEdit={hasRole(known, 'editor')} />
    </main>
  );
}
