'use client';

import { useFormatTime } from '@/app/components/time-zone-context';

type TRun = { run_id: string; state: string; logical_date: string };

/** The run whose states colour the graph, named by its logical date (newest first), as the grid's columns are. */
export function RunPicker({ runs, selected, onPick }: { runs: readonly TRun[]; selected: string | null; onPick: (runId: string) => void }) {
  const formatTime = useFormatTime();
  return (
    <label>
      Run
      <select
        aria-label="Run"
        value={selected ?? ''}
        onChange={(event) => event.target.value && onPick(event.target.value)}
        disabled={runs.length === 0}
      >
        {runs.length === 0 && <option value="">No runs yet</option>}
        {runs.map((run) => (
          <option key={run.run_id} value={run.run_id} title={run.run_id}>
            {formatTime(run.logical_date)} ({run.state})
          </option>
        ))}
      </select>
    </label>
  );
}
