import type { Metadata } from 'next';
import { Suspense } from 'react';
import { createServerCaller } from '@/server/trpc/context';
import DagGraphPage from './graph/page';
import { DagDatasetSchedule } from './dag-dataset-schedule';
import { DagDatasets } from './dag-datasets';
import { DagGrid, type TInitialGrid } from './grid/dag-grid';
import { DEFAULT_RUNS, runsChoice } from './grid/grid-runs';
import { panelView } from './grid/grid-url';
import { workspaceRole } from './workspace-role';

export const dynamic = 'force-dynamic';

// Also the page of a run's and a task instance's URL (runs/[run_id], …/tasks/[task_id]): the grid
// reads which panel is open from the URL itself, so opening one is not a server round trip.
type TProps = { params: Promise<{ workspace: string; dag_id: string }>; searchParams: Promise<{ runs?: string | string[]; view?: string | string[] }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).dag_id)} · Tributary` };
}

/**
 * The default tab: the grid of runs and task instances, with the panel the URL names open. The
 * grid's first page is read with the page and streamed in the same response (compact: see
 * server/trpc/grid-wire.ts), instead of waiting for the browser's JavaScript to ask for it.
 */
export default async function DagGridPage({ params, searchParams }: TProps) {
  const { workspace, dag_id: dagId } = await params;
  const { runs, view } = await searchParams;
  const limit = runsChoice(Array.isArray(runs) ? runs[0] : runs) ?? DEFAULT_RUNS;
  const id = decodeURIComponent(dagId);
  // A panel opened from the graph: its URL reloads on the graph.
  if (panelView(Array.isArray(view) ? view[0] : view) === 'graph') return <DagGraphPage params={params} />;
  const [role, caller] = await Promise.all([workspaceRole(workspace), createServerCaller(workspace)]);
  // Not awaited: the page's shell goes out first. A failure leaves the grid to fetch (and report) it.
  // (Awaited, with the grid in the shell, the whole page was slower to draw: the browser parsed
  // the grid's HTML in between running the page's scripts: bench/page-benchmark.ts's breakdown.)
  const initialGrid: Promise<TInitialGrid | null> = caller.runs.grid({ dagId: id, limit }).then((data) => ({ limit, data }), () => null);
  return (
    <main className="wide">
      <Suspense fallback={<p className="muted">Loading the grid…</p>}>
        <DagGrid workspace={workspace} dagId={id} canEdit={role !== 'viewer'} initialGrid={initialGrid} />
      </Suspense>
      <DagDatasetSchedule workspace={workspace} dagId={id} />
      <DagDatasets workspace={workspace} dagId={id} />
    </main>
  );
}
