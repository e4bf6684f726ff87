'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useCallback, useRef, useState } from 'react';
import { formatDuration, formatTime as utc, secondsBetween } from '../../../../../components/format-time';
import { RunPanel } from '../../../../../components/run-panel';
import { StateLegend, stateColor } from '../../../../../components/state-badge';
import { TaskInstancePanel } from '../../../../../components/task-instance-panel';
import { useTRPC } from '../../../../../trpc-provider';
import type { TGridSelection } from './grid-url';
import styles from './grid.module.css';
import { useGridSelection } from './use-grid-selection';

/** Live while a run is queued or running; otherwise slower, so runs started elsewhere still appear. */
const ACTIVE_REFRESH_MS = 2_000;
const IDLE_REFRESH_MS = 15_000;
type TGridRun = { run_id: string; state: string; run_type: string; logical_date: string; start_date: string | null; end_date: string | null; task_instances: Record<string, TGridCell> };
type TGridCell = { state: string; try_number: number; start_date: string | null; end_date: string | null; duration: number | null };
type TCellAt = { row: number; col: number };

const MOVES: Record<string, (at: TCellAt, rows: number, cols: number) => TCellAt> = {
  ArrowLeft: ({ row, col }) => ({ row, col: Math.max(0, col - 1) }),
  ArrowRight: ({ row, col }, _rows, cols) => ({ row, col: Math.min(cols - 1, col + 1) }),
  ArrowUp: ({ row, col }) => ({ row: Math.max(0, row - 1), col }),
  ArrowDown: ({ row, col }, rows) => ({ row: Math.min(rows - 1, row + 1), col }),
  Home: ({ row }) => ({ row, col: 0 }),
  End: ({ row }, _rows, cols) => ({ row, col: cols - 1 }),
};

/** A run's duration so far: up to now while it runs, unknown before it starts. */
function runSeconds(run: TGridRun): number | null {
  if (run.start_date === null) return null;
  return secondsBetween(run.start_date, run.end_date ?? new Date().toISOString());
}

/** Bars scale with duration against the page's longest run, 6 to 28 px. */
function barHeight(run: TGridRun, longest: number): number {
  const seconds = runSeconds(run);
  if (seconds === null || longest <= 0) return 6;
  return Math.round(6 + (22 * seconds) / longest);
}

/** What hovering a square says: task, logical date, state, try, start/end and duration. */
function cellTitle(taskId: string, run: TGridRun, cell: TGridCell): string {
  return [
    `Task: ${taskId}`,
    `Logical date: ${utc(run.logical_date)}`,
    `State: ${cell.state}`,
    `Try: ${cell.try_number}`,
    `Start: ${utc(cell.start_date)}`,
    `End: ${utc(cell.end_date)}`,
    `Duration: ${formatDuration(cell.duration)}`,
  ].join('\n');
}

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

/** Where the keyboard starts: the square the URL opened, or the newest run of the first task. */
function startCell(grid: { tasks: { task_id: string }[]; runs: TGridRun[] } | undefined, selection: TGridSelection | null): TCellAt {
  const cols = grid?.runs.length ?? 0;
  const row = selection?.taskId ? (grid?.tasks.findIndex((task) => task.task_id === selection.taskId) ?? -1) : -1;
  const col = selection ? (grid?.runs.findIndex((run) => run.run_id === selection.runId) ?? -1) : -1;
  return row >= 0 && col >= 0 ? { row, col } : { row: 0, col: cols - 1 };
}

/**
 * Runs as columns (oldest left), tasks as rows. One tab stop: arrow keys, Home and End move
 * between squares, Enter opens one; a run's head opens the run's panel. What is open comes
 * from the URL (use-grid-selection.ts), so every panel has a link of its own.
 */
