'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { datasetHref } from '../../../../components/links';
import { useTRPC } from '../../../../trpc-provider';

type TWaited =
  | { kind: 'dataset'; dataset: string; datasetId: string | null; updated: boolean; lastUpdatedAt: string | null }
  | { kind: 'condition'; op: 'all' | 'any'; satisfied: boolean; items: TWaited[] };

function Waited({ item, workspace }: { item: TWaited; workspace: string }) {
  if (item.kind === 'dataset') {
    const name = item.datasetId ? <Link href={datasetHref(workspace, item.datasetId)}>{item.dataset}</Link> : item.dataset;
    return (
      <li>
        <span aria-label={item.updated ? 'updated' : 'waiting'}>{item.updated ? '✓' : '○'}</span> {name}{' '}
        <span className="muted small">{item.updated ? 'updated since the last run' : 'waiting for an update'}</span>
      </li>
    );
  }
  return (
    <li>
      {item.op === 'all' ? 'All of' : 'Any of'} <span className="muted small">{item.satisfied ? '(met)' : ''}</span>
      <ul>{item.items.map((child, index) => <Waited key={index} item={child} workspace={workspace} />)}</ul>
    </li>
  );
}

/** The DAG page's "Scheduled on datasets": what a dataset-scheduled DAG waits for and which are already updated. Nothing for another schedule. */
export function DagDatasetSchedule({ workspace, dagId }: { workspace: string; dagId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.datasetSchedule.forDag.queryOptions({ dagId }));
  if (query.isError) return <p role="alert" className="form-error">Could not load what this DAG waits for: {query.error.message}</p>;
  if (!query.data) return null;
  return (
    <section className="panel" aria-labelledby="dag-dataset-schedule">
      <h2 id="dag-dataset-schedule">Scheduled on datasets</h2>
      <p className="muted small">A run starts once the condition holds over the datasets updated since the last such run.</p>
      <ul><Waited item={query.data} workspace={workspace} /></ul>
    </section>
  );
}
