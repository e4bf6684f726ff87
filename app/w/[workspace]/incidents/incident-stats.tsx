'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatDuration } from '../../../components/format-time';
import { useTRPC } from '../../../trpc-provider';
import styles from './incidents.module.css';
import { incidentsHref } from './incidents-url';

/** Per DAG, for the dates the list is filtered by: incidents, unresolved ones, and mean time to acknowledge and resolve. */
export function IncidentStats({ workspace, from, to }: { workspace: string; from?: string; to?: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.incidents.statsByDag.queryOptions({ from, to }));
  if (!query.data || query.data.length === 0) return null;
  return (
    <section className={`panel ${styles.stats}`} aria-label="Incidents by DAG">
      <h2>By DAG</h2>
      <p className="muted small">Means count only the incidents that were acknowledged (resolved).</p>
      <div className={styles.tableBox}>
        <table>
          <thead>
            <tr>
              <th scope="col">DAG</th>
              <th scope="col">Incidents</th>
              <th scope="col">Unresolved</th>
              <th scope="col">Mean time to acknowledge</th>
              <th scope="col">Mean time to resolve</th>
              <th scope="col">Total time to resolve</th>
            </tr>
          </thead>
          <tbody>
            {query.data.map((row) => (
              <tr key={row.dagId}>
                <td><Link href={incidentsHref(workspace, { dagId: row.dagId })}>{row.dagId}</Link></td>
                <td className={styles.numbers}>{row.incidents}</td>
                <td className={styles.numbers}>{row.open}</td>
                <td className={styles.numbers}>{formatDuration(row.ttaSecondsMean)}</td>
                <td className={styles.numbers}>{formatDuration(row.ttrSecondsMean)}</td>
                <td className={styles.numbers}>{formatDuration(row.ttrSecondsSum)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
