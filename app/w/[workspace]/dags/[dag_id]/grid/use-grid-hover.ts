'use client';

import { type PointerEvent, useCallback, useEffect, useRef } from 'react';
import type { THovered } from './grid-hover-card';
import type { TGridRun, TGridTask } from './grid-types';

/** Long enough that sweeping the pointer across the grid does not flash a card at every square. */
const HOVER_DELAY_MS = 150;

type TGridData = { tasks: TGridTask[]; runs: TGridRun[] };

function describe(button: HTMLElement, grid: TGridData | undefined): THovered | null {
  const run = grid?.runs.find((candidate) => candidate.run_id === button.dataset.run);
  if (!grid || !run) return null;
  const rect = button.getBoundingClientRect();
  const taskId = button.dataset.task;
  if (taskId === undefined) return { kind: 'run', rect, run };
  const cell = run.task_instances[taskId];
  const type = grid.tasks.find((task) => task.task_id === taskId)?.type ?? '';
  return cell ? { kind: 'task', rect, run, taskId, type, cell } : null;
}

/**
 * Pointer handling for the grid's one hover card, delegated from the table (no handler per
 * square): which square or run bar the pointer rests on, after a short delay. `controller` is
 * the card's setter (GridHoverCard registers it), so the grid itself never re-renders on hover.
 */
export function useGridHover(grid: TGridData | undefined) {
  const controller = useRef<((next: THovered | null) => void) | null>(null);
  const data = useRef(grid);
  useEffect(() => {
    data.current = grid;
  }, [grid]);
  const timer = useRef<number | undefined>(undefined);
  const at = useRef<HTMLElement | null>(null);
  const hide = useCallback(() => {
    window.clearTimeout(timer.current);
    at.current = null;
    controller.current?.(null);
  }, []);
  const onPointerOver = useCallback((event: PointerEvent<HTMLElement>) => {
    const button = event.target instanceof Element ? event.target.closest<HTMLElement>('button[data-run]') : null;
    if (button === at.current) return;
    window.clearTimeout(timer.current);
    at.current = button;
    if (!button) {
      controller.current?.(null);
      return;
    }
    timer.current = window.setTimeout(() => controller.current?.(describe(button, data.current)), HOVER_DELAY_MS);
  }, []);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return { controller, onPointerOver, hide };
}