export function DagGrid({ workspace, dagId, canEdit }: { workspace: string; dagId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const [cursors, setCursors] = useState<string[]>([]);
  const { selection, tryNumber, line, open, close, selectTry, selectLine } = useGridSelection(workspace, dagId);
  const [active, setActive] = useState<TCellAt | null>(null);
  const table = useRef<HTMLTableElement>(null);
  // The square that opened the panel; none when the page was opened on the panel's URL.
  const opener = useRef<TGridSelection | null>(null);
  const openFrom = (next: TGridSelection) => {
    opener.current = next;
    open(next);
  };
  const closePanel = useCallback(() => {
    const back = opener.current ?? selection;
    opener.current = null;
    close();
    focusGrid(table.current, back);
  }, [close, selection]);
  const before = cursors.at(-1);
  const query = useQuery({
    ...trpc.runs.grid.queryOptions({ dagId, before }),
    placeholderData: keepPreviousData,
    refetchInterval: (current) =>
      current.state.data?.runs.some((run) => run.state === 'queued' || run.state === 'running') ? ACTIVE_REFRESH_MS : IDLE_REFRESH_MS,
  });
  const grid = query.data;
  const longest = Math.max(0, ...(grid?.runs ?? []).map((run) => runSeconds(run) ?? 0));
  const rows = grid?.tasks.length ?? 0;
  const cols = grid?.runs.length ?? 0;
  // Newest run of the first task until the user moves (where a 2 a.m. look starts), or the linked square.
  const current = active && active.row < rows && active.col < cols ? active : startCell(grid, selection);
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const move = MOVES[event.key];
    if (!move || rows === 0) return;
    event.preventDefault();
    const next = move(current, rows, cols);
    setActive(next);
    event.currentTarget.querySelector<HTMLButtonElement>(`button[data-row="${next.row}"][data-col="${next.col}"]`)?.focus();
  };
  return (
    <section aria-label="Grid">
      <div className={styles.toolbar}>
        <button type="button" disabled={!grid?.next_cursor} onClick={() => grid?.next_cursor && setCursors([...cursors, grid.next_cursor])}>Older</button>
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>Newer</button>
        <StateLegend />
        <span className={`muted small ${styles.hint}`}>Arrow keys move between squares; Enter opens one. A run's bar (height: its duration) opens the run.</span>
      </div>
      {query.isError && <p role="alert" className="form-error">Could not load the grid: {query.error.message}</p>}
      {query.isPending && <p className="muted">Loading runs…</p>}
      {grid && grid.runs.length === 0 && <p className="panel">No runs yet. Trigger one, or unpause the DAG to let the scheduler create them.</p>}
      {grid && grid.runs.length > 0 && (
        <div className={styles.scroll}>
          <table ref={table} className={styles.grid} onKeyDown={onKeyDown} aria-label={`Runs of ${dagId} by task`}>
            <thead>
              <tr>
                <th scope="col">Task</th>
                {grid.runs.map((run) => (
                  <th key={run.run_id} scope="col" className={styles.runCell}>
                    <button
                      type="button"
                      className={styles.runHead}
                      style={{ background: stateColor(run.state), height: `${barHeight(run, longest)}px` }}
                      data-state={run.state}
                      data-run={run.run_id}
                      title={`${run.run_id}\n${utc(run.logical_date)}\nRun state: ${run.state}\nDuration: ${formatDuration(runSeconds(run))}`}
                      aria-label={`Run ${run.run_id}: ${run.state}`}
                      aria-pressed={selection?.taskId === null && selection.runId === run.run_id}
                      onClick={() => openFrom({ runId: run.run_id, taskId: null })}
                    />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.tasks.map((task, row) => (
                <tr key={task.task_id}>
                  <th scope="row" title={`${task.task_id} (${task.type})`}>{task.task_id}</th>
                  {grid.runs.map((run, col) => (
                    <GridCell
                      key={run.run_id}
                      taskId={task.task_id}
                      run={run}
                      at={{ row, col }}
                      isActive={current.row === row && current.col === col}
                      isSelected={selection?.runId === run.run_id && selection.taskId === task.task_id}
                      onFocus={setActive}
                      onSelect={() => openFrom({ runId: run.run_id, taskId: task.task_id })}
                    />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selection && selection.taskId !== null && (
        <TaskInstancePanel
          target={{ dagId, runId: selection.runId, taskId: selection.taskId }}
          canEdit={canEdit}
          onClose={closePanel}
          tryNumber={tryNumber}
          onTrySelect={selectTry}
          line={line}
          onLineSelect={selectLine}
        />
      )}
      {selection && selection.taskId === null && <RunPanel target={{ dagId, runId: selection.runId }} canEdit={canEdit} onClose={closePanel} />}
    </section>
  );
}

type TCellProps = {
  taskId: string;
  run: TGridRun;
  at: TCellAt;
  isActive: boolean;
  isSelected: boolean;
  onFocus: (at: TCellAt) => void;
  onSelect: () => void;
};

function GridCell({ taskId, run, at, isActive, isSelected, onFocus, onSelect }: TCellProps) {
  const cell = run.task_instances[taskId];
  if (!cell) return <td><span className={styles.empty} /></td>;
  const title = cellTitle(taskId, run, cell);
  return (
    <td>
      <button
        type="button"
        className={`${styles.square} ${isSelected ? styles.selected : ''}`}
        style={{ background: stateColor(cell.state) }}
        data-state={cell.state}
        data-task={taskId}
        data-run={run.run_id}
        data-row={at.row}
        data-col={at.col}
        tabIndex={isActive ? 0 : -1}
        title={title}
        aria-label={title.replaceAll('\n', ', ')}
        aria-pressed={isSelected}
        onFocus={() => onFocus(at)}
        onClick={onSelect}
      />
    </td>
  );
}
