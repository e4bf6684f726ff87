'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams, useRouter } from 'next/navigation';
import { Dialog } from 'radix-ui';
import { useRef, useState, type FormEvent } from 'react';
import { runHref } from '../../../../components/links';
import { ModalDialog } from '../../../../components/modal-dialog';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import styles from './dag-page.module.css';

type TConf = { conf: Record<string, unknown> } | { error: string };

/** The conf textarea's JSON: an object, or the reason it is not one. */
export function parseConf(text: string): TConf {
  if (!text.trim()) return { conf: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'conf must be a JSON object, like {"key": "value"}.' };
    return { conf: value as Record<string, unknown> };
  } catch (error) {
    return { error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Trigger a manual run: an optional logical date (UTC) and conf as JSON. A paused DAG's run
 * waits until the DAG is unpaused, as in Airflow: the dialog says so and offers to unpause.
 */
export function TriggerDialog({ dagId, isPaused, onClose }: { dagId: string; isPaused: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { workspace } = useParams<{ workspace: string }>();
  // Set by "Unpause and trigger" before its run is triggered: that run does not wait.
  const unpaused = useRef(false);
  const unpause = useMutation(trpc.dags.setPaused.mutationOptions({
    onSuccess: () => { toast.success(`${dagId} unpaused`); router.refresh(); },
  }));
  const [logicalDate, setLogicalDate] = useState('');
  const [confText, setConfText] = useState('{}');
  const parsed = parseConf(confText);
  const mutation = useMutation(
    trpc.runs.trigger.mutationOptions({
      onSuccess: async (run) => {
        const waits = isPaused && !unpaused.current;
        toast.success(`Run ${run.run_id} triggered`, {
          description: waits ? 'Queued: it waits until you unpause the DAG.' : undefined,
          link: { href: runHref(workspace, dagId, run.run_id), label: 'Open run' },
        });
        await queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });
        onClose();
      },
    }),
  );
  const trigger = () => mutation.mutate({ dagId, conf: 'conf' in parsed ? parsed.conf : {}, logicalDate: logicalDate ? new Date(`${logicalDate}Z`).toISOString() : undefined });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if ('error' in parsed) return;
    trigger();
  };
  const unpauseAndTrigger = () => {
    if ('error' in parsed) return;
    unpause.mutate({ dagId, isPaused: false }, { onSuccess: () => { unpaused.current = true; trigger(); } });
  };
  return (
    <ModalDialog title={`Trigger ${dagId}`} description="A manual run, at the logical date you choose or now." onClose={onClose}>
      <form className={styles.form} onSubmit={submit}>
        <label>
          Logical date (UTC, optional: now when empty)
          <input type="datetime-local" value={logicalDate} onChange={(event) => setLogicalDate(event.target.value)} />
        </label>
        <label>
          Conf (JSON)
          <textarea value={confText} spellCheck={false} aria-invalid={'error' in parsed} onChange={(event) => setConfText(event.target.value)} />
        </label>
        {isPaused && <p role="note" className="muted">Paused: this run will wait until you unpause the DAG.</p>}
        {'error' in parsed && <p role="alert" className="form-error">{parsed.error}</p>}
        {mutation.isError && <p role="alert" className="form-error">{mutation.error.message}</p>}
        {unpause.isError && <p role="alert" className="form-error">{unpause.error.message}</p>}
        <div className={styles.buttons}>
          <Dialog.Close asChild><button type="button">Cancel</button></Dialog.Close>
          {isPaused && (
            <button type="button" disabled={'error' in parsed || mutation.isPending || unpause.isPending} onClick={unpauseAndTrigger}>
              Unpause and trigger
            </button>
          )}
          <button type="submit" className="button-primary" disabled={'error' in parsed || mutation.isPending}>Trigger run</button>
        </div>
      </form>
    </ModalDialog>
  );
}
