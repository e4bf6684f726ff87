'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { fieldErrorProps, fieldErrorsOf } from '../../../components/field-errors';
import { datasetHref } from '../../../components/links';
import { useToast } from '../../../components/toast';
import { useTRPC } from '../../../trpc-provider';
import styles from './register-dataset.module.css';

const LABELS = { conn_id: 'Connection', table: 'Table' } as const;

/**
 * Registers a table no deployed task names yet (editor and up; a viewer sees the button
 * disabled, saying why). The new dataset opens from the toast: the list stays where it was.
 */
export function RegisterDatasetForm({ canEdit }: { canEdit: boolean }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)} disabled={!canEdit} title={canEdit ? undefined : 'Editors and above register datasets'}>Register dataset…</button>
        {!canEdit && <span className="muted small"> Editors and above register datasets.</span>}
      </p>
    );
  }
  return <RegisterForm onClose={() => setOpen(false)} />;
}

function RegisterForm({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { workspace } = useParams<{ workspace: string }>();
  const connections = useQuery(trpc.settings.connections.list.queryOptions({ limit: 100 }));
  const [connId, setConnId] = useState('');
  const [table, setTable] = useState('');
  const register = useMutation(trpc.datasets.register.mutationOptions({
    onSuccess: (id, input) => {
      void queryClient.invalidateQueries({ queryKey: trpc.datasets.list.pathKey() });
      toast.success('Dataset registered', { description: `${input.conn_id}.${input.table}`, link: { href: datasetHref(workspace, id), label: 'Open dataset' } });
      onClose();
    },
  }));
  const errors = fieldErrorsOf(register.error, LABELS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate({ conn_id: connId, table });
  };
  const choices = connections.data?.connections ?? [];
  return (
    <form className={`panel ${styles.form}`} onSubmit={submit} aria-label="Register dataset">
      <label htmlFor="register-conn">Connection</label>
      <div>
        <select id="register-conn" value={connId} onChange={(event) => setConnId(event.target.value)} {...fieldErrorProps(errors, 'conn_id', 'register-conn')}>
          <option value="">{connections.isPending ? 'Loading connections…' : 'Choose a connection'}</option>
          {choices.map((connection) => <option key={connection.connId} value={connection.connId}>{connection.connId}</option>)}
        </select>
        {errors.fields.conn_id && <p id="register-conn-error" className="form-error">{errors.fields.conn_id}</p>}
        {connections.data && choices.length === 0 && <p className="muted small">This workspace has no connections yet: add one in Settings.</p>}
      </div>
      <label htmlFor="register-table">Table</label>
      <div>
        <input id="register-table" value={table} placeholder="public.orders" onChange={(event) => setTable(event.target.value)} {...fieldErrorProps(errors, 'table', 'register-table')} />
        {errors.fields.table && <p id="register-table-error" className="form-error">{errors.fields.table}</p>}
      </div>
      {errors.other.map((message) => <p key={message} role="alert" className={`form-error ${styles.whole}`}>{message}</p>)}
      <div className={styles.whole}>
        <button type="submit" className="button-primary" disabled={register.isPending}>Register</button>{' '}
        <button type="button" onClick={onClose}>Cancel</button>
      </div>
    </form>
  );
}
