'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { formatDuration } from '../../../components/format-time';
import { useFormatTime } from '../../../components/time-zone-context';
import { dagHref, runHref, taskHref } from '../../../components/links';
import { StateBadge, TASK_STATES } from '../../../components/state-badge';
import { useTRPC } from '../../../trpc-provider';
import styles from './task-instances.module.css';
import { parseBrowserFilters, RUN_STATES, taskInstancesHref, type TBrowserFilters } from './browser-url';

/** The filters (in the URL query) and one keyset page of task instances. */
export function TaskInstanceBrowser() {
  const trpc = useTRPC();
  const { workspace } = useParams<{ workspace: string }>();
  const router = useRouter();
  const { filters, input, problems } = parseBrowserFilters(useSearchParams());
  const query = useQuery({ ...trpc.taskInstances.browse.queryOptions(input), placeholderData: keepPreviousData });
  // A new filter starts again from the first page.
  const apply = (change: Partial<TBrowserFilters>) => router.replace(taskInstancesHref(workspace, { ...filters, ...change, after: undefined }));
  const filtered = Object.values(filters).some(Boolean);
  return (
    <section aria-label="Task instances">
      {/* Keyed on the URL's dag_id: its text field starts again when the URL changes it (Clear filters). */}
      <Filters key={filters.dagId ?? ''} filters={filters} apply={apply} />
      {filtered && <p><Link href={taskInstancesHref(workspace)}>Clear filters</Link></p>}
      {problems.map((problem) => <p key={problem} role="alert" className="form-error">Ignored {problem}</p>)}
      {query.isError && <p role="alert" className="form-error">Could not load the task instances: {query.error.message}</p>}
      {query.isPending && <p className="muted">Loading task instances…</p>}
      {query.data && query.data.task_instances.length === 0 && (
        <p className="panel">{filtered ? 'No task instance matches these filters.' : 'No task instances yet: they appear when a DAG runs.'}</p>
      )}
      {query.data && query.data.task_instances.length > 0 && <Rows workspace={workspace} rows={query.data.task_instances} />}
      <nav className="pagination" aria-label="Pages">
        {filters.after && <Link href={taskInstancesHref(workspace, { ...filters, after: undefined })}>First page</Link>}
        {query.data?.next && <Link href={taskInstancesHref(workspace, { ...filters, after: query.data.next })}>Next page</Link>}
      </nav>
    </section>
  );
}

function Filters({ filters, apply }: { filters: TBrowserFilters; apply: (change: Partial<TBrowserFilters>) => void }) {
  const trpc = useTRPC();
  const owners = useQuery(trpc.taskInstances.owners.queryOptions());
  const [dagId, setDagId] = useState(filters.dagId ?? '');
  const applyDag = () => { if (dagId.trim() !== (filters.dagId ?? '')) apply({ dagId: dagId.trim() || undefined }); };
  return (
    <form className={`filters ${styles.filters}`} role="search" onSubmit={(event) => { event.preventDefault(); applyDag(); }}>
      <div>
        <label htmlFor="ti-state">State</label>
        <select id="ti-state" value={filters.state ?? ''} onChange={(event) => apply({ state: event.target.value || undefined })}>
          <option value="">Any</option>
          {TASK_STATES.map((state) => <option key={state} value={state}>{state}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="ti-run-state">Run state</label>
        <select id="ti-run-state" value={filters.runState ?? ''} onChange={(event) => apply({ runState: event.target.value || undefined })}>
          <option value="">Any</option>
          {RUN_STATES.map((state) => <option key={state} value={state}>{state}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="ti-dag">DAG</label>
        <input id="ti-dag" type="search" value={dagId} placeholder="dag_id, then Enter" onChange={(event) => setDagId(event.target.value)} onBlur={applyDag} />
      </div>
      <div>
        <label htmlFor="ti-owner">Owner</label>
        <select id="ti-owner" value={filters.owner ?? ''} onChange={(event) => apply({ owner: event.target.value || undefined })}>
          <option value="">Any</option>
          {filters.owner && !owners.data?.includes(filters.owner) && <option value={filters.owner}>{filters.owner}</option>}
          {(owners.data ?? []).map((owner) => <option key={owner} value={owner}>{owner}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="ti-from">Logical date from (UTC)</label>
        <input id="ti-from" type="datetime-local" value={filters.from ?? ''} onChange={(event) => apply({ from: event.target.value || undefined })} />
      </div>
      <div>
        <label htmlFor="ti-to">to (UTC)</label>
        <input id="ti-to" type="datetime-local" value={filters.to ?? ''} onChange={(event) => apply({ to: event.target.value || undefined })} />
      </div>
    </form>
  );
}

type TRow = { dag_id: string; owner: string | null; run_id: string; logical_date: string; task_id: string; state: string; try_number: number; start_date: string | null; duration: number | null };

function Rows({ workspace, rows }: { workspace: string; rows: readonly TRow[] }) {
  const formatTime = useFormatTime();
  return (
    <table className="dag-table">
      <thead>
        <tr>
          <th scope="col">DAG</th>
          <th scope="col">Logical date</th>
          <th scope="col">Task</th>
          <th scope="col">State</th>
          <th scope="col">Try</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Owner</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.dag_id}\u0000${row.run_id}\u0000${row.task_id}`}>
            <td><Link href={dagHref(workspace, row.dag_id)}>{row.dag_id}</Link></td>
            <td><Link href={runHref(workspace, row.dag_id, row.run_id)} title={row.run_id}>{formatTime(row.logical_date)}</Link></td>
            <td><Link href={taskHref(workspace, row.dag_id, row.run_id, row.task_id)}>{row.task_id}</Link></td>
            <td><StateBadge state={row.state} /></td>
            <td>{row.try_number}</td>
            <td>{formatTime(row.start_date)}</td>
            <td>{formatDuration(row.duration)}</td>
            <td>{row.owner ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
