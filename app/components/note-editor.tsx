'use client';

import { useId, useState } from 'react';
import { fieldErrorsOf, type TCallError } from './field-errors';
import styles from './note-editor.module.css';

/** As the services' limit (server/services/incidents/note-text.ts): the field stops there, the server says so too. */
export const NOTE_MAX_CHARS = 1_000;

type TProps = {
  /** "Run note" or "Task note": the section's heading and the field's label. */
  label: string;
  note: string | null;
  canEdit: boolean;
  pending: boolean;
  error: TCallError;
  /** Saves the note; null removes it. Resolves true once saved, so the editor closes. */
  onSave: (note: string | null) => Promise<boolean>;
};

/**
 * A run's or a task instance's short note (Airflow 3's `note`): read by everyone, written and
 * cleared by an editor. The grid marks a run that has one.
 */
export function NoteEditor({ label, note, canEdit, pending, error, onSave }: TProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const fieldId = useId();
  const problems = fieldErrorsOf(error, { note: label });
  const save = async (text: string | null) => {
    if (await onSave(text)) setDraft(null);
  };
  return (
    <section className={styles.note} aria-label={label}>
      <h3>{label}</h3>
      {draft === null ? (
        <>
          {note ? <p className={styles.text} data-note-text="">{note}</p> : <p className="muted small">No note.</p>}
          {canEdit && (
            <div className={styles.actions}>
              <button type="button" onClick={() => setDraft(note ?? '')}>{note ? 'Edit note' : 'Add note'}</button>
              {note && <button type="button" disabled={pending} onClick={() => void save(null)}>Clear note</button>}
            </div>
          )}
        </>
      ) : (
        <form className={styles.form} onSubmit={(event) => { event.preventDefault(); void save(draft); }}>
          <label htmlFor={fieldId} className="small muted">{label} ({draft.length} / {NOTE_MAX_CHARS})</label>
          <textarea id={fieldId} value={draft} rows={3} maxLength={NOTE_MAX_CHARS} autoFocus onChange={(event) => setDraft(event.target.value)} />
          <div className={styles.actions}>
            <button type="submit" className="button-primary" disabled={pending}>Save note</button>
            <button type="button" onClick={() => setDraft(null)}>Cancel</button>
          </div>
        </form>
      )}
      {[problems.fields.note, ...problems.other].filter(Boolean).map((message) => <p key={message} role="alert" className="form-error small">{message}</p>)}
    </section>
  );
}
