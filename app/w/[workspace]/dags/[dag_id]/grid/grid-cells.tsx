'use client';

import { formatDuration } from '../../../../../components/format-time';
import { stateColor } from '../../../../../components/state-badge';
import { tryCount } from '../../../../../components/try-count';
import { worstState } from '../../../../../../server/domain/state/worst-state';
import styles from './grid.module.css';
import type { TCellAt, TGridRun, TGridTask } from './grid-types';

type TCellProps = {
  taskId: string;
  run: TGridRun;
  at: TCellAt;
  isActive: boolean;
  isSelected: boolean;
  onFocus: (at: TCellAt) => void;
  onSelect: () => void;
};

/** A task instance's square. Its details show in the grid's one hover card (grid-hover-card.tsx). */
export function GridCell({ taskId, run, at, isActive, isSelected, onFocus, onSelect }: TCellProps) {
  const cell = run.task_instances[taskId];
  if (!cell) return <td><span className={styles.empty} /></td>;
  const tries = cell.try_number > 0 ? `try ${tryCount(cell.try_number, cell.max_tries)}` : 'not tried yet';
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
        aria-label={`${taskId}, run of ${run.logical_date}: ${cell.state}, ${tries}, duration ${formatDuration(cell.duration)}`}
        aria-pressed={isSelected}
        onFocus={() => onFocus(at)}
        onClick={onSelect}
      />
    </td>
  );
}

type TGroupProps = { group: string; tasks: TGridTask[]; runs: TGridRun[]; folded: boolean; onToggle: (group: string) => void };

/** A task group's row: folds and unfolds its tasks; each run's square is the worst state among them. */
export function GroupRow({ group, tasks, runs, folded, onToggle }: TGroupProps) {
  return (
    <tr className={styles.groupRow}>
      <th scope="row">
        <button type="button" className={styles.groupToggle} aria-expanded={!folded} onClick={() => onToggle(group)}>
          <span aria-hidden="true">{folded ? '▸' : '▾'}</span> {group} <span className="muted">({tasks.length})</span>
        </button>
      </th>
      {runs.map((run) => {
        const states = tasks.flatMap((task) => run.task_instances[task.task_id]?.state ?? []);
        const state = worstState(states);
        return (
          <td key={run.run_id}>
            <span
              className={styles.groupSquare}
              role="img"
              data-group={group}
              data-state={state ?? 'none'}
              aria-label={`Group ${group}, run of ${run.logical_date}: ${state ?? 'no task instances'}`}
              style={{ background: stateColor(state ?? 'none') }}
            />
          </td>
        );
      })}
    </tr>
  );
}
