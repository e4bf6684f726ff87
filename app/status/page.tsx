import type { Metadata } from 'next';
import { SiteHeader } from '../components/site-header';
import { SystemStatus } from './system-status';

export const metadata: Metadata = { title: 'Status · Tributary' };
// The header depends on who is signed in.
export const dynamic = 'force-dynamic';

export default function StatusPage() {
  return (
    <>
      <SiteHeader />
      <main>
        <p><a href="/">Back to Tributary</a></p>
        <h1>Tributary</h1>
        <p className="muted">Data pipelines as DAGs of tasks, scheduled by logical date.</p>
        <SystemStatus />
        <section className="panel">
          <h2>API</h2>
          <p>
            Health: <a href="/api/v1/health"><code>GET /api/v1/health</code></a>
          </p>
        </section>
      </main>
    </>
  );
}
