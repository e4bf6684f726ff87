'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { StateLegend, stateColor } from '../../../../../components/state-badge';
import { TaskInstancePanel, type TTaskInstanceKey } from '../../../../../components/task-instance-panel';
import { useTRPC } from '../../../../../trpc-provider';
import styles from './grid.module.css';

const REFRESH_MS = 2_000;
type TGridRun = { run_id: string; state: string; logical_date: string; task_instances: Record<string, TGridCell> };
type TGridCell = { state: string; try_number: number; start_date: string | null; end_date: string | null; duration: number | null };

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—');

/** What hovering a square says: task, logical date, state, try, start/end and duration. */
function cellTitle(taskId: string, run: TGridRun, cell: TGridCell): string {
  return [
    `Task: ${taskId}`,
    `Logical date: ${utc(run.logical_date)}`,
    `State: ${cell.state}`,
    `Try: ${cell.try_number}`,
    `Start: ${utc(cell.start_date)}`,
    `End: ${utc(cell.end_date)}`,
    `Duration: ${cell.duration === null ? '—' : `${cell.duration.toFixed(1)} s`}`,
  ].join('\n');
}

/** Runs as columns (oldest left), tasks as rows; live every 2 s while a run is queued or running. */
export function DagGrid({ dagId, canEdit }: { dagId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<TTaskInstanceKey | null>(null);
  const before = cursors.at(-1);
  const query = useQuery({
    ...trpc.runs.grid.queryOptions({ dagId, before }),
    placeholderData: keepPreviousData,
    refetchInterval: (current) => (current.state.data?.runs.some((run) => run.state === 'queued' || run.state === 'running') ? REFRESH_MS : false),
  });
  const grid = query.data;
  return (
    <section aria-label="Grid">
      <div className={styles.toolbar}>
        <button type="button" disabled={!grid?.next_cursor} onClick={() => grid?.next_cursor && setCursors([...cursors, grid.next_cursor])}>Older</button>
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>Newer</button>
        <StateLegend />
      </div>
      {query.isError && <p role="alert" className="form-error">Could not load the grid: {query.error.message}</p>}
      {query.isPending && <p className="muted">Loading runs…</p>}
      {grid && grid.runs.length === 0 && <p className="panel">No runs yet. Trigger one, or unpause the DAG to let the scheduler create them.</p>}
      {grid && grid.runs.length > 0 && (
        <div className={styles.scroll}>
          <table className={styles.grid}>
            <thead>
              <tr>
                <th scope="col">Task</th>
                {grid.runs.map((run) => (
                  <th key={run.run_id} scope="col" title={`${run.run_id}\n${utc(run.logical_date)}\nRun state: ${run.state}`}>
                    <span className={styles.runHead} style={{ background: stateColor(run.state) }} data-state={run.state} role="img" aria-label={`Run ${run.run_id}: ${run.state}`} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.tasks.map((task) => (
                <tr key={task.task_id}>
                  <th scope="row" title={`${task.task_id} (${task.type})`}>{task.task_id}</th>
                  {grid.runs.map((run) => <GridCell key={run.run_id} dagId={dagId} taskId={task.task_id} run={run} selected={selected} onSelect={setSelected} />)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && <TaskInstancePanel target={selected} canEdit={canEdit} onClose={() => setSelected(null)} />}
    </section>
  );
}

type TCellProps = { dagId: string; taskId: string; run: TGridRun; selected: TTaskInstanceKey | null; onSelect: (key: TTaskInstanceKey) => void };

function GridCell({ dagId, taskId, run, selected, onSelect }: TCellProps) {
  const cell = run.task_instances[taskId];
  if (!cell) return <td><span className={styles.empty} /></td>;
  const isSelected = selected?.runId === run.run_id && selected.taskId === taskId;
  const title = cellTitle(taskId, run, cell);
  return (
    <td>
      <button
        type="button"
        className={`${styles.square} ${isSelected ? styles.selected : ''}`}
        style={{ background: stateColor(cell.state) }}
        data-state={cell.state}
        data-task={taskId}
        title={title}
        aria-label={title.replaceAll('\n', ', ')}
        aria-pressed={isSelected}
        onClick={() => onSelect({ dagId, runId: run.run_id, taskId })}
      />
    </td>
  );
}
