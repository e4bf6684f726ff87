'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { hasRole, type TRole } from '@/server/domain/members/roles';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { MutationError, ReadOnlyNotice } from '../mutation-error';
import styles from '../settings.module.css';

type TVariable = { key: string; value: string; description: string | null };

export function VariablesPanel({ role }: { role: TRole }) {
  const trpc = useTRPC();
  const canEdit = hasRole(role, 'editor');
  const [editing, setEditing] = useState<TVariable | null>(null);
  // A new key after each save or cancel remounts the form empty (and forgets a typed password).
  const [formVersion, setFormVersion] = useState(0);
  const query = useQuery(trpc.settings.variables.list.queryOptions({ limit: 100 }));
  return (
    <section aria-label="Variables">
      {!canEdit && <ReadOnlyNotice needs="editor" />}
      {canEdit && <VariableForm key={`${editing?.key ?? 'new'}-${formVersion}`} editing={editing} onDone={() => { setEditing(null); setFormVersion((version) => version + 1); }} />}
      {query.isError && <p role="alert" className="form-error">{query.error.message}</p>}
      {query.data && query.data.total === 0 && <p className="panel">No variables yet.</p>}
      {query.data && query.data.total > 0 && (
        <table>
          <thead>
            <tr><th scope="col">Key</th><th scope="col">Value</th><th scope="col">Description</th>{canEdit && <th scope="col">Actions</th>}</tr>
          </thead>
          <tbody>
            {query.data.variables.map((variable) => (
              <tr key={variable.key}>
                <td><code>{variable.key}</code></td>
                <td><code>{variable.value}</code></td>
                <td>{variable.description ?? <span className="muted">—</span>}</td>
                {canEdit && <td><VariableActions variable={variable} onEdit={() => setEditing(variable)} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function VariableActions({ variable, onEdit }: { variable: TVariable; onEdit: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(trpc.settings.variables.delete.mutationOptions({ onSuccess: (_result, input) => { toast.success(`Variable ${input.key} deleted`); return queryClient.invalidateQueries(); } }));
  return (
    <div className={styles.rowActions}>
      <button type="button" onClick={onEdit}>Edit</button>
      <button
        type="button"
        disabled={remove.isPending}
        onClick={() => { if (window.confirm(`Delete variable ${variable.key}?`)) remove.mutate({ key: variable.key }); }}
      >Delete</button>
      <MutationError error={remove.error} />
    </div>
  );
}

function VariableForm({ editing, onDone }: { editing: TVariable | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A masked value is never sent back: left empty, the stored value stays.
  const masked = editing?.value === '***';
  const [key, setKey] = useState(editing?.key ?? '');
  const [value, setValue] = useState(editing && !masked ? editing.value : '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const toast = useToast();
  const save = useMutation(trpc.settings.variables.set.mutationOptions({
    onSuccess: async (_result, input) => {
      toast.success(`Variable ${input.key} ${input.mode === 'update' ? 'saved' : 'created'}`);
      await queryClient.invalidateQueries();
      onDone();
    },
  }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const keep = masked && value === '';
    save.mutate({ key, value: keep ? undefined : value, description, mode: editing ? 'update' : 'create' });
  };
  return (
    <form className={`panel ${styles.form}`} onSubmit={submit} aria-label={editing ? `Edit variable ${editing.key}` : 'New variable'}>
      <label htmlFor="variable-key">Key</label>
      <input id="variable-key" value={key} onChange={(event) => setKey(event.target.value)} required readOnly={editing !== null} />
      <label htmlFor="variable-value">Value</label>
      <textarea id="variable-value" value={value} onChange={(event) => setValue(event.target.value)} required={!masked} placeholder={masked ? 'secret: leave empty to keep' : undefined} />
      <label htmlFor="variable-description">Description</label>
      <input id="variable-description" value={description} onChange={(event) => setDescription(event.target.value)} />
      <div className={styles.actions}>
        <button type="submit" className="button-primary" disabled={save.isPending}>{editing ? 'Save variable' : 'Add variable'}</button>
        {editing && <button type="button" onClick={onDone}>Cancel</button>}
      </div>
      <MutationError error={save.error} />
    </form>
  );
}
