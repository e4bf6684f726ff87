'use client';

import { memo } from 'react';
import { formatDuration } from '../../../../../components/format-time';
import { tryCount } from '../../../../../components/try-count';
import { worstState } from '../../../../../../server/domain/state/worst-state';
import type { TGridSelection } from './grid-url';
import styles from './grid.module.css';
import type { TCellAt, TGridRun, TGridTask } from './grid-types';

type TRowProps = {
  task: TGridTask;
  runs: TGridRun[];
  row: number;
  inGroup: boolean;
  /** The column of the grid's tab stop when it is in this row, else -1. */
  activeCol: number;
  /** The run whose square of this task is open in the panel, else null. */
  selectedRun: string | null;
  onFocus: (at: TCellAt) => void;
  onOpen: (selection: TGridSelection) => void;
};

/**
 * A task's row of squares. Memoised, and its props say only what concerns this row, so moving
 * the focus or opening a panel re-renders one or two rows, not 5,000 squares. A square's colour
 * comes from its data-state in the stylesheet: no style attribute to parse per square.
 * Its details show in the grid's one hover card (grid-hover-card.tsx).
 */
export const TaskRow = memo(function TaskRow({ task, runs, row, inGroup, activeCol, selectedRun, onFocus, onOpen }: TRowProps) {
  const taskId = task.task_id;
  return (
    <tr>
      <th scope="row" className={inGroup ? styles.inGroup : undefined} title={`${taskId} (${task.type})`}>{taskId}</th>
      {runs.map((run, col) => {
        const cell = run.task_instances[taskId];
        if (!cell) return <td key={run.run_id}><span className={styles.empty} /></td>;
        const tries = cell.try_number > 0 ? `try ${tryCount(cell.try_number, cell.max_tries)}` : 'not tried yet';
        const isSelected = selectedRun === run.run_id;
        return (
          <td key={run.run_id}>
            <button
              type="button"
              className={isSelected ? `${styles.square} ${styles.selected}` : styles.square}
              data-state={cell.state}
              data-task={taskId}
              data-run={run.run_id}
              data-row={row}
              data-col={col}
              tabIndex={activeCol === col ? 0 : -1}
              aria-label={`${taskId}, run of ${run.logical_date}: ${cell.state}, ${tries}, duration ${formatDuration(cell.duration)}`}
              aria-pressed={isSelected}
              onFocus={() => onFocus({ row, col })}
              onClick={() => onOpen({ runId: run.run_id, taskId })}
            />
          </td>
        );
      })}
    </tr>
  );
});

type TGroupProps = { group: string; tasks: TGridTask[]; runs: TGridRun[]; folded: boolean; onToggle: (group: string) => void };

/** A task group's row: folds and unfolds its tasks; each run's square is the worst state among them. */
export const GroupRow = memo(function GroupRow({ group, tasks, runs, folded, onToggle }: TGroupProps) {
  return (
    <tr className={styles.groupRow}>
      <th scope="row">
        <button type="button" className={styles.groupToggle} aria-expanded={!folded} onClick={() => onToggle(group)}>
          <span aria-hidden="true">{folded ? '▸' : '▾'}</span> {group} <span className="muted">({tasks.length})</span>
        </button>
      </th>
      {runs.map((run) => {
        const state = worstState(tasks.flatMap((task) => run.task_instances[task.task_id]?.state ?? []));
        return (
          <td key={run.run_id}>
            <span
              className={styles.groupSquare}
              role="img"
              data-group={group}
              data-state={state ?? 'none'}
              aria-label={`Group ${group}, run of ${run.logical_date}: ${state ?? 'no task instances'}`}
            />
          </td>
        );
      })}
    </tr>
  );
});
