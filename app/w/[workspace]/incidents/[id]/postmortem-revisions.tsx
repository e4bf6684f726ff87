'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ModalDialog } from '../../../../components/modal-dialog';
import { useFormatTime } from '../../../../components/time-zone-context';
import { useTRPC } from '../../../../trpc-provider';
import styles from './incident.module.css';
import { PostmortemMarkdown } from './postmortem-markdown';

type TRevision = { id: string; author: string | null; createdAt: string };

/** Every saved version of the post-mortem, newest first; each opens read-only. */
export function PostmortemRevisions({ incidentId, revisions }: { incidentId: string; revisions: readonly TRevision[] }) {
  const formatTime = useFormatTime();
  const [open, setOpen] = useState<TRevision | null>(null);
  return (
    <details className={styles.revisions}>
      <summary>History ({revisions.length} {revisions.length === 1 ? 'revision' : 'revisions'})</summary>
      <ol>
        {revisions.map((revision) => (
          <li key={revision.id}>
            <button type="button" className="link-button" onClick={() => setOpen(revision)}>{formatTime(revision.createdAt)}</button>
            {' '}by {revision.author ?? 'Tributary'}
          </li>
        ))}
      </ol>
      {open && <RevisionDialog incidentId={incidentId} revision={open} onClose={() => setOpen(null)} />}
    </details>
  );
}

function RevisionDialog({ incidentId, revision, onClose }: { incidentId: string; revision: TRevision; onClose: () => void }) {
  const trpc = useTRPC();
  const formatTime = useFormatTime();
  const query = useQuery(trpc.incidents.revision.queryOptions({ id: incidentId, revisionId: revision.id }));
  return (
    <ModalDialog title={`Revision of ${formatTime(revision.createdAt)}`} description={`Saved by ${revision.author ?? 'Tributary'}. Read only.`} onClose={onClose}>
      {query.isError && <p role="alert" className="form-error">{query.error.message}</p>}
      {query.isPending && <p className="muted">Loading the revision…</p>}
      {query.data && <PostmortemMarkdown markdown={query.data.markdown} label={`Post-mortem revision of ${formatTime(revision.createdAt)}`} />}
      <div className={styles.actions}>
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </ModalDialog>
  );
}
