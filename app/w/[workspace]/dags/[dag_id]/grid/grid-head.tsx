'use client';

import { memo } from 'react';
import { stateColor } from '../../../../../components/state-badge';
import { useFormatTime } from '../../../../../components/time-zone-context';
import type { TGridSelection } from './grid-url';
import { barHeight, labelEvery } from './grid-layout';
import { anyRunMarked, RunMarks } from './grid-marks';
import styles from './grid.module.css';
import { RUN_TYPE_MARKS, runSeconds, type TGridRun } from './grid-types';

type THeadProps = {
  runs: TGridRun[];
  pitch: number;
  selection: TGridSelection | null;
  onOpen: (selection: TGridSelection) => void;
};

/**
 * The columns' heads, oldest run left: the marks of a run with an incident or a note (when any
 * run of the page has one), a mark for a manual or backfill run, the run's logical
 * date ("12-04 00:00", written upwards; the whole date on hover), and its duration bar, whose
 * height is the run's duration against the page's longest run. The bar opens the run's panel.
 */
export const GridHead = memo(function GridHead({ runs, pitch, selection, onOpen }: THeadProps) {
  const time = useFormatTime();
  const now = new Date().toISOString();
  const longest = Math.max(0, ...runs.map((run) => runSeconds(run, now) ?? 0));
  const every = labelEvery(pitch);
  const marked = anyRunMarked(runs);
  return (
    <thead>
      <tr>
        <th scope="col" className={styles.taskHead}>Task</th>
        {runs.map((run, col) => {
          const mark = RUN_TYPE_MARKS[run.run_type];
          // Counted from the newest run, so the column a user looks at first is always labelled.
          const labelled = (runs.length - 1 - col) % every === 0;
          const full = time(run.logical_date, 'minute');
          return (
            <th key={run.run_id} scope="col" className={styles.runCell}>
              {marked && <RunMarks run={run} onOpen={onOpen} />}
              <span className={styles.mark}>
                {mark && <span role="img" aria-label={mark.label} title={mark.label} data-run-type={run.run_type}>{mark.letter}</span>}
              </span>
              <span className={styles.dateBox}>
                {labelled && <time className={styles.date} dateTime={run.logical_date} title={time(run.logical_date)}>{full.slice(5, 16)}</time>}
              </span>
              <span className={styles.barBox}>
                <button
                  type="button"
                  className={styles.runHead}
                  style={{ background: stateColor(run.state), height: `${barHeight(runSeconds(run, now), longest)}px` }}
                  data-state={run.state}
                  data-run={run.run_id}
                  aria-label={`Run ${run.run_id}: ${run.state}`}
                  aria-pressed={selection?.taskId === null && selection.runId === run.run_id}
                  onClick={() => onOpen({ runId: run.run_id, taskId: null })}
                />
              </span>
            </th>
          );
        })}
      </tr>
    </thead>
  );
});
