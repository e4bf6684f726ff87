import type { Metadata } from 'next';
import { Suspense } from 'react';
import { UnusedReport } from './unused-report';

export const metadata: Metadata = { title: 'Unused data · Tributary' };
export const dynamic = 'force-dynamic';

/** Datasets nobody reads and DAGs whose outputs nobody reads: candidates to deprecate or pause. */
export default function UnusedDataPage() {
  return (
    <main className="wide">
      <h1>Unused data</h1>
      <p className="muted small">
        Datasets that no task reads and that no query read in the window, measured from the warehouse&apos;s own scan counters
        (pg_stat_user_tables, sampled over time); and DAGs whose outputs nobody reads.
      </p>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <UnusedReport />
      </Suspense>
    </main>
  );
}
