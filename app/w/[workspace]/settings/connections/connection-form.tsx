'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldErrorProps, fieldErrorsOf, type TFieldErrors } from '@/app/components/field-errors';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { FieldError, MutationError } from '../mutation-error';
import styles from './connection-form.module.css';

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

/** The port a type uses when the field is left empty (the worker applies it; the form shows it). */
const DEFAULT_PORTS: Record<string, string> = { postgres: '5432', mysql: '3306', redis: '6379' };

/** The input's field names and the labels its messages name them by. */
const FIELD_LABELS: Record<string, string> = {
  connId: 'Conn id', connType: 'Conn type', ...Object.fromEntries(TEXT_FIELDS), port: 'Port', password: 'Password', extra: 'Extra',
};

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
  const toast = useToast();
  const options = { onSuccess: async () => { toast.success(editing ? `Connection ${connId} saved` : `Connection ${connId} created`); await queryClient.invalidateQueries(); onDone(); } };
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
  const errors = fieldErrorsOf(save.error, FIELD_LABELS);
  return (
    <form className={`panel ${styles.form}`} onSubmit={submit} aria-label={editing ? `Edit connection ${editing.connId}` : 'New connection'}>
      <label htmlFor="conn-id">Conn id</label>
      <input id="conn-id" value={connId} onChange={(event) => setConnId(event.target.value)} required readOnly={editing !== null} {...fieldErrorProps(errors, 'connId', 'conn-id')} />
      <FieldError errors={errors} field="connId" inputId="conn-id" className={styles.fieldError} />
      <label htmlFor="conn-type">Conn type</label>
      <select id="conn-type" value={connType} onChange={(event) => setConnType(event.target.value)} {...fieldErrorProps(errors, 'connType', 'conn-type')}>
        {['postgres', 'mysql', 'redis', 's3', 'http', 'https', 'generic'].map((type) => <option key={type} value={type}>{type}</option>)}
      </select>
      <FieldError errors={errors} field="connType" inputId="conn-type" className={styles.fieldError} />
      {TEXT_FIELDS.map(([field, label]) => (
        <FieldRow key={field} field={field} label={label} errors={errors} value={text[field]} onChange={(value) => setText({ ...text, [field]: value })} />
      ))}
      <label htmlFor="conn-port">Port</label>
      <input id="conn-port" type="number" min={1} max={65535} value={port} placeholder={DEFAULT_PORTS[connType] ?? ''} onChange={(event) => setPort(event.target.value)} {...fieldErrorProps(errors, 'port', 'conn-port')} />
      <FieldError errors={errors} field="port" inputId="conn-port" className={styles.fieldError} />
      <label htmlFor="conn-password">Password</label>
      {changingPassword ? (
        <input id="conn-password" type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} {...fieldErrorProps(errors, 'password', 'conn-password')} />
      ) : (
        <span>
          <span id="conn-password" aria-label="Password is set">••••</span>{' '}
          <button type="button" onClick={() => setChangingPassword(true)}>Change password</button>
        </span>
      )}
      <FieldError errors={errors} field="password" inputId="conn-password" className={styles.fieldError} />
      <label htmlFor="conn-extra">Extra (JSON)</label>
      <textarea
        id="conn-extra"
        value={extra}
        onChange={(event) => setExtra(event.target.value)}
        {...(extraError === null ? fieldErrorProps(errors, 'extra', 'conn-extra') : { 'aria-invalid': true, 'aria-describedby': 'conn-extra-error' })}
      />
      {extraError ? <p id="conn-extra-error" role="alert" className={`form-error ${styles.fieldError}`}>{extraError}</p> : <FieldError errors={errors} field="extra" inputId="conn-extra" className={styles.fieldError} />}
      <div className={styles.actions}>
        <button type="submit" className="button-primary" disabled={save.isPending}>{editing ? 'Save connection' : 'Add connection'}</button>
        {editing && <button type="button" onClick={onDone}>Cancel</button>}
      </div>
      <MutationError error={save.error} errors={errors} className={styles.formMessages} />
    </form>
  );
}

function FieldRow({ field, label, errors, value, onChange }: { field: TTextField; label: string; errors: TFieldErrors; value: string; onChange: (value: string) => void }) {
  const id = `conn-${field}`;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(event) => onChange(event.target.value)} {...fieldErrorProps(errors, field, id)} />
      <FieldError errors={errors} field={field} inputId={id} className={styles.fieldError} />
    </>
  );
}
