/** One dot per run, coloured by state (palette in globals.css), the state named for every reader. */
export function StateDots({ runs }: { runs: readonly { run_id: string; state: string; logical_date: string }[] }) {
  if (runs.length === 0) return <span className="muted">no runs</span>;
  return (
    <ul className="state-dots" aria-label="Recent runs, newest first">
      {runs.map((run) => {
        const label = `${run.state}: ${run.run_id}`;
        return (
          <li key={run.run_id}>
            <span className={`state-dot state-${run.state}`} title={label} aria-label={label} role="img" />
          </li>
        );
      })}
    </ul>
  );
}
