'use client';

import Link from 'next/link';
import { useFormatTime } from '../../../../components/time-zone-context';
import styles from './incident.module.css';
import type { TIncident } from './incident-type';

type TEntry = TIncident['timeline'][number];

/** What a timeline entry's link opens, said on the link (a failure's is its try's log). */
function linkLabel(entry: TEntry): string {
  if (entry.kind === 'failure' || entry.kind === 'retry') return 'Log';
  if (entry.kind === 'opened') return 'Incident';
  return entry.link?.includes('/tasks/') ? 'Task' : 'Run';
}

/** The incident's story, oldest first: failures, retries, alerts, clears, marks, acknowledgement, recovery. */
export function IncidentTimeline({ entries }: { entries: readonly TEntry[] }) {
  const formatTime = useFormatTime();
  return (
    <section className={`panel ${styles.section}`} aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {entries.length === 0 ? <p className="muted">Nothing recorded yet.</p> : (
        <ol className={styles.timeline}>
          {entries.map((entry, index) => (
            <li key={`${entry.at}\u0000${index}`} data-kind={entry.kind}>
              <time className={styles.when} dateTime={entry.at}>{formatTime(entry.at)}</time>
              <span className={styles.kind} data-kind={entry.kind}>{entry.kind}</span>
              <span className={styles.what}>
                {entry.text}
                {entry.actor && !entry.text.includes(entry.actor) && <span className="muted"> · {entry.actor}</span>}
              </span>
              {entry.link && <Link className={styles.entryLink} href={entry.link} aria-label={`${linkLabel(entry)}: ${entry.text}`}>{linkLabel(entry)}</Link>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
