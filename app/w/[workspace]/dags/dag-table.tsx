'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import type { TDagListItem } from '@/server/trpc/dag-list-item';
import { dagHref, runHref } from '../../../components/links';
import { PauseSwitch } from '../../../components/pause-switch';
import { StateDots } from '../../../components/state-dots';
import { useFormatTime } from '../../../components/time-zone-context';
import { useTRPC } from '../../../trpc-provider';
import { TriggerDialog } from './[dag_id]/trigger-dialog';

type TRowProps = { dag: TDagListItem; canEdit: boolean; onPauseChanged: (dagId: string, isPaused: boolean) => void };

export function DagTable({ dags, canEdit, onPauseChanged }: { dags: readonly TDagListItem[]; canEdit: boolean; onPauseChanged: TRowProps['onPauseChanged'] }) {
  return (
    <table className="dag-table">
      <thead>
        <tr>
          <th scope="col">Active</th>
          <th scope="col">DAG</th>
          <th scope="col">Owner</th>
          <th scope="col">Tags</th>
          <th scope="col">Schedule</th>
          <th scope="col">Last run</th>
          <th scope="col">Next run</th>
          <th scope="col">Last runs</th>
          {canEdit && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {dags.map((dag) => <DagRow key={dag.dag_id} dag={dag} canEdit={canEdit} onPauseChanged={onPauseChanged} />)}
      </tbody>
    </table>
  );
}

function DagRow({ dag, canEdit, onPauseChanged }: TRowProps) {
  const { workspace } = useParams<{ workspace: string }>();
  const formatTime = useFormatTime();
  const lastRun = dag.recent_runs[0];
  return (
    <tr>
      <td><PauseToggle dagId={dag.dag_id} isPaused={dag.is_paused} canEdit={canEdit} onChanged={(isPaused) => onPauseChanged(dag.dag_id, isPaused)} /></td>
      <td>
        <Link className="dag-link" href={dagHref(workspace, dag.dag_id)}>{dag.dag_id}</Link>
        {dag.description && <div className="muted small">{dag.description}</div>}
      </td>
      <td>{dag.owners.join(', ') || <span className="muted">—</span>}</td>
      <td>{dag.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}</td>
      <td title={dag.schedule_interval ?? 'manual only'}>{dag.schedule_description}</td>
      <td>
        {lastRun ? (
          <Link href={runHref(workspace, dag.dag_id, lastRun.run_id)} title={`${lastRun.state}: ${lastRun.run_id}`}>
            <time dateTime={lastRun.logical_date}>{formatTime(lastRun.logical_date, 'minute')}</time>
          </Link>
        ) : <span className="muted">—</span>}
      </td>
      <td><NextRun dag={dag} /></td>
      <td><StateDots runs={dag.recent_runs} hrefOf={(runId) => runHref(workspace, dag.dag_id, runId)} /></td>
      {canEdit && <td><TriggerAction dag={dag} /></td>}
    </tr>
  );
}

function NextRun({ dag }: { dag: TDagListItem }) {
  const formatTime = useFormatTime();
  if (dag.is_paused || !dag.next_dagrun) return <span className="muted">—</span>;
  const when = dag.next_dagrun_create_after ?? dag.next_dagrun;
  return <time dateTime={when} title={`logical date ${dag.next_dagrun}`}>{formatTime(when, 'minute')}</time>;
}

function PauseToggle({ dagId, isPaused, canEdit, onChanged }: { dagId: string; isPaused: boolean; canEdit: boolean; onChanged: (isPaused: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const changed = () => {
    onChanged(!isPaused);
    return queryClient.invalidateQueries({ queryKey: trpc.dags.list.queryKey() });
  };
  return <PauseSwitch dagId={dagId} isPaused={isPaused} canEdit={canEdit} onChanged={changed} />;
}

/** The DAG page's trigger dialog, opened from the row; the list reads the new run back on close. */
function TriggerAction({ dag }: { dag: TDagListItem }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const close = () => {
    setOpen(false);
    void queryClient.invalidateQueries({ queryKey: trpc.dags.list.queryKey() });
  };
  return (
    <>
      <button type="button" className="small" aria-label={`Trigger ${dag.dag_id}`} onClick={() => setOpen(true)}>Trigger</button>
      {open && <TriggerDialog dagId={dag.dag_id} isPaused={dag.is_paused} onClose={close} />}
    </>
  );
}
