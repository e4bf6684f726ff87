'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../../../trpc-provider';
import styles from './dag-page.module.css';
import { useModal } from './use-modal';

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

/** Trigger a manual run: an optional logical date (UTC) and conf as JSON. */
export function TriggerDialog({ dagId, onClose }: { dagId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ref = useModal(onClose);
  const [logicalDate, setLogicalDate] = useState('');
  const [confText, setConfText] = useState('{}');
  const parsed = parseConf(confText);
  const mutation = useMutation(
    trpc.runs.trigger.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });
        ref.current?.close();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if ('error' in parsed) return;
    mutation.mutate({ dagId, conf: parsed.conf, logicalDate: logicalDate ? new Date(`${logicalDate}Z`).toISOString() : undefined });
  };
  return (
    <dialog ref={ref} className={styles.dialog} aria-labelledby="trigger-title">
      <h2 id="trigger-title">Trigger {dagId}</h2>
      <form className={styles.form} onSubmit={submit}>
        <label>
          Logical date (UTC, optional: now when empty)
          <input type="datetime-local" value={logicalDate} onChange={(event) => setLogicalDate(event.target.value)} />
        </label>
        <label>
          Conf (JSON)
          <textarea value={confText} spellCheck={false} aria-invalid={'error' in parsed} onChange={(event) => setConfText(event.target.value)} />
        </label>
        {'error' in parsed && <p role="alert" className="form-error">{parsed.error}</p>}
        {mutation.isError && <p role="alert" className="form-error">{mutation.error.message}</p>}
        <div className={styles.buttons}>
          <button type="button" onClick={() => ref.current?.close()}>Cancel</button>
          <button type="submit" className="button-primary" disabled={'error' in parsed || mutation.isPending}>Trigger run</button>
        </div>
      </form>
    </dialog>
  );
}
