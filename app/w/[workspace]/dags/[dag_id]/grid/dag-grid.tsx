'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { use, useCallback, useRef, useState, useSyncExternalStore } from 'react';
import { RunPanel } from '../../../../../components/run-panel';
import { StateLegend } from '../../../../../components/state-badge';
import { useTRPC } from '../../../../../trpc-provider';
import { DEFAULT_RUNS, RUN_CHOICES, runsChoice } from './grid-runs';
import { GridTable } from './grid-table';
import { SelectedTaskPanel } from './selected-task-panel';
import type { TGridSelection } from './grid-url';
import styles from './grid.module.css';
import { useGridSelection } from './use-grid-selection';
import { useRunsChoice } from './use-runs-choice';
import { useWidth } from './use-width';
import { decodeGrid } from '@/server/trpc/grid-wire';
import type { AppRouter } from '@/server/trpc/routers/_app';

type TGridWire = inferRouterOutputs<AppRouter>['runs']['grid'];

/** The grid's first page as the page's server component read it, and for how many runs. */
export type TInitialGrid = { limit: number; data: TGridWire };

/** One function for every render, so React Query decodes a page once, not at each render. */
const selectGrid = (data: TGridWire) => decodeGrid(data);

/** Nothing to subscribe to: the hydration check below only tells the server's render from the browser's. */
const subscribeNothing = () => () => undefined;

/** Live while a run is queued or running; otherwise slower, so runs started elsewhere still appear. */
const ACTIVE_REFRESH_MS = 2_000;
const IDLE_REFRESH_MS = 15_000;

/** The button in the grid for a run (its head) or a task instance (its square), if that run is on this page. */
function squareOf(table: HTMLTableElement | null, selection: TGridSelection | null): HTMLButtonElement | null {
  if (!table || !selection) return null;
  const run = `[data-run="${CSS.escape(selection.runId)}"]`;
  const task = selection.taskId === null ? ':not([data-task])' : `[data-task="${CSS.escape(selection.taskId)}"]`;
  return table.querySelector<HTMLButtonElement>(`button${run}${task}`);
}

/** The square a panel hands the focus back to: the one that opened it, else the grid's tab stop. */
function focusGrid(table: HTMLTableElement | null, selection: TGridSelection | null) {
  (squareOf(table, selection) ?? table?.querySelector<HTMLButtonElement>('button[tabindex="0"]'))?.focus();
}

/**
 * The DAG page's grid (grid-table.tsx) with its toolbar: older and newer pages, how many runs
 * (`?runs=`, remembered in the browser), the legend. What is open comes from the URL
 * (use-grid-selection.ts), so every panel has a link of its own.
 */
export function DagGrid({ workspace, dagId, canEdit, initialGrid }: { workspace: string; dagId: string; canEdit: boolean; initialGrid?: Promise<TInitialGrid | null> }) {
  const trpc = useTRPC();
  // The first page as the server read it with the page (see page.tsx), when the sizes agree.
  const initial = initialGrid ? use(initialGrid) : null;
  const [cursors, setCursors] = useState<string[]>([]);
  const { selection, tryNumber, line, open, close, selectTry, selectLine } = useGridSelection(workspace, dagId);
  const { runs, choose } = useRunsChoice();
  const [widthRef, width] = useWidth<HTMLDivElement>();
  const table = useRef<HTMLTableElement>(null);
  // The square that opened the panel; none when the page was opened on the panel's URL.
  const opener = useRef<TGridSelection | null>(null);
  const openFrom = useCallback(
    (next: TGridSelection) => {
      opener.current = next;
      open(next);
    },
    [open],
  );
  const closePanel = useCallback(() => {
    const back = opener.current ?? selection;
    opener.current = null;
    close();
    focusGrid(table.current, back);
  }, [close, selection]);
  const before = cursors.at(-1);
  const query = useQuery({
    ...trpc.runs.grid.queryOptions({ dagId, before, limit: runs ?? DEFAULT_RUNS }),
    select: selectGrid,
    // Not before the browser's remembered choice is known: one fetch, of the right size.
    enabled: runs !== null,
    initialData: before === undefined && initial !== null && initial.limit === (runs ?? DEFAULT_RUNS) ? initial.data : undefined,
    // Fresh as read: no second fetch on mount; the refresh interval below takes over.
    staleTime: ACTIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
    refetchInterval: (current) =>
      current.state.data?.runs.some((run) => run.state === 'queued' || run.state === 'running') ? ACTIVE_REFRESH_MS : IDLE_REFRESH_MS,
  });
  // The squares are drawn once the page is interactive: drawn in the server's HTML, a click
  // before hydration would be lost. The data is already here (streamed), so this costs no fetch.
  const hydrated = useSyncExternalStore(subscribeNothing, () => true, () => false);
  const grid = hydrated ? query.data : undefined;
  return (
    <section aria-label="Grid" className={styles.section}>
      <div className={styles.toolbar}>
        <button type="button" disabled={!grid?.next_cursor} onClick={() => grid?.next_cursor && setCursors([...cursors, grid.next_cursor])}>Older</button>
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>Newer</button>
        <label className={styles.runsChoice}>
          Runs shown
          <select
            value={runs ?? DEFAULT_RUNS}
            onChange={(event) => {
              const chosen = runsChoice(event.target.value);
              if (chosen === null) return;
              setCursors([]);
              choose(chosen);
            }}
          >
            {RUN_CHOICES.map((choice) => <option key={choice} value={choice}>{choice}</option>)}
          </select>
        </label>
        <StateLegend />
        <span className={`muted small ${styles.hint}`}>Arrow keys move between squares; Enter opens one. A run's bar (height: its duration) opens the run.</span>
      </div>
      {query.isError && <p role="alert" className="form-error">Could not load the grid: {query.error.message}</p>}
      {(query.isPending || !hydrated) && <p className="muted">Loading runs…</p>}
      {grid && grid.runs.length === 0 && <p className="panel">No runs yet. Trigger one, or unpause the DAG to let the scheduler create them.</p>}
      {/* Measured before the grid arrives, so the first drawing of the squares is at their final size. */}
      <div ref={widthRef}>
        {grid && grid.runs.length > 0 && <GridTable dagId={dagId} width={width} grid={grid} selection={selection} table={table} onOpen={openFrom} />}
      </div>
      <SelectedTaskPanel dagId={dagId} canEdit={canEdit} url={{ selection, tryNumber, line, selectTry, selectLine }} onClose={closePanel} />
      {selection && selection.taskId === null && <RunPanel target={{ dagId, runId: selection.runId }} canEdit={canEdit} onClose={closePanel} />}
    </section>
  );
}
