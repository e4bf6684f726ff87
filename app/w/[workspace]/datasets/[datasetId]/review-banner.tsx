'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { dateAfter, isReviewDue, REVIEW_AGAIN_DAYS } from '@/server/domain/catalog/review-ask';
import { useTRPC } from '../../../../trpc-provider';
import styles from '../datasets.module.css';
import { useDatasetUpdate } from './use-dataset-update';
import type { TDatasetPageData } from './dataset-type';

/**
 * "Still needed?" once the review date has passed (the catalog loop has asked the producer's
 * channels the same): keep it for another 90 days, or deprecate it. Editors and above answer.
 */
export function ReviewBanner({ dataset, canEdit }: { dataset: TDatasetPageData; canEdit: boolean }) {
  const update = useDatasetUpdate(dataset.id);
  if (!isReviewDue({ reviewAfter: dataset.reviewAfter, deprecated: dataset.deprecation !== null }, new Date())) return null;
  const keep = () => update.mutate({ id: dataset.id, patch: { review_after: dateAfter(new Date(), REVIEW_AGAIN_DAYS) } });
  return (
    <div role="region" aria-label="Review due" className={styles.deprecated}>
      <strong>Review due: still needed?</strong>{' '}
      {dataset.requestedBy ? `Requested by ${dataset.requestedBy}${dataset.requestedReason ? ` (${dataset.requestedReason})` : ''}; ` : ''}
      the review was due {dataset.reviewAfter}.
      {canEdit ? (
        <div className={styles.actions}>
          <button type="button" onClick={keep} disabled={update.isPending}>Keep — review again in {REVIEW_AGAIN_DAYS} days</button>
          <DeprecateButton id={dataset.id} />
        </div>
      ) : <p className="muted small">Editors and above keep or deprecate it.</p>}
      {update.error && <p role="alert" className="form-error">Could not keep it: {update.error.message}</p>}
    </div>
  );
}

function DeprecateButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const deprecate = useMutation(trpc.datasetObservations.deprecate.mutationOptions({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.datasets.page.queryKey({ id }) }),
  }));
  if (!open) return <button type="button" onClick={() => setOpen(true)}>Deprecate…</button>;
  return (
    <form onSubmit={(event) => { event.preventDefault(); deprecate.mutate({ id, note: note || null }); }} aria-label="Deprecate dataset">
      <label>Note for its consumers <input value={note} onChange={(event) => setNote(event.target.value)} placeholder="use wh.public.orders_v2" /></label>{' '}
      <button type="submit" disabled={deprecate.isPending}>Deprecate</button>{' '}
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      {deprecate.isError && <span role="alert" className="form-error"> {deprecate.error.message}</span>}
    </form>
  );
}
