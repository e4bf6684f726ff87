'use client';

import { type CSSProperties, type KeyboardEvent, type RefObject, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { GroupRow, TaskRow } from './grid-cells';
import { GridHead } from './grid-head';
import { GridHoverCard } from './grid-hover-card';
import { columnPitch } from './grid-layout';
import { gridRows } from './grid-rows';
import type { TGridSelection } from './grid-url';
import styles from './grid.module.css';
import type { TCellAt, TGridRun, TGridTask } from './grid-types';
import { useGridHover } from './use-grid-hover';

const MOVES: Record<string, (at: TCellAt, rows: number, cols: number) => TCellAt> = {
  ArrowLeft: ({ row, col }) => ({ row, col: Math.max(0, col - 1) }),
  ArrowRight: ({ row, col }, _rows, cols) => ({ row, col: Math.min(cols - 1, col + 1) }),
  ArrowUp: ({ row, col }) => ({ row: Math.max(0, row - 1), col }),
  ArrowDown: ({ row, col }, rows) => ({ row: Math.min(rows - 1, row + 1), col }),
  Home: ({ row }) => ({ row, col: 0 }),
  End: ({ row }, _rows, cols) => ({ row, col: cols - 1 }),
};

/** Where the keyboard starts: the square the URL opened, or the newest run of the first task shown. */
function startCell(tasks: TGridTask[], runs: TGridRun[], selection: TGridSelection | null): TCellAt {
  const row = selection?.taskId ? tasks.findIndex((task) => task.task_id === selection.taskId) : -1;
  const col = selection ? runs.findIndex((run) => run.run_id === selection.runId) : -1;
  return row >= 0 && col >= 0 ? { row, col } : { row: 0, col: runs.length - 1 };
}

type TProps = {
  dagId: string;
  /** The width the grid may fill (measured by the caller before the grid is drawn). */
  width: number;
  grid: { tasks: TGridTask[]; runs: TGridRun[] };
  selection: TGridSelection | null;
  table: RefObject<HTMLTableElement | null>;
  onOpen: (selection: TGridSelection) => void;
};

/**
 * Runs as columns (oldest left), tasks as rows, task groups as rows that fold. One tab stop:
 * arrow keys, Home and End move between the squares shown, Enter opens one. Columns fill the
 * page's width and the grid scrolls sideways beyond it, starting at the newest runs.
 */
export function GridTable({ dagId, width, grid, selection, table, onOpen }: TProps) {
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const [active, setActive] = useState<TCellAt | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const hover = useGridHover(grid);
  const rows = useMemo(() => gridRows(grid.tasks, folded), [grid.tasks, folded]);
  const shown = useMemo(() => rows.flatMap((row) => (row.kind === 'task' ? [row.task] : [])), [rows]);
  const rowOf = useMemo(() => new Map(shown.map((task, index) => [task.task_id, index])), [shown]);
  const cols = grid.runs.length;
  const current = active && active.row < shown.length && active.col < cols ? active : startCell(shown, grid.runs, selection);
  const pitch = columnPitch(width, cols);
  // The newest runs are on the right: show them first when the grid is wider than the page.
  const newest = grid.runs.at(-1)?.run_id;
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollLeft = scroller.current.scrollWidth;
  }, [scroller, cols, newest]);
  const toggle = useCallback(
    (group: string) =>
      setFolded((before) => {
        const next = new Set(before);
        if (!next.delete(group)) next.add(group);
        return next;
      }),
    [],
  );
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    hover.hide();
    const move = MOVES[event.key];
    if (!move || shown.length === 0) return;
    event.preventDefault();
    const next = move(current, shown.length, cols);
    setActive(next);
    event.currentTarget.querySelector<HTMLButtonElement>(`button[data-row="${next.row}"][data-col="${next.col}"]`)?.focus();
  };
  return (
    <div ref={scroller} className={styles.scroll} onScroll={hover.hide}>
      <table
        ref={table}
        className={styles.grid}
        style={{ '--pitch': `${pitch}px` } as CSSProperties}
        onKeyDown={onKeyDown}
        onPointerOver={hover.onPointerOver}
        onPointerLeave={hover.hide}
        aria-label={`Runs of ${dagId} by task`}
      >
        <GridHead runs={grid.runs} pitch={pitch} selection={selection} onOpen={onOpen} />
        <tbody>
          {rows.map((row) =>
            row.kind === 'group' ? (
              <GroupRow key={`group:${row.group}`} group={row.group} tasks={row.tasks} runs={grid.runs} folded={row.folded} onToggle={toggle} />
            ) : (
              <TaskRow
                key={`task:${row.task.task_id}`}
                task={row.task}
                runs={grid.runs}
                row={rowOf.get(row.task.task_id) ?? 0}
                inGroup={row.inGroup}
                activeCol={current.row === rowOf.get(row.task.task_id) ? current.col : -1}
                selectedRun={selection?.taskId === row.task.task_id ? selection.runId : null}
                onFocus={setActive}
                onOpen={onOpen}
              />
            ),
          )}
        </tbody>
      </table>
      <GridHoverCard controller={hover.controller} />
    </div>
  );
}
