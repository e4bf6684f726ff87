'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldErrorsOf } from '@/app/components/field-errors';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { MutationError } from '../mutation-error';
import styles from '../settings.module.css';

/** Slack's member ids, as the server checks them: alerts mention the DAG's owner as <@U…>. */
const SLACK_ID = /^[UW][A-Z0-9]{2,}$/;

/** Every member's Slack user id, by user id (one query for the whole table). */
export function useSlackUserIds(): Record<string, string | null> | undefined {
  const trpc = useTRPC();
  return useQuery(trpc.alertChannels.slackUserIds.queryOptions()).data;
}

/** A member's Slack user id: editable by the member and by admins, read-only text for the rest. */
export function SlackUserIdCell({ userId, email, value, canEdit }: { userId: string; email: string; value: string | null; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  if (editing) return <SlackUserIdForm userId={userId} email={email} value={value} onDone={() => setEditing(false)} />;
  return (
    <span className={styles.rowActions}>
      {value === null ? <span className="muted">not linked</span> : <code>{value}</code>}
      {canEdit && <button type="button" aria-label={`Edit Slack user id of ${email}`} onClick={() => setEditing(true)}>{value === null ? 'Link' : 'Edit'}</button>}
    </span>
  );
}

function SlackUserIdForm({ userId, email, value, onDone }: { userId: string; email: string; value: string | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [text, setText] = useState(value ?? '');
  const save = useMutation(trpc.alertChannels.setSlackUserId.mutationOptions({
    onSuccess: async (saved) => {
      toast.success(saved.slackUserId === null ? `${email} unlinked from Slack` : `${email} is ${saved.slackUserId} on Slack`);
      await queryClient.invalidateQueries({ queryKey: trpc.alertChannels.slackUserIds.queryKey() });
      onDone();
    },
  }));
  const trimmed = text.trim();
  const typingError = trimmed !== '' && !SLACK_ID.test(trimmed) ? 'A Slack member id looks like U024BE7LH (Profile → ⋮ → Copy member ID).' : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typingError === null) save.mutate({ userId, slackUserId: trimmed === '' ? null : trimmed });
  };
  const errors = fieldErrorsOf(save.error, {});
  const id = `slack-${userId}`;
  return (
    <form onSubmit={submit} className={styles.rowActions} aria-label={`Slack user id of ${email}`}>
      <input id={id} aria-label={`Slack user id of ${email}`} value={text} placeholder="U024BE7LH" size={12} onChange={(event) => setText(event.target.value)}
        aria-invalid={typingError !== null} aria-describedby={typingError === null ? undefined : `${id}-error`} />
      <button type="submit" disabled={save.isPending || typingError !== null}>Save</button>
      <button type="button" onClick={onDone}>Cancel</button>
      {typingError && <p id={`${id}-error`} className="form-error small">{typingError}</p>}
      <MutationError error={save.error} errors={errors} />
    </form>
  );
}
