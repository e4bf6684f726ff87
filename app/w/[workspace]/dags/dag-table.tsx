'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { TDagListItem } from '@/server/trpc/dag-list-item';
import { PauseSwitch } from '../../../components/pause-switch';
import { StateDots } from '../../../components/state-dots';
import { useTRPC } from '../../../trpc-provider';

export function DagTable({ dags, canEdit }: { dags: readonly TDagListItem[]; canEdit: boolean }) {
  return (
    <table className="dag-table">
      <thead>
        <tr>
          <th scope="col">Active</th>
          <th scope="col">DAG</th>
          <th scope="col">Owner</th>
          <th scope="col">Tags</th>
          <th scope="col">Schedule</th>
          <th scope="col">Next run</th>
          <th scope="col">Last runs</th>
        </tr>
      </thead>
      <tbody>
        {dags.map((dag) => <DagRow key={dag.dag_id} dag={dag} canEdit={canEdit} />)}
      </tbody>
    </table>
  );
}

function DagRow({ dag, canEdit }: { dag: TDagListItem; canEdit: boolean }) {
  const { workspace } = useParams<{ workspace: string }>();
  return (
    <tr>
      <td><PauseToggle dagId={dag.dag_id} isPaused={dag.is_paused} canEdit={canEdit} /></td>
      <td>
        <Link className="dag-link" href={`/w/${workspace}/dags/${encodeURIComponent(dag.dag_id)}`}>{dag.dag_id}</Link>
        {dag.description && <div className="muted small">{dag.description}</div>}
      </td>
      <td>{dag.owners.join(', ') || <span className="muted">—</span>}</td>
      <td>{dag.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}</td>
      <td title={dag.schedule_interval ?? 'manual only'}>{dag.schedule_description}</td>
      <td><NextRun dag={dag} /></td>
      <td><StateDots runs={dag.recent_runs} /></td>
    </tr>
  );
}

function NextRun({ dag }: { dag: TDagListItem }) {
  if (dag.is_paused || !dag.next_dagrun) return <span className="muted">—</span>;
  const when = dag.next_dagrun_create_after ?? dag.next_dagrun;
  return <time dateTime={when} title={`logical date ${dag.next_dagrun}`}>{formatUtc(when)}</time>;
}

function formatUtc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function PauseToggle({ dagId, isPaused, canEdit }: { dagId: string; isPaused: boolean; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (
    <PauseSwitch dagId={dagId} isPaused={isPaused} canEdit={canEdit} onChanged={() => queryClient.invalidateQueries({ queryKey: trpc.dags.list.queryKey() })} />
  );
}
