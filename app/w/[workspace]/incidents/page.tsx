import type { Metadata } from 'next';
import { Suspense } from 'react';
import { IncidentList } from './incident-list';

export const metadata: Metadata = { title: 'Incidents · Tributary' };
export const dynamic = 'force-dynamic';

/** The workspace's incidents and their post-mortems, filtered and searched, with a summary per DAG. */
export default function IncidentsPage() {
  return (
    <main className="wide">
      <h1>Incidents</h1>
      <p className="muted small">A DAG&apos;s first failure opens an incident; later failures join it; its next successful run resolves it.</p>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <IncidentList />
      </Suspense>
    </main>
  );
}
