import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TaskInstanceBrowser } from './task-instance-browser';

export const metadata: Metadata = { title: 'Task instances · Tributary' };
export const dynamic = 'force-dynamic';

/** Task instances across the workspace's DAGs (Airflow's Browse → Task Instances). */
export default function TaskInstancesPage() {
  return (
    <main className="wide">
      <h1>Task instances</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <TaskInstanceBrowser />
      </Suspense>
    </main>
  );
}
