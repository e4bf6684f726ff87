'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '../trpc-provider';
import { runHref } from './links';
import { useToast } from './toast';
import { formatDuration, secondsBetween } from './format-time';
import { useFormatTime } from './time-zone-context';
import { notFoundRetry, NotFoundMessage } from './not-found-message';
import { RunNote } from './panel-notes';
import { StateBadge } from './state-badge';
import { ClearPreview } from './task-instance-panel-actions';
import styles from './task-instance-panel.module.css';
import { useEscape } from './use-escape';

export type TRunKey = { dagId: string; runId: string };

const POLL_MS = 2_000;

/** A side panel on one DAG run: its dates, conf, version, its tasks' states, and run-wide actions. */
export function RunPanel({ target, canEdit, onClose }: { target: TRunKey; canEdit: boolean; onClose: () => void }) {
  const formatTime = useFormatTime();
  const trpc = useTRPC();
  const closeRef = useEscape(onClose);
  const query = useQuery({
    ...trpc.runs.run.queryOptions(target),
    retry: notFoundRetry,
    refetchInterval: (current) => (current.state.data?.state === 'queued' || current.state.data?.state === 'running' ? POLL_MS : false),
  });
  const run = query.data;
  return (
    <aside className={styles.panel} aria-label={`Run ${target.runId}`}>
      <div className={styles.head}>
        <h2>{target.runId}</h2>
        <button type="button" ref={closeRef} onClick={onClose} aria-label="Close the panel (Escape)">Close</button>
      </div>
      {query.isError && <NotFoundMessage error={query.error} what={`Run ${target.runId} of ${target.dagId}`} />}
      {run && (
        <>
          <dl className={styles.facts}>
            <dt>State</dt><dd><StateBadge state={run.state} /></dd>
            <dt>Type</dt><dd>{run.run_type}</dd>
            <dt>Logical date</dt><dd>{formatTime(run.logical_date)}</dd>
            <dt>Data interval</dt><dd>{formatTime(run.data_interval_start)} → {formatTime(run.data_interval_end)}</dd>
            <dt>Queued</dt><dd>{formatTime(run.queued_at)}</dd>
            <dt>Start</dt><dd>{formatTime(run.start_date)}</dd>
            <dt>End</dt><dd>{formatTime(run.end_date)}</dd>
            <dt>Duration</dt><dd>{formatDuration(secondsBetween(run.start_date, run.end_date))}</dd>
            <dt>Version</dt><dd>v{run.dag_version}</dd>
            <dt>Cleared</dt><dd>{run.clear_number === 0 ? 'never' : `${run.clear_number} time${run.clear_number === 1 ? '' : 's'}`}</dd>
          </dl>
          <RunNote target={target} note={run.note} canEdit={canEdit} />
          <div className={styles.section}>
            <h3>Task instances</h3>
            <ul aria-label="Task instances by state" className={styles.actions}>
              {run.task_states.map(({ state, count }) => <li key={state}><StateBadge state={state} /> {count}</li>)}
            </ul>
          </div>
          {canEdit && <RunActions target={target} />}
          <div className={styles.section}>
            <h3>Conf</h3>
            <pre className={styles.pre}>{run.conf}</pre>
          </div>
        </>
      )}
    </aside>
  );
}

/** Clear the run (all or only failed, with a dry run first), Mark success, Mark failed. */
function RunActions({ target }: { target: TRunKey }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });
  const [clearing, setClearing] = useState(false);
  const [onlyFailed, setOnlyFailed] = useState(true);
  const toast = useToast();
  const { workspace } = useParams<{ workspace: string }>();
  const link = { href: runHref(workspace, target.dagId, target.runId), label: 'Open run' };
  const mark = useMutation(trpc.runs.setRunState.mutationOptions({ onSuccess: (run) => { toast.success(`Run ${run.run_id} marked ${run.state}`, { link }); return refresh(); } }));
  const dryRun = useMutation(trpc.runs.clearRun.mutationOptions());
  const confirm = useMutation(trpc.runs.clearRun.mutationOptions({ onSuccess: (cleared) => { toast.success(`Run ${target.runId} cleared: ${cleared.length} task ${cleared.length === 1 ? 'instance' : 'instances'} to run again`, { link }); setClearing(false); dryRun.reset(); void refresh(); } }));
  const error = mark.error ?? dryRun.error ?? confirm.error;
  return (
    <div className={styles.section}>
      <div className={styles.actions}>
        <button type="button" aria-expanded={clearing} onClick={() => { setClearing(!clearing); dryRun.reset(); }}>Clear run…</button>
        <button type="button" disabled={mark.isPending} onClick={() => mark.mutate({ ...target, state: 'success' })}>Mark run success</button>
        <button type="button" disabled={mark.isPending} onClick={() => mark.mutate({ ...target, state: 'failed' })}>Mark run failed</button>
      </div>
      {clearing && (
        <fieldset className={styles.clear}>
          <legend>Clear {target.runId}</legend>
          <label><input type="checkbox" checked={onlyFailed} onChange={() => { setOnlyFailed(!onlyFailed); dryRun.reset(); }} /> Only failed tasks</label>
          {!dryRun.data && (
            <button type="button" disabled={dryRun.isPending} onClick={() => dryRun.mutate({ ...target, onlyFailed, dryRun: true })}>Preview what will be cleared</button>
          )}
          {dryRun.data && <ClearPreview run={target} items={dryRun.data} pending={confirm.isPending} onConfirm={(pick) => confirm.mutate({ ...target, onlyFailed, dryRun: false, ...pick })} />}
        </fieldset>
      )}
      {error && <p role="alert" className="form-error">{error.message}</p>}
    </div>
  );
}
