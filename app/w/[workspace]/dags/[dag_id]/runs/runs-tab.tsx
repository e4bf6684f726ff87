'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDuration, secondsBetween } from '../../../../../components/format-time';
import { RunPanel } from '../../../../../components/run-panel';
import { StateBadge } from '../../../../../components/state-badge';
import { useFormatTime } from '../../../../../components/time-zone-context';
import { useTRPC } from '../../../../../trpc-provider';
import { BackfillDialog } from './backfill-dialog';

const PAGE_SIZE = 25;
const RUN_STATES = ['queued', 'running', 'success', 'failed'] as const;
const RUN_TYPES = ['scheduled', 'manual', 'backfill'] as const;
type TRunStateFilter = (typeof RUN_STATES)[number] | 'all';
type TRunTypeFilter = (typeof RUN_TYPES)[number] | 'all';

/** The DAG's runs, newest first, filtered by state and type, one page at a time; a run's panel; Backfill for editors. */
export function RunsTab({ dagId, canEdit }: { dagId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const [state, setState] = useState<TRunStateFilter>('all');
  const [runType, setRunType] = useState<TRunTypeFilter>('all');
  const [offset, setOffset] = useState(0);
  const [backfilling, setBackfilling] = useState(false);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const query = useQuery({
    ...trpc.runs.list.queryOptions({
      dagId,
      states: state === 'all' ? undefined : [state],
      runTypes: runType === 'all' ? undefined : [runType],
      limit: PAGE_SIZE,
      offset,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: (current) => (current.state.data?.runs.some((run) => run.state === 'queued' || run.state === 'running') ? 2_000 : false),
  });
  const last = Math.min(offset + PAGE_SIZE, query.data?.total ?? 0);
  return (
    <section aria-label="Runs">
      <div className="filters">
        <label>
          State
          <select value={state} onChange={(event) => { setState(event.target.value as TRunStateFilter); setOffset(0); }}>
            <option value="all">All</option>
            {RUN_STATES.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>
        <label>
          Type
          <select value={runType} onChange={(event) => { setRunType(event.target.value as TRunTypeFilter); setOffset(0); }}>
            <option value="all">All</option>
            {RUN_TYPES.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>
        {canEdit && <button type="button" onClick={() => setBackfilling(true)}>Backfill…</button>}
      </div>
      {query.isError && <p role="alert" className="form-error">Could not load the runs: {query.error.message}</p>}
      {query.data && query.data.total === 0 && <p className="panel">No runs match these filters.</p>}
      {query.data && query.data.runs.length > 0 && <RunsTable runs={query.data.runs} onOpen={setOpenRun} />}
      {query.data && query.data.total > 0 && (
        <nav className="pagination" aria-label="Pages">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>Previous</button>
          <span aria-live="polite">{offset + 1}–{last} of {query.data.total}</span>
          <button type="button" disabled={last >= query.data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>Next</button>
        </nav>
      )}
      {backfilling && <BackfillDialog dagId={dagId} onClose={() => setBackfilling(false)} />}
      {openRun && <RunPanel target={{ dagId, runId: openRun }} canEdit={canEdit} onClose={() => setOpenRun(null)} />}
    </section>
  );
}

type TRun = { run_id: string; state: string; run_type: string; logical_date: string; start_date: string | null; end_date: string | null; dag_version: number };

function RunsTable({ runs, onOpen }: { runs: readonly TRun[]; onOpen: (runId: string) => void }) {
  const formatTime = useFormatTime();
  return (
    <table className="dag-table">
      <thead>
        <tr>
          <th scope="col">State</th><th scope="col">Run id</th><th scope="col">Type</th><th scope="col">Logical date</th>
          <th scope="col">Start</th><th scope="col">End</th><th scope="col">Duration</th><th scope="col">Version</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.run_id}>
            <td><StateBadge state={run.state} /></td>
            <td><button type="button" className="link-button" onClick={() => onOpen(run.run_id)}>{run.run_id}</button></td>
            <td>{run.run_type}</td>
            <td>{formatTime(run.logical_date)}</td>
            <td>{formatTime(run.start_date)}</td>
            <td>{formatTime(run.end_date)}</td>
            <td>{formatDuration(secondsBetween(run.start_date, run.end_date))}</td>
            <td>v{run.dag_version}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
