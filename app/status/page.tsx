import { SystemStatus } from './system-status';

export default function StatusPage() {
  return (
    <main>
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
  );
}
