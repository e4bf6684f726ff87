'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { useDeferredValue, useEffect, useRef, useState } from 'react';
import type { TDagListItem } from '@/server/trpc/dag-list-item';
import { EmptyWorkspace } from '../../../components/empty-workspace';
import { useTRPC } from '../../../trpc-provider';
import { DagTable } from './dag-table';

const PAGE_SIZE = 25;
/** The list stays current while it is open: new runs and their states appear without a reload. */
const REFRESH_MS = 15_000;
/**
 * After an unpause the scheduler (woken by it) plans the DAG's next run within a tick: the list
 * reads it back every second until the row shows it, for at most this long.
 */
const UNPAUSE_FOLLOW_MS = 30_000;
const FOLLOW_REFRESH_MS = 1_000;
type TPausedFilter = 'all' | 'active' | 'paused';
const RUN_STATES = ['queued', 'running', 'success', 'failed'] as const;
type TRunStateFilter = '' | (typeof RUN_STATES)[number];

/** `/` anywhere on the page (outside a text field) focuses the search box, as on GitHub. */
function useSlashToSearch() {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]');
      if (event.key !== '/' || typing || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      ref.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return ref;
}

/** The workspace's DAGs: search, tag, paused and last-run filters, one page at a time. */
export function DagList({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const searchRef = useSlashToSearch();
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const [paused, setPaused] = useState<TPausedFilter>('all');
  const [lastRunState, setLastRunState] = useState<TRunStateFilter>('');
  const [offset, setOffset] = useState(0);
  const deferredSearch = useDeferredValue(search);
  const input = {
    search: deferredSearch || undefined,
    tags: tag ? [tag] : undefined,
    paused: paused === 'all' ? undefined : paused === 'paused',
    lastRunState: lastRunState || undefined,
    limit: PAGE_SIZE,
    offset,
  };
  const [unpaused, setUnpaused] = useState<{ dagId: string; until: number } | null>(null);
  const query = useQuery({
    ...trpc.dags.list.queryOptions(input),
    placeholderData: keepPreviousData,
    refetchInterval: (current) => (unpaused && awaitingNextRun(current.state.data?.dags, unpaused) ? FOLLOW_REFRESH_MS : REFRESH_MS),
  });
  const onPauseChanged = (dagId: string, isPaused: boolean) => setUnpaused(isPaused ? null : { dagId, until: Date.now() + UNPAUSE_FOLLOW_MS });
  const filtered = Boolean(input.search || input.tags || input.paused !== undefined || input.lastRunState);

  return (
    <section aria-label="DAG list">
      <div className="filters" role="search">
        <label>
          Search
          <input ref={searchRef} type="search" value={search} placeholder="dag_id  (press /)" aria-keyshortcuts="/" onChange={(event) => { setSearch(event.target.value); setOffset(0); }} />
        </label>
        <label>
          Tag
          <select value={tag} onChange={(event) => { setTag(event.target.value); setOffset(0); }}>
            <option value="">All tags</option>
            {(query.data?.allTags ?? []).map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>
        <label>
          Status
          <select value={paused} onChange={(event) => { setPaused(event.target.value as TPausedFilter); setOffset(0); }}>
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="paused">Paused</option>
          </select>
        </label>
        <label>
          Last run
          <select value={lastRunState} onChange={(event) => { setLastRunState(event.target.value as TRunStateFilter); setOffset(0); }}>
            <option value="">Any</option>
            {RUN_STATES.map((state) => <option key={state} value={state}>{state}</option>)}
          </select>
        </label>
      </div>
      {query.isError && <p role="alert" className="form-error">Could not load the DAGs: {query.error.message}</p>}
      {query.isPending && <p className="muted">Loading DAGs…</p>}
      {query.data && query.data.total === 0 && <EmptyState filtered={filtered} canEdit={canEdit} />}
      {query.data && query.data.dags.length > 0 && <DagTable dags={query.data.dags} canEdit={canEdit} onPauseChanged={onPauseChanged} />}
      {query.data && query.data.total > 0 && (
        <Pagination offset={offset} total={query.data.total} onChange={setOffset} />
      )}
    </section>
  );
}

/** Whether the just-unpaused DAG, if on this page and scheduled, still shows no next run. */
function awaitingNextRun(dags: readonly TDagListItem[] | undefined, unpaused: { dagId: string; until: number }): boolean {
  if (Date.now() > unpaused.until) return false;
  const dag = dags?.find((item) => item.dag_id === unpaused.dagId);
  return Boolean(dag && !dag.is_paused && dag.schedule_interval && !dag.next_dagrun);
}

function EmptyState({ filtered, canEdit }: { filtered: boolean; canEdit: boolean }) {
  const { workspace } = useParams<{ workspace: string }>();
  if (filtered) return <p className="panel">No DAG matches these filters.</p>;
  return <EmptyWorkspace workspace={workspace} canEdit={canEdit} />;
}

function Pagination({ offset, total, onChange }: { offset: number; total: number; onChange: (offset: number) => void }) {
  const last = Math.min(offset + PAGE_SIZE, total);
  return (
    <nav className="pagination" aria-label="Pages">
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - PAGE_SIZE))}>Previous</button>
      <span aria-live="polite">{offset + 1}–{last} of {total}</span>
      <button type="button" disabled={last >= total} onClick={() => onChange(offset + PAGE_SIZE)}>Next</button>
    </nav>
  );
}
