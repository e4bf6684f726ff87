'use client';

import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import type { AppRouter } from '@/server/trpc/routers/_app';
import { dagHref, incidentHref } from '../../../components/links';
import { useFormatTime } from '../../../components/time-zone-context';
import { IncidentStateBadge } from './incident-badges';
import { incidentsHref } from './incidents-url';

type TOpenIncident = inferRouterOutputs<AppRouter>['home']['overview']['open_incidents'][number];

/** The home's first section, drawn only while incidents are unresolved: what someone should be on now. */
export function OpenIncidents({ workspace, incidents, className }: { workspace: string; incidents: readonly TOpenIncident[]; className: string }) {
  const formatTime = useFormatTime();
  if (incidents.length === 0) return null;
  return (
    <section className={className} aria-label="Open incidents">
      <h2>Open incidents</h2>
      <table>
        <thead><tr><th scope="col">State</th><th scope="col">Incident</th><th scope="col">DAG</th><th scope="col">Opened</th><th scope="col">Failures</th></tr></thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id}>
              <td><IncidentStateBadge state={incident.state} /></td>
              <td><Link href={incidentHref(workspace, incident.id)}>{incident.title}</Link></td>
              <td><Link href={dagHref(workspace, incident.dag_id)}>{incident.dag_id}</Link></td>
              <td>{formatTime(incident.opened_at)}</td>
              <td>{incident.failure_count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small"><Link href={incidentsHref(workspace)}>All incidents</Link></p>
    </section>
  );
}
