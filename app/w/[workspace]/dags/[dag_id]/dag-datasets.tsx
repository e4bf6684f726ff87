'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { datasetHref } from '../../../../components/links';
import { useTRPC } from '../../../../trpc-provider';

type TRef = { datasetId: string; dataset: string; taskId: string; source: 'declared' | 'inferred' };

/** Each dataset once, with the tasks that touch it and whether that is declared or read from the SQL. */
function byDataset(refs: readonly TRef[]) {
  const grouped = new Map<string, { datasetId: string; dataset: string; uses: string[] }>();
  for (const ref of refs) {
    const entry = grouped.get(ref.datasetId) ?? { datasetId: ref.datasetId, dataset: ref.dataset, uses: [] };
    const use = `${ref.taskId} (${ref.source})`;
    if (!entry.uses.includes(use)) entry.uses.push(use);
    grouped.set(ref.datasetId, entry);
  }
  return [...grouped.values()];
}

/** The DAG page's "Inputs and outputs": the datasets its current version's tasks read and write, linked to their pages. */
export function DagDatasets({ workspace, dagId }: { workspace: string; dagId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.datasets.forDag.queryOptions({ dagId }));
  const list = (refs: readonly TRef[], none: string) => (refs.length === 0 ? <p className="muted small">{none}</p> : (
    <ul>
      {byDataset(refs).map((entry) => (
        <li key={entry.datasetId}><Link href={datasetHref(workspace, entry.datasetId)}>{entry.dataset}</Link> <span className="muted small">{entry.uses.join(', ')}</span></li>
      ))}
    </ul>
  ));
  return (
    <section className="panel" aria-labelledby="dag-datasets">
      <h2 id="dag-datasets">Inputs and outputs</h2>
      {query.isError && <p role="alert" className="form-error">Could not load the datasets: {query.error.message}</p>}
      {query.data && (
        <>
          <h3>Reads</h3>{list(query.data.inputs, 'No task reads a dataset.')}
          <h3>Writes</h3>{list(query.data.outputs, 'No task writes a dataset.')}
        </>
      )}
    </section>
  );
}
