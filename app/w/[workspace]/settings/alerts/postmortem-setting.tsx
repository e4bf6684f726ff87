'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldErrorProps, fieldErrorsOf } from '@/app/components/field-errors';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { FieldError, MutationError } from '../mutation-error';
import styles from './alerts.module.css';

/** "Post-mortem required after N minutes": incidents open longer are flagged until one is written. */
export function PostmortemSetting({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.alertChannels.postmortemThreshold.queryOptions());
  return (
    <section aria-labelledby="postmortem-heading" className={styles.section}>
      <h2 id="postmortem-heading" className={styles.heading}>Post-mortems</h2>
      {query.isError && <p role="alert" className="form-error">{query.error.message}</p>}
      {query.data && (canEdit
        ? <ThresholdForm key={query.data.postmortemAfterMinutes} minutes={query.data.postmortemAfterMinutes} />
        : <p>A post-mortem is required for incidents open longer than {query.data.postmortemAfterMinutes} minutes.</p>)}
    </section>
  );
}

function ThresholdForm({ minutes }: { minutes: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [text, setText] = useState(String(minutes));
  const save = useMutation(trpc.alertChannels.setPostmortemThreshold.mutationOptions({
    onSuccess: async (saved) => {
      toast.success(`Post-mortem required after ${saved.postmortemAfterMinutes} minutes`);
      await queryClient.invalidateQueries({ queryKey: trpc.alertChannels.postmortemThreshold.queryKey() });
    },
  }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ postmortemAfterMinutes: Number(text) });
  };
  const errors = fieldErrorsOf(save.error, { postmortemAfterMinutes: 'Minutes' });
  return (
    <form className={styles.inlineForm} onSubmit={submit} aria-label="Post-mortem threshold">
      <label htmlFor="postmortem-minutes">Post-mortem required after</label>
      <input id="postmortem-minutes" type="number" min={1} step={1} value={text} onChange={(event) => setText(event.target.value)} className={styles.minutes} {...fieldErrorProps(errors, 'postmortemAfterMinutes', 'postmortem-minutes')} />
      <span>minutes open</span>
      <button type="submit" disabled={save.isPending || text === String(minutes)}>Save</button>
      <FieldError errors={errors} field="postmortemAfterMinutes" inputId="postmortem-minutes" />
      <MutationError error={save.error} errors={errors} />
    </form>
  );
}
