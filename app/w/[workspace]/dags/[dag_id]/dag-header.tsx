'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { TDagListItem } from '@/server/trpc/dag-list-item';
import { PauseSwitch } from '../../../../components/pause-switch';
import styles from './dag-page.module.css';
import { TriggerDialog } from './trigger-dialog';

/** The DAG's name, description, schedule in words, owner and tags, with its pause switch and Trigger. */
export function DagHeader({ dag, canEdit }: { dag: TDagListItem; canEdit: boolean }) {
  const [triggering, setTriggering] = useState(false);
  return (
    <header className={styles.header}>
      <div>
        <h1>{dag.dag_id}</h1>
        {dag.description && <p className="muted">{dag.description}</p>}
        <dl className={styles.meta}>
          <div><dt>Schedule</dt><dd title={dag.schedule_interval ?? 'manual only'}>{dag.schedule_description}</dd></div>
          <div><dt>Owner</dt><dd>{dag.owners.join(', ') || '—'}</dd></div>
          <div><dt>Tags</dt><dd>{dag.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}</dd></div>
        </dl>
      </div>
      <div className={styles.actions}>
        <HeaderPauseSwitch dagId={dag.dag_id} isPaused={dag.is_paused} canEdit={canEdit} />
        {canEdit && <button type="button" className="button-primary" onClick={() => setTriggering(true)}>Trigger</button>}
      </div>
      {triggering && <TriggerDialog dagId={dag.dag_id} isPaused={dag.is_paused} onClose={() => setTriggering(false)} />}
    </header>
  );
}

function HeaderPauseSwitch({ dagId, isPaused, canEdit }: { dagId: string; isPaused: boolean; canEdit: boolean }) {
  const router = useRouter();
  // The header is rendered on the server: a refresh reads the new state back.
  return (
    <label className="small">
      <PauseSwitch dagId={dagId} isPaused={isPaused} canEdit={canEdit} onChanged={() => router.refresh()} />{' '}
      {isPaused ? 'Paused' : 'Active'}
    </label>
  );
}
