'use client';

import { Tabs } from 'radix-ui';
import { useId, useState } from 'react';
import { fieldErrorsOf, type TCallError } from '../../../../components/field-errors';
import { useUnsavedChanges } from '../../dags/[dag_id]/edit/use-unsaved-changes';
import styles from './incident.module.css';
import { PostmortemMarkdown } from './postmortem-markdown';

/** As the service's limit (server/services/incidents/postmortem-view.ts). */
const POSTMORTEM_MAX_CHARS = 200_000;
const LEAVE_QUESTION = 'The post-mortem has unsaved changes. Leave without saving them?';

type TProps = {
  initial: string;
  pending: boolean;
  error: TCallError;
  onSave: (markdown: string, isDraft: boolean) => void;
  onCancel: () => void;
};

/**
 * The post-mortem's markdown in a text field, with a Preview tab that renders it as the page
 * will. Save as draft keeps it unpublished (the incident stays "post-mortem required"); Publish
 * makes it the written post-mortem. Leaving the page with unsaved text asks first.
 */
export function PostmortemEditor({ initial, pending, error, onSave, onCancel }: TProps) {
  const [text, setText] = useState(initial);
  const fieldId = useId();
  const dirty = text !== initial;
  useUnsavedChanges(dirty && !pending, LEAVE_QUESTION);
  const problems = fieldErrorsOf(error, { markdown: 'Post-mortem' });
  const cancel = () => {
    if (!dirty || window.confirm('Discard the changes to the post-mortem?')) onCancel();
  };
  return (
    <form className={styles.editor} onSubmit={(event) => event.preventDefault()} aria-label="Edit the post-mortem">
      <Tabs.Root defaultValue="write">
        <Tabs.List className={styles.tabs} aria-label="Post-mortem editor">
          <Tabs.Trigger value="write" className={styles.tab}>Write</Tabs.Trigger>
          <Tabs.Trigger value="preview" className={styles.tab}>Preview</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="write">
          <label htmlFor={fieldId} className="muted small">Markdown: headings, lists, links, `code`, tables ({text.length.toLocaleString('en')} / {POSTMORTEM_MAX_CHARS.toLocaleString('en')} characters)</label>
          <textarea id={fieldId} className={styles.textarea} value={text} maxLength={POSTMORTEM_MAX_CHARS} rows={24} spellCheck onChange={(event) => setText(event.target.value)} />
        </Tabs.Content>
        <Tabs.Content value="preview" className={styles.preview}>
          <PostmortemMarkdown markdown={text} label="Post-mortem preview" />
        </Tabs.Content>
      </Tabs.Root>
      {[problems.fields.markdown, ...problems.other].filter(Boolean).map((message) => <p key={message} role="alert" className="form-error">{message}</p>)}
      <div className={styles.actions}>
        <button type="button" disabled={pending} onClick={() => onSave(text, true)}>Save as draft</button>
        <button type="button" className="button-primary" disabled={pending || text.trim() === ''} onClick={() => onSave(text, false)}>Publish</button>
        <button type="button" disabled={pending} onClick={cancel}>Cancel</button>
      </div>
    </form>
  );
}
