'use client';

import { useQuery } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { useTRPC } from '../trpc-provider';
import { formatDuration } from './format-time';
import { useFormatTime } from './time-zone-context';
import { LogViewer } from './log-viewer';
import { StateBadge } from './state-badge';
import type { TTaskInstanceKey } from './task-instance-key';
import { TaskInstanceActions } from './task-instance-panel-actions';
import { notFoundRetry, NotFoundMessage } from './not-found-message';
import { TaskInstanceNote } from './panel-notes';
import { tryCount } from './try-count';
import { TryTabs } from './try-tabs';
import { useEscape } from './use-escape';
import styles from './task-instance-panel.module.css';

export type { TTaskInstanceKey };

const POLL_MS = 1_000;
const UNFINISHED = new Set(['none', 'scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule']);

type TProps = {
  target: TTaskInstanceKey;
  canEdit: boolean;
  onClose: () => void;
  /** The try the URL names (`?try=2`); the latest when null or when the instance has no such try. */
  tryNumber: number | null;
  onTrySelect: (tryNumber: number) => void;
  /** The log line the URL names (`#L120`). */
  line: number | null;
  onLineSelect: (tryNumber: number, line: number) => void;
};

/** A side panel on one task instance: its state, attempts, times, fields, output, log and actions. */
export function TaskInstancePanel({ target, canEdit, onClose, tryNumber, onTrySelect, line, onLineSelect }: TProps) {
  const trpc = useTRPC();
  const closeRef = useEscape(onClose);
  const { workspace } = useParams<{ workspace: string }>();
  const query = useQuery({
    ...trpc.runs.taskInstance.queryOptions(target),
    retry: notFoundRetry,
    refetchInterval: (current) => (current.state.data && UNFINISHED.has(current.state.data.state) ? POLL_MS : false),
  });
  const ti = query.data;
  const latest = ti?.attempts.at(-1);
  const named = ti?.attempts.find((item) => item.try_number === tryNumber);
  const attempt = named ?? latest;
  return (
    <aside className={styles.panel} aria-label={`Task instance ${target.taskId}`}>
      <div className={styles.head}>
        <h2>{target.taskId}</h2>
        <button type="button" ref={closeRef} onClick={onClose} aria-label="Close the panel (Escape)">Close</button>
      </div>
      <p className="muted small">Run {target.runId}</p>
      {query.isError && <NotFoundMessage error={query.error} what={`Task ${target.taskId} of run ${target.runId}`} />}
      {ti && (
        <>
          <Facts ti={ti} />
          <TaskInstanceNote target={target} note={ti.note} canEdit={canEdit} />
          {canEdit && <TaskInstanceActions target={target} />}
          <div className={styles.section}>
            <h3>Log</h3>
            {ti.attempts.length === 0 && <p className="muted">No attempt yet.</p>}
            {attempt && (
              <>
                {tryNumber !== null && !named && <p className="muted small">There is no try {tryNumber}: showing the latest.</p>}
                <TryTabs
                  tries={ti.attempts.map((item) => ({ number: item.try_number, state: item.state }))}
                  maxTries={ti.max_tries}
                  selected={attempt.try_number}
                  onSelect={onTrySelect}
                >
                  {attempt.error && <p className="form-error small">{attempt.error}</p>}
                  <LogViewer
                    key={attempt.try_number}
                    workspace={workspace}
                    {...target}
                    tryNumber={attempt.try_number}
                    live={attempt.state === 'running'}
                    header={`Try ${tryCount(attempt.try_number, ti.max_tries)}`}
                    // A line means a line of the try the URL names; another try's log starts at its top.
                    line={named || tryNumber === null ? line : null}
                    onLineSelect={(selected) => onLineSelect(attempt.try_number, selected)}
                  />
                </TryTabs>
              </>
            )}
          </div>
          <div className={styles.section}>
            <h3>Rendered template fields</h3>
            <pre className={styles.pre}>{ti.rendered_fields}</pre>
          </div>
          <div className={styles.section}>
            <h3>Output (XCom)</h3>
            <pre className={styles.pre}>{ti.output}</pre>
          </div>
        </>
      )}
    </aside>
  );
}

type TFacts = { state: string; operator: string; airflow_operator: string | null; logical_date: string; queued_at: string | null; start_date: string | null; end_date: string | null; duration: number | null; try_number: number; max_tries: number };

function Facts({ ti }: { ti: TFacts }) {
  const formatTime = useFormatTime();
  return (
    <dl className={styles.facts}>
      <dt>State</dt><dd><StateBadge state={ti.state} /></dd>
      <dt>Operator</dt><dd>{ti.operator}{ti.airflow_operator ? ` (from Airflow's ${ti.airflow_operator})` : ''}</dd>
      <dt>Logical date</dt><dd>{formatTime(ti.logical_date)}</dd>
      <dt>Queued</dt><dd>{formatTime(ti.queued_at)}</dd>
      <dt>Start</dt><dd>{formatTime(ti.start_date)}</dd>
      <dt>End</dt><dd>{formatTime(ti.end_date)}</dd>
      <dt>Duration</dt><dd>{formatDuration(ti.duration)}</dd>
      <dt>Try</dt><dd>{tryCount(ti.try_number, ti.max_tries)}</dd>
    </dl>
  );
}
