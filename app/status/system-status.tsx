'use client';

import { useEffect, useState } from 'react';
import { useFormatTime } from '../components/time-zone-context';

type THealthView = {
  metadatabase: { status: string };
  scheduler: { status: string; latest_scheduler_heartbeat: string | null };
  workers: { status: string; alive: number; latest_worker_heartbeat: string | null };
  task_sandbox: { status: 'sandboxed' | 'unsandboxed' | 'unknown'; unsandboxed_workers: number; detail: string | null };
};

/** Live system status from GET /api/v1/health, refreshed every 5 seconds. */
export function SystemStatus() {
  const [health, setHealth] = useState<THealthView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const formatTime = useFormatTime();
  const heartbeat = (at: string | null) => (at ? ` · last heartbeat ${formatTime(at)}` : '');

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const response = await fetch('/api/v1/health', { cache: 'no-store' });
        const body = (await response.json()) as THealthView;
        if (!stopped) { setHealth(body); setError(null); }
      } catch (cause) {
        if (!stopped) setError(cause instanceof Error ? cause.message : String(cause));
      }
    };
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => { stopped = true; clearInterval(timer); };
  }, []);

  return (
    <section className="panel" aria-live="polite">
      <h2>System status</h2>
      {error && <p className="status status-unhealthy">Cannot reach the server: {error}</p>}
      {!health && !error && <p className="muted">Checking…</p>}
      {health && (
        <table>
          <tbody>
            <Row label="Metadata database" status={health.metadatabase.status} />
            <Row label="Scheduler" status={health.scheduler.status} detail={heartbeat(health.scheduler.latest_scheduler_heartbeat)} />
            <Row label="Workers" status={health.workers.status} detail={`${health.workers.alive} alive${heartbeat(health.workers.latest_worker_heartbeat)}`} />
            <Row label="Task sandbox" status={health.task_sandbox.status} detail={sandboxDetail(health.task_sandbox)} />
          </tbody>
        </table>
      )}
    </section>
  );
}

function Row({ label, status, detail }: { label: string; status: string; detail?: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td><span className={`status status-${status}`}>{status}</span></td>
      <td className="muted">{detail}</td>
    </tr>
  );
}

function sandboxDetail(sandbox: THealthView['task_sandbox']): string {
  if (sandbox.status === 'unknown') return 'no worker has reported yet';
  if (sandbox.status === 'sandboxed') return `every worker: ${sandbox.detail ?? 'bubblewrap'}`;
  return `${sandbox.unsandboxed_workers} worker${sandbox.unsandboxed_workers === 1 ? '' : 's'} without a sandbox: ${sandbox.detail ?? ''}`;
}
