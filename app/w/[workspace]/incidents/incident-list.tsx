'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useParams, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/routers/_app';
import { formatDuration } from '../../../components/format-time';
import { dagHref, incidentHref } from '../../../components/links';
import { useFormatTime } from '../../../components/time-zone-context';
import { useTRPC } from '../../../trpc-provider';
import { IncidentStateBadge, PostmortemMarks } from './incident-badges';
import { IncidentStats } from './incident-stats';
import styles from './incidents.module.css';
import { INCIDENT_STATES, INCIDENTS_PAGE_SIZE, incidentsHref, parseIncidentFilters, type TIncidentFilters } from './incidents-url';

type TIncident = inferRouterOutputs<AppRouter>['incidents']['list']['items'][number];

/** The filters (in the URL query), one page of incidents, and the per-DAG summary for the same dates. */
export function IncidentList() {
  const trpc = useTRPC();
  const { workspace } = useParams<{ workspace: string }>();
  const router = useRouter();
  const { filters, input, page, problems } = parseIncidentFilters(useSearchParams());
  const query = useQuery({ ...trpc.incidents.list.queryOptions(input), placeholderData: keepPreviousData });
  // A new filter starts again from the first page.
  const apply = (change: Partial<TIncidentFilters>) => router.replace(incidentsHref(workspace, { ...filters, ...change, page: undefined }));
  const filtered = Object.entries(filters).some(([key, value]) => key !== 'page' && Boolean(value));
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / INCIDENTS_PAGE_SIZE));
  return (
    <>
      {/* Keyed on the URL's texts: the fields start again when the URL changes them (Clear filters). */}
      <Filters key={`${filters.dagId ?? ''}\u0000${filters.q ?? ''}`} filters={filters} apply={apply} />
      {filtered && <p><Link href={incidentsHref(workspace)}>Clear filters</Link></p>}
      {problems.map((problem) => <p key={problem} role="alert" className="form-error">Ignored {problem}</p>)}
      {query.isError && <p role="alert" className="form-error">Could not load the incidents: {query.error.message}</p>}
      {query.isPending && <p className="muted">Loading incidents…</p>}
      {query.data && query.data.items.length === 0 && (
        <p className="panel">
          {filtered
            ? 'No incident matches these filters.'
            : 'No incidents yet. When a DAG fails for good (no tries left), an incident opens here; the next successful run resolves it.'}
        </p>
      )}
      {query.data && query.data.items.length > 0 && <Rows workspace={workspace} rows={query.data.items} />}
      {query.data && total > INCIDENTS_PAGE_SIZE && (
        <nav className="pagination" aria-label="Pages">
          {page > 1 && <Link href={incidentsHref(workspace, { ...filters, page: String(page - 1) })}>Previous page</Link>}
          <span className="muted small">Page {page} of {pages} ({total} incidents)</span>
          {page < pages && <Link href={incidentsHref(workspace, { ...filters, page: String(page + 1) })}>Next page</Link>}
        </nav>
      )}
      <IncidentStats workspace={workspace} from={input.from} to={input.to} />
    </>
  );
}

function Filters({ filters, apply }: { filters: TIncidentFilters; apply: (change: Partial<TIncidentFilters>) => void }) {
  const [dagId, setDagId] = useState(filters.dagId ?? '');
  const [q, setQ] = useState(filters.q ?? '');
  const applyTexts = () => {
    const change = { dagId: dagId.trim() || undefined, q: q.trim() || undefined };
    if (change.dagId !== filters.dagId || change.q !== filters.q) apply(change);
  };
  return (
    <form className={`filters ${styles.filters}`} role="search" aria-label="Filter incidents" onSubmit={(event) => { event.preventDefault(); applyTexts(); }}>
      <div>
        <label htmlFor="incident-q">Search</label>
        <input id="incident-q" type="search" value={q} placeholder="title, DAG or post-mortem text" onChange={(event) => setQ(event.target.value)} />
      </div>
      <div>
        <label htmlFor="incident-dag">DAG</label>
        <input id="incident-dag" type="search" value={dagId} placeholder="dag_id" onChange={(event) => setDagId(event.target.value)} />
      </div>
      <div>
        <label htmlFor="incident-state">State</label>
        <select id="incident-state" value={filters.state ?? ''} onChange={(event) => apply({ state: event.target.value || undefined })}>
          <option value="">Any</option>
          {INCIDENT_STATES.map((state) => <option key={state} value={state}>{state}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="incident-from">Opened from (UTC)</label>
        <input id="incident-from" type="date" value={filters.from ?? ''} onChange={(event) => apply({ from: event.target.value || undefined })} />
      </div>
      <div>
        <label htmlFor="incident-to">to (UTC)</label>
        <input id="incident-to" type="date" value={filters.to ?? ''} onChange={(event) => apply({ to: event.target.value || undefined })} />
      </div>
      <div className={styles.check}>
        <input id="incident-pending" type="checkbox" checked={filters.pending === '1'} onChange={(event) => apply({ pending: event.target.checked ? '1' : undefined })} />
        <label htmlFor="incident-pending">Post-mortem required, not written</label>
      </div>
      <button type="submit">Search</button>
    </form>
  );
}

function Rows({ workspace, rows }: { workspace: string; rows: readonly TIncident[] }) {
  const formatTime = useFormatTime();
  return (
    <div className={styles.tableBox}>
      <table className="dag-table" aria-label="Incidents">
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Incident</th>
            <th scope="col">DAG</th>
            <th scope="col">Opened</th>
            <th scope="col" title="Time to acknowledge">To ack</th>
            <th scope="col" title="Time to resolve">To resolve</th>
            <th scope="col">Failures</th>
            <th scope="col">Post-mortem</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-incident={row.id}>
              <td><IncidentStateBadge state={row.state} /></td>
              <td><Link href={incidentHref(workspace, row.id)}>{row.title}</Link></td>
              <td><Link href={dagHref(workspace, row.dagId)}>{row.dagId}</Link></td>
              <td className={styles.numbers}>{formatTime(row.openedAt)}</td>
              <td className={styles.numbers}>{formatDuration(row.ttaSeconds)}</td>
              <td className={styles.numbers}>{formatDuration(row.ttrSeconds)}</td>
              <td className={styles.numbers}>{row.failureCount}</td>
              <td><PostmortemMarks incident={row} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
