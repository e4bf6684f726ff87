'use client';

import { useState, type FormEvent } from 'react';
import styles from '../datasets.module.css';
import { useDatasetUpdate } from './use-dataset-update';
import type { TDatasetPageData, TDatasetPatchData, TFreshnessAfterData } from './dataset-type';

type TDraft = { owner: string; requestedBy: string; requestedReason: string; reviewAfter: string; tags: string; warn: string; error: string };

const PERIOD = /^\s*(\d+)\s*(minute|hour|day)s?\s*$/i;
const afterText = (after: TFreshnessAfterData | null) => (after ? `${after.count} ${after.period}` : '');

/** "12 hours" → dbt's {count: 12, period: 'hour'}; empty clears; anything else is reported under its field. */
function parseAfter(text: string, field: string): { value: TFreshnessAfterData | null } | { problem: string } {
  if (text.trim() === '') return { value: null };
  const match = PERIOD.exec(text);
  if (!match) return { problem: `${field}: write a number and minute, hour or day (like "12 hours")` };
  return { value: { count: Number(match[1]), period: match[2]!.toLowerCase() as TFreshnessAfterData['period'] } };
}

function draftOf(dataset: TDatasetPageData): TDraft {
  return {
    owner: dataset.owner ?? '', requestedBy: dataset.requestedBy ?? '', requestedReason: dataset.requestedReason ?? '',
    reviewAfter: dataset.reviewAfter ?? '', tags: dataset.tags.join(', '),
    warn: afterText(dataset.freshness.warnAfter), error: afterText(dataset.freshness.errorAfter),
  };
}

function patchOf(draft: TDraft): { patch: TDatasetPatchData } | { problem: string } {
  const warn = parseAfter(draft.warn, 'Late after');
  if ('problem' in warn) return warn;
  const error = parseAfter(draft.error, 'Stale after');
  if ('problem' in error) return error;
  return {
    patch: {
      owner: draft.owner, requested_by: draft.requestedBy, requested_reason: draft.requestedReason,
      review_after: draft.reviewAfter === '' ? null : draft.reviewAfter,
      tags: draft.tags.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''),
      freshness: { warn_after: warn.value, error_after: error.value },
    },
  };
}

/** Owner, requested by (who, why, review date), tags and the freshness policy: read, and edited by editors. */
export function DatasetDetailsForm({ dataset, canEdit }: { dataset: TDatasetPageData; canEdit: boolean }) {
  const [draft, setDraft] = useState<TDraft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const update = useDatasetUpdate(dataset.id);
  if (draft === null) {
    return (
      <>
        <dl className={styles.facts} aria-label="Ownership">
          <dt>Owner</dt><dd data-fact="owner">{dataset.owner ?? <span className="muted">nobody yet</span>}</dd>
          <dt>Requested by</dt><dd>{dataset.requestedBy ?? <span className="muted">—</span>}{dataset.requestedReason ? ` (${dataset.requestedReason})` : ''}</dd>
          <dt>Review after</dt><dd>{dataset.reviewAfter ?? <span className="muted">—</span>}</dd>
          <dt>Tags</dt><dd>{dataset.tags.length === 0 ? <span className="muted">none</span> : dataset.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}</dd>
        </dl>
        {canEdit && <button type="button" onClick={() => setDraft(draftOf(dataset))}>Edit details</button>}
      </>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = patchOf(draft);
    setProblem('problem' in parsed ? parsed.problem : null);
    if ('patch' in parsed) update.mutate({ id: dataset.id, patch: parsed.patch }, { onSuccess: () => setDraft(null) });
  };
  const field = (key: keyof TDraft, label: string, type = 'text', placeholder = '') => (
    <>
      <label htmlFor={`dataset-${key}`}>{label}</label>
      <input id={`dataset-${key}`} type={type} value={draft[key]} placeholder={placeholder} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} />
    </>
  );
  return (
    <form onSubmit={submit} aria-label="Edit details" className={styles.form}>
      {field('owner', 'Owner')}
      {field('requestedBy', 'Requested by')}
      {field('requestedReason', 'Why')}
      {field('reviewAfter', 'Review after', 'date')}
      {field('tags', 'Tags', 'text', 'pii, finance')}
      {field('warn', 'Late after', 'text', '12 hours')}
      {field('error', 'Stale after', 'text', '2 days')}
      {(problem ?? update.error) && <p role="alert" className="form-error">{problem ?? update.error?.message}</p>}
      <div className={styles.actions}>
        <button type="submit" className="button-primary" disabled={update.isPending}>Save details</button>
        <button type="button" onClick={() => setDraft(null)}>Cancel</button>
      </div>
    </form>
  );
}
