'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams, usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { dagHref, datasetHref } from '../../../../components/links';
import { useTRPC } from '../../../../trpc-provider';
import { datasetShortForm } from '@/server/domain/catalog/dataset-short-form';

const WINDOWS = [7, 30, 90] as const;

/** The window lives in the URL (?days=), so a report can be shared. */
export function UnusedReport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspace } = useParams<{ workspace: string }>();
  const router = useRouter();
  const pathname = usePathname();
  const days = Number(useSearchParams().get('days')) || 30;
  const query = useQuery(trpc.datasetObservations.unused.queryOptions({ days }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.datasetObservations.unused.queryKey() });
  const pause = useMutation(trpc.dags.setPaused.mutationOptions({ onSuccess: refresh }));
  const report = query.data;
  return (
    <>
      <p>
        Window:{' '}
        {WINDOWS.map((option) => (
          <button key={option} type="button" aria-pressed={option === days} onClick={() => router.replace(`${pathname}?days=${option}`)}>
            {option} days
          </button>
        ))}
      </p>
      {query.isError && <p role="alert" className="form-error">Could not load the report: {query.error.message}</p>}
      {pause.isError && <p role="alert" className="form-error">Could not pause: {pause.error.message}</p>}
      {query.isPending && <p className="muted">Loading the report…</p>}
      {report && (
        <>
          <h2>Datasets nobody read in {report.days === 1 ? 'a day' : `${report.days} days`}</h2>
          {report.datasets.length === 0 ? (
            <p className="muted">None: every dataset with at least two scan samples in the window was read, or is read by a task.</p>
          ) : (
            <table className="dag-table" aria-label="Unused datasets">
              <thead><tr><th>Dataset</th><th>Evidence</th><th>Produced by</th><th>Actions</th></tr></thead>
              <tbody>
                {report.datasets.map((dataset) => (
                  <tr key={dataset.id}>
                    <td>
                      <Link href={datasetHref(workspace, dataset.id)}>{datasetShortForm(dataset)}</Link>
                      {dataset.deprecatedAt && <span className="tag"> deprecated</span>}
                    </td>
                    <td className="small">
                      {dataset.scans} scans in {dataset.samples} samples, {new Date(dataset.firstSampledAt).toLocaleString()} – {new Date(dataset.lastSampledAt).toLocaleString()}
                    </td>
                    <td>
                      {dataset.producers.length === 0 ? <span className="muted">—</span> : dataset.producers.map((dag) => (
                        <span key={dag.dagId}>
                          <Link href={dagHref(workspace, dag.dagId)}>{dag.dagId}</Link>{dag.isPaused ? ' (paused) ' : ' '}
                          {!dag.isPaused && (
                            <button type="button" disabled={pause.isPending} onClick={() => pause.mutate({ dagId: dag.dagId, isPaused: true })}>Pause producing DAG</button>
                          )}
                        </span>
                      ))}
                    </td>
                    <td>{!dataset.deprecatedAt && <DeprecateButton id={dataset.id} onDone={refresh} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.noReadStatistics.length > 0 && (
            <p className="muted">
              Not judged, no read statistics for mysql datasets:{' '}
              {report.noReadStatistics.map((dataset, index) => (
                <span key={dataset.id}>{index > 0 && ', '}<Link href={datasetHref(workspace, dataset.id)}>{datasetShortForm(dataset)}</Link></span>
              ))}
            </p>
          )}
          <h2>DAGs whose outputs nobody reads</h2>
          {report.dags.length === 0 ? <p className="muted">None.</p> : (
            <ul>
              {report.dags.map((dag) => (
                <li key={dag.dagId}>
                  <Link href={dagHref(workspace, dag.dagId)}>{dag.dagId}</Link>{dag.isPaused ? ' (paused)' : ''}: {dag.outputs.join(', ')}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

/** Deprecating asks for a note, which the dataset page and the consumers' owners see. */
function DeprecateButton({ id, onDone }: { id: string; onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  const deprecate = useMutation(trpc.datasetObservations.deprecate.mutationOptions({ onSuccess: () => onDone() }));
  if (!open) return <button type="button" onClick={() => setOpen(true)}>Deprecate…</button>;
  return (
    <form onSubmit={(event) => { event.preventDefault(); deprecate.mutate({ id, note: note || null }); }}>
      <label>Note <input value={note} onChange={(event) => setNote(event.target.value)} placeholder="use warehouse.public.orders_v2" /></label>
      <button type="submit" disabled={deprecate.isPending}>Deprecate</button>
      {deprecate.isError && <span role="alert" className="form-error"> {deprecate.error.message}</span>}
    </form>
  );
}
