import Link from 'next/link';

type TRunDot = { run_id: string; state: string; logical_date: string };

/**
 * One dot per run, coloured by state (palette in globals.css), the state named for every reader.
 * With `hrefOf`, each dot links to its run (runHref).
 */
export function StateDots({ runs, hrefOf }: { runs: readonly TRunDot[]; hrefOf?: (runId: string) => string }) {
  if (runs.length === 0) return <span className="muted">no runs</span>;
  return (
    <ul className="state-dots" aria-label="Recent runs, newest first">
      {runs.map((run) => {
        const label = `${run.state}: ${run.run_id}`;
        const dot = <span className={`state-dot state-${run.state}`} title={label} aria-label={hrefOf ? undefined : label} role={hrefOf ? undefined : 'img'} />;
        return (
          <li key={run.run_id}>
            {hrefOf ? <Link href={hrefOf(run.run_id)} aria-label={label} title={label} className="state-dot-link">{dot}</Link> : dot}
          </li>
        );
      })}
    </ul>
  );
}
