'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { impactCsv } from '@/server/domain/catalog/impact-csv';
import { dagHref, datasetHref } from '../../../../components/links';
import { useTRPC } from '../../../../trpc-provider';
import styles from '../datasets.module.css';

/** React Flow and dagre load only when the lineage is drawn, as the DAG graph's do. */
const LazyLineageGraph = dynamic(() => import('./lineage-graph').then((module) => module.LineageGraph), {
  ssr: false,
  loading: () => <p className="muted">Loading the graph…</p>,
});

const DIRECTIONS = ['both', 'upstream', 'downstream'] as const;

/** The lineage graph with its depth, direction and focus (a clicked dataset becomes the focus), and the impact view. */
export function LineageSection({ id }: { id: string }) {
  const trpc = useTRPC();
  const [focus, setFocus] = useState(id);
  const [depth, setDepth] = useState(1);
  const [direction, setDirection] = useState<(typeof DIRECTIONS)[number]>('both');
  useEffect(() => setFocus(id), [id]);
  const lineage = useQuery({ ...trpc.datasets.lineage.queryOptions({ id: focus, depth, direction }), placeholderData: keepPreviousData });
  const nodes = lineage.data?.nodes ?? [];
  return (
    <section className="panel" aria-labelledby="dataset-lineage">
      <h2 id="dataset-lineage">Lineage</h2>
      <div className={styles.controls}>
        <label>Depth <input type="number" min={1} max={10} value={depth} aria-label="Depth" onChange={(event) => setDepth(Math.min(10, Math.max(1, Number(event.target.value) || 1)))} /></label>
        <label>
          Direction{' '}
          <select value={direction} aria-label="Direction" onChange={(event) => setDirection(event.target.value as (typeof DIRECTIONS)[number])}>
            {DIRECTIONS.map((choice) => <option key={choice} value={choice}>{choice}</option>)}
          </select>
        </label>
        {focus !== id && <button type="button" onClick={() => setFocus(id)}>Back to this dataset</button>}
        <span className="muted small" data-testid="lineage-count">{nodes.length} nodes</span>
      </div>
      {lineage.isError && <p role="alert" className="form-error">Could not load the lineage: {lineage.error.message}</p>}
      {lineage.data && <LazyLineageGraph lineage={lineage.data} focus={focus} onFocus={setFocus} />}
      <ImpactView id={id} />
    </section>
  );
}

function ImpactView({ id }: { id: string }) {
  const trpc = useTRPC();
  const { workspace } = useParams<{ workspace: string }>();
  const impact = useQuery(trpc.datasets.impact.queryOptions({ id }));
  const rows = impact.data?.rows;
  // Built in the browser from the rows shown: the REST endpoint's CSV (?format=csv) needs an API token, a page has a session.
  const download = useMemo(() => (rows ? `data:text/csv;charset=utf-8,${encodeURIComponent(impactCsv(rows))}` : null), [rows]);
  return (
    <>
      <h3>Impact: what breaks downstream if this is late or wrong</h3>
      {impact.isError && <p role="alert" className="form-error">Could not load the impact: {impact.error.message}</p>}
      {rows && rows.length === 0 && <p className="muted">Nothing downstream reads it.</p>}
      {rows && rows.length > 0 && (
        <>
          <table aria-label="Impact">
            <thead><tr><th>Depth</th><th>What</th><th>Owner to tell</th></tr></thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.kind}:${row.name}`}>
                  <td>{row.depth}</td>
                  <td>
                    {row.kind === 'dataset' && row.datasetId ? <Link href={datasetHref(workspace, row.datasetId)}>{row.name}</Link>
                      : row.dagId ? <><Link href={dagHref(workspace, row.dagId)}>{row.dagId}</Link> · {row.taskId}</> : row.name}
                    {' '}<span className="muted small">{row.kind}</span>
                  </td>
                  <td>{row.owner ?? <span className="muted">no owner</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {download && <p><a href={download} download={`impact-${id}.csv`}>Download CSV</a></p>}
    </>
  );
}
