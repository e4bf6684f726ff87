'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { HoverCard } from 'radix-ui';
import { memo } from 'react';
import { incidentHref } from '../../../../../components/links';
import type { TGridSelection } from './grid-url';
import styles from './grid-marks.module.css';
import type { TGridRun, TGridRunIncident } from './grid-types';

/** Whether any run of the page carries a mark: the marks' row is drawn only then. */
export function anyRunMarked(runs: readonly TGridRun[]): boolean {
  return runs.some((run) => run.note !== null || run.incident !== null);
}

function markLabel(run: TGridRun): string {
  const parts = [run.incident ? `Incident: ${run.incident.title} (${run.incident.state})` : null, run.note ? `Note: ${run.note}` : null];
  return `${parts.filter(Boolean).join('. ')} — run ${run.run_id}`;
}

/** What a mark's card says: the note, and the incident with a link to its page. */
function MarkCard({ workspace, note, incident }: { workspace: string; note: string | null; incident: TGridRunIncident | null }) {
  return (
    <HoverCard.Portal>
      <HoverCard.Content className={styles.card} side="top" align="center" sideOffset={6} collisionPadding={8}>
        {incident && (
          <p className={styles.cardIncident}>
            <span className={styles.incidentState} data-incident-state={incident.state}>{incident.state}</span>{' '}
            <Link href={incidentHref(workspace, incident.id)}>{incident.title}</Link>
          </p>
        )}
        {note && <p className={styles.cardNote}>{note}</p>}
        <HoverCard.Arrow className={styles.cardArrow} />
      </HoverCard.Content>
    </HoverCard.Portal>
  );
}

/**
 * The marks above a run's column: `!` when the run belongs to an incident (it opened it,
 * resolved it or was alerted about), a pencil when it has a note. Each has its own Radix hover
 * card with the note and the incident's link: a page has a few marks, not the 5,000 squares
 * the grid's shared card serves. The incident mark opens the incident's page; the note mark
 * opens the run's panel, where the note is read and written.
 */
export const RunMarks = memo(function RunMarks({ run, onOpen }: { run: TGridRun; onOpen: (selection: TGridSelection) => void }) {
  const { workspace } = useParams<{ workspace: string }>();
  const label = markLabel(run);
  return (
    <span className={styles.marks}>
      {run.incident && (
        <HoverCard.Root openDelay={150} closeDelay={200}>
          <HoverCard.Trigger asChild>
            <Link
              href={incidentHref(workspace, run.incident.id)}
              className={styles.incidentMark}
              data-incident-mark={run.run_id}
              data-incident-state={run.incident.state}
              aria-label={label}
            >
              <span aria-hidden="true">!</span>
            </Link>
          </HoverCard.Trigger>
          <MarkCard workspace={workspace} note={run.note} incident={run.incident} />
        </HoverCard.Root>
      )}
      {run.note !== null && (
        <HoverCard.Root openDelay={150} closeDelay={200}>
          <HoverCard.Trigger asChild>
            <button type="button" className={styles.noteMark} data-note-mark={run.run_id} aria-label={label} onClick={() => onOpen({ runId: run.run_id, taskId: null })}>
              <span aria-hidden="true">✎</span>
            </button>
          </HoverCard.Trigger>
          <MarkCard workspace={workspace} note={run.note} incident={run.incident} />
        </HoverCard.Root>
      )}
    </span>
  );
});
