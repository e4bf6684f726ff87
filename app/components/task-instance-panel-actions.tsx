'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '../trpc-provider';
import { taskHref } from './links';
import { useToast } from './toast';
import { ClearVersionChoice, pickOf, type TClearVersionPick, useClearVersions } from './clear-version-choice';
import type { TTaskInstanceKey } from './task-instance-key';
import styles from './task-instance-panel.module.css';

type TClearOptions = { includeDownstream: boolean; includeUpstream: boolean; onlyFailed: boolean };

/** Clear (dry run first, then Confirm), Mark success and Mark failed: shown to editors only. */
export function TaskInstanceActions({ target }: { target: TTaskInstanceKey }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [clearing, setClearing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });
  const toast = useToast();
  const { workspace } = useParams<{ workspace: string }>();
  const link = { href: taskHref(workspace, target.dagId, target.runId, target.taskId), label: 'Open task instance' };
  const mark = useMutation(trpc.runs.setTaskInstanceState.mutationOptions({
    onSuccess: (moved, input) => {
      if (moved.length > 0) toast.success(`${target.taskId} marked ${input.newState}`, { link });
      return refresh();
    },
  }));
  return (
    <div className={styles.section}>
      <div className={styles.actions}>
        <button type="button" aria-expanded={clearing} onClick={() => setClearing(!clearing)}>Clear…</button>
        <button type="button" disabled={mark.isPending} onClick={() => mark.mutate({ ...target, newState: 'success' })}>Mark success</button>
        <button type="button" disabled={mark.isPending} onClick={() => mark.mutate({ ...target, newState: 'failed' })}>Mark failed</button>
      </div>
      {mark.isError && <p role="alert" className="form-error">{mark.error.message}</p>}
      {mark.isSuccess && mark.data.length === 0 && <p className="muted small">Nothing changed: the task instance cannot move to that state from its current one.</p>}
      {clearing && <ClearForm target={target} onDone={(cleared) => { setClearing(false); toast.success(`Cleared ${cleared} task ${cleared === 1 ? 'instance' : 'instances'}`, { link }); void refresh(); }} />}
    </div>
  );
}

function ClearForm({ target, onDone }: { target: TTaskInstanceKey; onDone: (cleared: number) => void }) {
  const trpc = useTRPC();
  const [options, setOptions] = useState<TClearOptions>({ includeDownstream: true, includeUpstream: false, onlyFailed: false });
  const dryRun = useMutation(trpc.runs.clear.mutationOptions());
  const confirm = useMutation(trpc.runs.clear.mutationOptions({ onSuccess: (cleared) => onDone(cleared.length) }));
  const toggle = (key: keyof TClearOptions) => {
    setOptions({ ...options, [key]: !options[key] });
    dryRun.reset();
  };
  const error = dryRun.error ?? confirm.error;
  return (
    <fieldset className={styles.clear}>
      <legend>Clear {target.taskId}</legend>
      <label><input type="checkbox" checked={options.includeDownstream} onChange={() => toggle('includeDownstream')} /> Downstream</label>
      <label><input type="checkbox" checked={options.includeUpstream} onChange={() => toggle('includeUpstream')} /> Upstream</label>
      <label><input type="checkbox" checked={options.onlyFailed} onChange={() => toggle('onlyFailed')} /> Only failed</label>
      {!dryRun.data && (
        <button type="button" disabled={dryRun.isPending} onClick={() => dryRun.mutate({ ...target, ...options, dryRun: true })}>Preview what will be cleared</button>
      )}
      {dryRun.data && <ClearPreview run={target} items={dryRun.data} pending={confirm.isPending} onConfirm={(pick) => confirm.mutate({ ...target, ...options, dryRun: false, ...pick })} />}
      {error && <p role="alert" className="form-error">{error.message}</p>}
    </fieldset>
  );
}

type TClearedItem = { task_id: string; run_id: string; state: string | null };

type TPreviewProps = {
  run: { dagId: string; runId: string };
  items: readonly TClearedItem[];
  pending: boolean;
  onConfirm: (pick: TClearVersionPick) => void;
};

/**
 * What a dry run of Clear found, the version it will run on (the latest when it differs and has
 * every task cleared, else the run's pinned one; see domain/dag/clear-version.ts), and Confirm;
 * "nothing to clear" when it found nothing. Confirm waits for the versions, so it never runs
 * one the dialog did not name.
 */
export function ClearPreview({ run, items, pending, onConfirm }: TPreviewProps) {
  const { versions, error } = useClearVersions(run, [...new Set(items.map((ti) => ti.task_id))]);
  const [chosen, setChosen] = useState<'latest' | 'pinned' | null>(null);
  if (items.length === 0) return <p className="muted small">Nothing to clear with these options.</p>;
  const choice = chosen ?? versions?.suggestion.suggested ?? 'pinned';
  return (
    <>
      <p className="small">These task instances will be cleared and run again:</p>
      <ul aria-label="Task instances to clear" className="small">
        {items.map((ti) => <li key={`${ti.run_id}/${ti.task_id}`}>{ti.task_id} ({ti.state ?? 'no state'})</li>)}
      </ul>
      {versions && <ClearVersionChoice versions={versions} choice={choice} onChange={setChosen} />}
      {error && <p role="alert" className="form-error">{error.message}</p>}
      <button type="button" className="button-primary" disabled={pending || !versions} onClick={() => versions && onConfirm(pickOf(versions, choice))}>Confirm</button>
    </>
  );
}
