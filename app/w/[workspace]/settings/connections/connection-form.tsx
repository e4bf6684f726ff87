'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../../../trpc-provider';
import { MutationError } from '../mutation-error';
import styles from '../settings.module.css';

export type TConnectionRow = {
  connId: string;
  connType: string;
  description: string | null;
  host: string | null;
  port: number | null;
  login: string | null;
  schema: string | null;
  extra: Record<string, unknown> | null;
  hasPassword: boolean;
};

const TEXT_FIELDS = [['description', 'Description'], ['host', 'Host'], ['login', 'Login'], ['schema', 'Schema']] as const;
type TTextField = (typeof TEXT_FIELDS)[number][0];

function parseExtra(text: string): { ok: true; value: Record<string, unknown> | null } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false };
    return { ok: true, value: value as Record<string, unknown> };
  } catch {
    return { ok: false };
  }
}

/** Create or edit a connection. The password is write-only: an edit sends one only when changed. */
export function ConnectionForm({ editing, onDone }: { editing: TConnectionRow | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [connId, setConnId] = useState(editing?.connId ?? '');
  const [connType, setConnType] = useState(editing?.connType ?? 'postgres');
  const [text, setText] = useState<Record<TTextField, string>>({
    description: editing?.description ?? '', host: editing?.host ?? '', login: editing?.login ?? '', schema: editing?.schema ?? '',
  });
  const [port, setPort] = useState(editing?.port === null || editing?.port === undefined ? '' : String(editing.port));
  const [extra, setExtra] = useState(editing?.extra ? JSON.stringify(editing.extra, null, 2) : '');
  const [changingPassword, setChangingPassword] = useState(!editing?.hasPassword);
  const [password, setPassword] = useState('');
  const [extraError, setExtraError] = useState<string | null>(null);
  const options = { onSuccess: async () => { await queryClient.invalidateQueries(); onDone(); } };
  const create = useMutation(trpc.settings.connections.create.mutationOptions(options));
  const update = useMutation(trpc.settings.connections.update.mutationOptions(options));
  const save = editing ? update : create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseExtra(extra);
    if (!parsed.ok) return setExtraError('Extra must be a JSON object, for example {"sslmode": "require"}.');
    setExtraError(null);
    save.mutate({
      connId, connType, ...text, port: port === '' ? null : Number(port), extra: parsed.value,
      // Unchanged on edit: absent keeps the stored password.
      password: changingPassword ? password || null : undefined,
    });
  };
  return (
    <form className={`panel ${styles.form}`} onSubmit={submit} aria-label={editing ? `Edit connection ${editing.connId}` : 'New connection'}>
      <label htmlFor="conn-id">Conn id</label>
      <input id="conn-id" value={connId} onChange={(event) => setConnId(event.target.value)} required readOnly={editing !== null} />
      <label htmlFor="conn-type">Conn type</label>
      <select id="conn-type" value={connType} onChange={(event) => setConnType(event.target.value)}>
        {['postgres', 'http', 'https', 'generic'].map((type) => <option key={type} value={type}>{type}</option>)}
      </select>
      {TEXT_FIELDS.map(([field, label]) => (
        <FieldRow key={field} id={`conn-${field}`} label={label} value={text[field]} onChange={(value) => setText({ ...text, [field]: value })} />
      ))}
      <label htmlFor="conn-port">Port</label>
      <input id="conn-port" type="number" min={1} max={65535} value={port} onChange={(event) => setPort(event.target.value)} />
      <label htmlFor="conn-password">Password</label>
      {changingPassword ? (
        <input id="conn-password" type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      ) : (
        <span>
          <span id="conn-password" aria-label="Password is set">••••</span>{' '}
          <button type="button" onClick={() => setChangingPassword(true)}>Change password</button>
        </span>
      )}
      <label htmlFor="conn-extra">Extra (JSON)</label>
      <textarea id="conn-extra" value={extra} onChange={(event) => setExtra(event.target.value)} aria-invalid={extraError !== null} />
      <div className={styles.actions}>
        <button type="submit" className="button-primary" disabled={save.isPending}>{editing ? 'Save connection' : 'Add connection'}</button>
        {editing && <button type="button" onClick={onDone}>Cancel</button>}
      </div>
      {extraError && <p role="alert" className="form-error">{extraError}</p>}
      <MutationError error={save.error} />
    </form>
  );
}

function FieldRow({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(event) => onChange(event.target.value)} />
    </>
  );
}
