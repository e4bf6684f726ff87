'use client';

import { useMemo, useState, type MouseEvent, type RefObject } from 'react';
import { logLevelOf } from './log-viewer-level';
import { formatLogDate, highlightParts, logTimeOfDay, streamOf, visibleRows, type TLogBuffer, type TLogMatch, type TLogStreamName, type TRowLayout } from './log-viewer-model';
import styles from './log-viewer.module.css';
import { useFormatTime } from './time-zone-context';

export const ROW_HEIGHT = 18;
export const VIEWPORT_HEIGHT = 480;
/** The line-number column and the stream border, in px: what a wrapped row's text cannot use. */
export const NUMBER_GUTTER_PX = 64;
/** The time column (`14:26:28.123` and its padding), in px; log-viewer.module.css's .time has the same width. */
export const TIME_COLUMN_PX = 96;

/** What a stream's lines say to a screen reader and on hover; stdout, the usual case, says nothing. */
const STREAM_LABELS: Record<TLogStreamName, string | null> = { stdout: null, stderr: 'stderr', system: 'system: Tributary’s own line' };

type TRowsProps = {
  scroller: RefObject<HTMLDivElement | null>;
  log: TLogBuffer;
  layout: TRowLayout;
  query: string;
  current: TLogMatch | null;
  selectedLine: number | null;
  showTimes: boolean;
  lineHref: (line: number) => string;
  onLineSelect?: (line: number) => void;
};

/** Only the rows in view (plus a margin) are in the DOM; a spacer gives the full scroll height. */
export function LogRows({ scroller, log, layout, query, current, selectedLine, showTimes, lineHref, onLineSelect }: TRowsProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const logDate = useLogDate();
  const { lines } = log.text;
  const { start, end } = visibleRows({ scrollTop, viewportHeight: VIEWPORT_HEIGHT, rowHeight: ROW_HEIGHT, count: layout.count });
  const rows = [];
  for (let row = start; row < end; row++) {
    const line = layout.lineOf(row);
    const from = layout.startOf(row);
    const full = lines[line] ?? '';
    const text = layout.width === null ? full : full.slice(from, from + layout.width);
    const currentOffset = current && current.line === line ? current.start - from : null;
    const selected = selectedLine === line + 1;
    const stream = streamOf(log.streams, line);
    const label = STREAM_LABELS[stream];
    const level = logLevelOf(full);
    const time = log.times[line];
    rows.push(
      <div
        key={row}
        className={`${styles.row} ${styles[stream] ?? ''} ${selected ? styles.selectedLine : ''}`}
        style={{ top: row * ROW_HEIGHT, height: ROW_HEIGHT }}
        data-line={line + 1}
        data-stream={stream}
        aria-current={selected ? 'location' : undefined}
      >
        <span className={styles.number}>{from === 0 && <LineLink line={line + 1} href={lineHref(line + 1)} onSelect={onLineSelect} />}</span>
        {showTimes && (
          <span className={styles.time}>
            {from === 0 && time !== undefined && <LogTime epochMs={time} full={logDate(time)} />}
          </span>
        )}
        {label && from === 0 && <span role="img" aria-label={label} className={styles.streamMark} />}
        <span className={`${styles.text} ${level ? styles[level] : ''}`} data-level={level ?? undefined} title={label ?? undefined}>
          {highlightParts(text, query).map((part) => (
            <span key={part.offset} className={part.match ? (part.offset === currentOffset ? styles.current : styles.match) : undefined}>{part.text}</span>
          ))}
        </span>
      </div>,
    );
  }
  return (
    <div
      ref={scroller}
      className={styles.scroller}
      style={{ height: VIEWPORT_HEIGHT }}
      tabIndex={0}
      role="log"
      aria-label={`${lines.length} log lines`}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div className={styles.spacer} style={{ height: layout.count * ROW_HEIGHT }}>{rows}</div>
    </div>
  );
}

/**
 * formatLogDate in the user's zone, remembered per time: a local zone costs a few Intl calls per
 * time, and every scroll redraws the rows in view.
 */
function useLogDate(): (epochMs: number) => string {
  const formatTime = useFormatTime();
  return useMemo(() => {
    const printed = new Map<number, string>();
    return (epochMs: number) => {
      let text = printed.get(epochMs);
      if (text === undefined) {
        if (printed.size >= 10_000) printed.clear();
        text = formatLogDate(epochMs, (isoText) => formatTime(isoText));
        printed.set(epochMs, text);
      }
      return text;
    };
  }, [formatTime]);
}

function LogTime({ epochMs, full }: { epochMs: number; full: string }) {
  return <time dateTime={new Date(epochMs).toISOString()} title={full}>{logTimeOfDay(full)}</time>;
}

/** A line number, as on GitHub: a link to the line's URL; a plain click selects it in place. */
function LineLink({ line, href, onSelect }: { line: number; href: string; onSelect?: (line: number) => void }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // A modified click (new tab, copy) keeps the link's own behaviour.
    if (!onSelect || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onSelect(line);
  };
  // Out of the tab order: the log is one tab stop, as the grid is; the URL is one click away.
  return <a href={href} tabIndex={-1} aria-label={`Line ${line}`} onClick={onClick}>{line}</a>;
}
