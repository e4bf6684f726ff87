'use client';

import { HoverCard } from 'radix-ui';
import { type RefObject, useEffect, useState } from 'react';
import { formatDuration, secondsBetween } from '../../../../../components/format-time';
import { StateBadge } from '../../../../../components/state-badge';
import { useFormatTime } from '../../../../../components/time-zone-context';
import { tryCount } from '../../../../../components/try-count';
import styles from './grid.module.css';
import { RUN_TYPE_MARKS, runSeconds, type TGridCell, type TGridRun } from './grid-types';

/** What the pointer is on: a task instance's square or a run's bar, and where it is on screen. */
export type THovered =
  | { kind: 'task'; rect: DOMRect; run: TGridRun; taskId: string; type: string; cell: TGridCell }
  | { kind: 'run'; rect: DOMRect; run: TGridRun };

function TaskFacts({ hovered }: { hovered: Extract<THovered, { kind: 'task' }> }) {
  const time = useFormatTime();
  const { cell } = hovered;
  return (
    <>
      <p className={styles.cardTitle}>{hovered.taskId}</p>
      <dl className={styles.cardFacts}>
        <dt>Run</dt><dd>{time(hovered.run.logical_date)}</dd>
        <dt>State</dt><dd><StateBadge state={cell.state} /></dd>
        <dt>Try</dt><dd>{cell.try_number > 0 ? `Try ${tryCount(cell.try_number, cell.max_tries)}` : `Not tried yet (${cell.max_tries} allowed)`}</dd>
        <dt>Start</dt><dd>{time(cell.start_date)}</dd>
        <dt>End</dt><dd>{time(cell.end_date)}</dd>
        <dt>Duration</dt><dd>{formatDuration(cell.duration)}</dd>
        <dt>Queued</dt><dd>{formatDuration(secondsBetween(cell.queued_at, cell.start_date))}</dd>
        <dt>Operator</dt><dd>{hovered.type}</dd>
      </dl>
    </>
  );
}

function RunFacts({ run }: { run: TGridRun }) {
  const time = useFormatTime();
  return (
    <>
      <p className={styles.cardTitle}>{run.run_id}</p>
      <dl className={styles.cardFacts}>
        <dt>Logical date</dt><dd>{time(run.logical_date)}</dd>
        <dt>Type</dt><dd>{RUN_TYPE_MARKS[run.run_type]?.label ?? 'Scheduled run'}</dd>
        <dt>State</dt><dd><StateBadge state={run.state} /></dd>
        <dt>Start</dt><dd>{time(run.start_date)}</dd>
        <dt>End</dt><dd>{time(run.end_date)}</dd>
        <dt>Duration</dt><dd>{formatDuration(runSeconds(run, new Date().toISOString()))}</dd>
      </dl>
    </>
  );
}

/**
 * The grid's one hover card: it follows the pointer from square to square instead of each
 * square having its own (5,000 squares at 100 runs would each mount a Radix root). An invisible
 * anchor is placed over the hovered square; the card is keyed by it, so Radix measures afresh.
 * It is read-only and lets the pointer through, so it never hides the square under it from the mouse.
 */
export function GridHoverCard({ controller }: { controller: RefObject<((next: THovered | null) => void) | null> }) {
  // The state lives here, not in the grid: hovering re-renders the card, never the 5,000 squares.
  const [hovered, setHovered] = useState<THovered | null>(null);
  useEffect(() => {
    controller.current = setHovered;
    return () => {
      controller.current = null;
    };
  }, [controller]);
  const rect = hovered?.rect;
  const key = hovered ? `${hovered.run.run_id}/${hovered.kind === 'task' ? hovered.taskId : ''}` : 'none';
  return (
    <HoverCard.Root open={hovered !== null} onOpenChange={(open) => { if (!open) setHovered(null); }}>
      <HoverCard.Trigger asChild>
        <span
          className={styles.cardAnchor}
          aria-hidden="true"
          style={rect ? { left: rect.left, top: rect.top, width: rect.width, height: rect.height } : { display: 'none' }}
        />
      </HoverCard.Trigger>
      <HoverCard.Portal>
        {hovered && (
          <HoverCard.Content key={key} className={styles.card} side="top" align="center" sideOffset={8} collisionPadding={8} role="tooltip">
            {hovered.kind === 'task' ? <TaskFacts hovered={hovered} /> : <RunFacts run={hovered.run} />}
            <HoverCard.Arrow className={styles.cardArrow} />
          </HoverCard.Content>
        )}
      </HoverCard.Portal>
    </HoverCard.Root>
  );
}
