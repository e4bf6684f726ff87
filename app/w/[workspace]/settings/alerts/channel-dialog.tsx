'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from 'radix-ui';
import { useState, type FormEvent } from 'react';
import { fieldErrorProps, fieldErrorsOf, type TCallError, type TFieldErrors } from '@/app/components/field-errors';
import { ModalDialog } from '@/app/components/modal-dialog';
import { ALERT_CHANNEL_FIELDS, ALERT_CHANNEL_TYPES, type TAlertChannelType } from '@/server/domain/alerts/alert-channel';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import { FieldError, MutationError } from '../mutation-error';
import styles from './alerts.module.css';
import { CHANNEL_FIELDS, CHANNEL_TYPE_LABELS, configFromForm, formFromConfig, type TChannelField } from './channel-fields';
import type { TChannelItem } from './channel-item';

/** The server names config problems `config.token`; the form's fields are `config_token`. */
function channelFieldErrors(error: TCallError, type: TAlertChannelType): TFieldErrors {
  const rename = (issues?: readonly { path: string; message: string }[]) => issues?.map((issue) => ({ ...issue, path: issue.path.replace(/^config\./, 'config_') }));
  const renamed = error && { ...error, data: error.data && { ...error.data, problems: rename(error.data.problems), zodIssues: rename(error.data.zodIssues) } };
  const labels = { name: 'Name', type: 'Type', config: 'Config', ...Object.fromEntries(CHANNEL_FIELDS[type].map((field) => [`config_${field.name}`, field.label])) };
  return fieldErrorsOf(renamed, labels);
}

/** While typing: the domain's own rule for a field that holds something (an empty secret on edit keeps the stored one). */
function liveError(type: TAlertChannelType, field: TChannelField, value: string): string | null {
  if (value.trim() === '') return null;
  const fields = ALERT_CHANNEL_FIELDS[type];
  const shape: Record<string, { safeParse: (input: unknown) => { success: boolean; error?: { issues: { message: string }[] } } }> = field.secret ? fields.secret.shape : fields.shown.shape;
  const input = configFromForm(type, { [field.name]: value })[field.name];
  const parsed = shape[field.name]?.safeParse(input);
  return parsed && !parsed.success ? `${field.label}: ${parsed.error?.issues[0]?.message ?? 'invalid'}` : null;
}

/** Add or edit a channel in a dialog; its fields follow the type. Secrets are write-only: empty keeps them. */
export function ChannelDialog({ editing, onClose }: { editing: TChannelItem | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(editing?.name ?? '');
  const [type, setType] = useState<TAlertChannelType>(editing?.type ?? 'slack');
  const [values, setValues] = useState<Record<string, string>>(() => formFromConfig(editing?.type ?? 'slack', editing?.config ?? {}));
  const [isDefault, setIsDefault] = useState(editing?.isDefault ?? false);
  const [isPaused, setIsPaused] = useState(editing?.isPaused ?? false);
  const options = {
    onSuccess: async () => {
      toast.success(editing ? `Alert channel ${name} saved` : `Alert channel ${name} added`, { description: 'Use Send test to check it reaches its destination.' });
      await queryClient.invalidateQueries({ queryKey: trpc.alertChannels.pathKey() });
      onClose();
    },
  };
  const create = useMutation(trpc.alertChannels.create.mutationOptions(options));
  const update = useMutation(trpc.alertChannels.update.mutationOptions(options));
  const save = editing ? update : create;
  // A stored secret belongs to the stored type: after a type change every secret must be typed again.
  const keepsSecrets = editing !== null && editing.type === type;

  const changeType = (next: TAlertChannelType) => {
    setType(next);
    setValues(formFromConfig(next, editing?.type === next ? editing.config : {}));
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const config = configFromForm(type, values);
    if (editing) update.mutate({ name, type: type === editing.type ? undefined : type, config, isDefault, isPaused });
    else create.mutate({ name, type, config, isDefault, isPaused });
  };
  const errors = channelFieldErrors(save.error, type);
  return (
    <ModalDialog
      title={editing ? `Edit alert channel ${editing.name}` : 'Add an alert channel'}
      description="Failure alerts, retries and recoveries go to the channels a DAG's rules name, and to the default channels."
      onClose={onClose}
    >
      <form className={styles.form} onSubmit={submit} aria-label={editing ? `Edit alert channel ${editing.name}` : 'New alert channel'}>
        <label htmlFor="channel-name">Name</label>
        <input id="channel-name" value={name} onChange={(event) => setName(event.target.value)} required readOnly={editing !== null} placeholder="data-oncall" {...fieldErrorProps(errors, 'name', 'channel-name')} />
        <FieldError errors={errors} field="name" inputId="channel-name" className={styles.fieldError} />
        <label htmlFor="channel-type">Type</label>
        <select id="channel-type" value={type} onChange={(event) => changeType(event.target.value as TAlertChannelType)} {...fieldErrorProps(errors, 'type', 'channel-type')}>
          {ALERT_CHANNEL_TYPES.map((option) => <option key={option} value={option}>{CHANNEL_TYPE_LABELS[option]}</option>)}
        </select>
        <FieldError errors={errors} field="type" inputId="channel-type" className={styles.fieldError} />
        {CHANNEL_FIELDS[type].map((field) => (
          <ConfigField key={`${type}-${field.name}`} type={type} field={field} value={values[field.name] ?? ''} errors={errors} keepsSecret={keepsSecrets && (editing?.secretsSet.includes(field.name) ?? false)}
            onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))} />
        ))}
        <span />
        <label className={styles.check}><input type="checkbox" checked={isDefault} onChange={(event) => setIsDefault(event.target.checked)} /> Default channel (rules that say <code>default</code>, and failures of DAGs without rules)</label>
        <span />
        <label className={styles.check}><input type="checkbox" checked={isPaused} onChange={(event) => setIsPaused(event.target.checked)} /> Paused (sends nothing; deliveries are recorded as skipped)</label>
        <MutationError error={save.error} errors={errors} className={styles.formMessages} />
        <div className={styles.actions}>
          <Dialog.Close asChild><button type="button">Cancel</button></Dialog.Close>
          <button type="submit" className="button-primary" disabled={save.isPending}>{editing ? 'Save channel' : 'Add channel'}</button>
        </div>
      </form>
    </ModalDialog>
  );
}

type TConfigFieldProps = { type: TAlertChannelType; field: TChannelField; value: string; errors: TFieldErrors; keepsSecret: boolean; onChange: (value: string) => void };

function ConfigField({ type, field, value, errors, keepsSecret, onChange }: TConfigFieldProps) {
  const id = `channel-${field.name}`;
  const key = `config_${field.name}`;
  // The server's message wins; until the form is sent, the field's own rule speaks while typing.
  const live = errors.fields[key] === undefined ? liveError(type, field, value) : null;
  const shown: TFieldErrors = live === null ? errors : { ...errors, fields: { ...errors.fields, [key]: live } };
  const hint = keepsSecret ? 'Set. Leave empty to keep it; type a new one to replace it.' : field.hint;
  return (
    <>
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        type={field.secret ? 'password' : 'text'}
        autoComplete={field.secret ? 'new-password' : 'off'}
        value={value}
        placeholder={keepsSecret ? 'leave empty to keep' : field.placeholder}
        onChange={(event) => onChange(event.target.value)}
        {...fieldErrorProps(shown, key, id)}
      />
      <FieldError errors={shown} field={key} inputId={id} className={styles.fieldError} />
      {hint && <p className={`muted small ${styles.fieldError}`}>{hint}</p>}
    </>
  );
}
