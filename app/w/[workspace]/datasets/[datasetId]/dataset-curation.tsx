'use client';

import { useState, type FormEvent } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import styles from '../datasets.module.css';
import { DatasetDetailsForm } from './dataset-details-form';
import { useDatasetUpdate } from './use-dataset-update';
import type { TDatasetPageData } from './dataset-type';

const PLUGINS = [remarkGfm];

/** The description (markdown, edited inline), who owns and who asked for the data, and the tags. */
export function DatasetCuration({ dataset, canEdit }: { dataset: TDatasetPageData; canEdit: boolean }) {
  return (
    <section className="panel" aria-labelledby="dataset-about">
      <h2 id="dataset-about">About</h2>
      <Description dataset={dataset} canEdit={canEdit} />
      <DatasetDetailsForm dataset={dataset} canEdit={canEdit} />
    </section>
  );
}

function Description({ dataset, canEdit }: { dataset: TDatasetPageData; canEdit: boolean }) {
  const [draft, setDraft] = useState<string | null>(null);
  const update = useDatasetUpdate(dataset.id);
  const save = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ id: dataset.id, patch: { description: draft ?? '' } }, { onSuccess: () => setDraft(null) });
  };
  if (draft !== null) {
    return (
      <form onSubmit={save} aria-label="Edit description">
        <label htmlFor="dataset-description">Description (markdown)</label>
        <textarea id="dataset-description" className={styles.editor} value={draft} onChange={(event) => setDraft(event.target.value)} />
        {update.error && <p role="alert" className="form-error">{update.error.message}</p>}
        <div className={styles.actions}>
          <button type="submit" className="button-primary" disabled={update.isPending}>Save description</button>
          <button type="button" onClick={() => setDraft(null)}>Cancel</button>
        </div>
      </form>
    );
  }
  return (
    <>
      <article className={styles.markdown} aria-label="Description">
        {dataset.description ? <Markdown skipHtml remarkPlugins={PLUGINS}>{dataset.description}</Markdown> : <p className="muted">No description yet.</p>}
      </article>
      {canEdit && <button type="button" onClick={() => setDraft(dataset.description ?? '')}>Edit description</button>}
    </>
  );
}
