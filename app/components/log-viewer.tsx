'use client';

import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTaskLog } from './log-viewer-fetch';
import { findMatches, highlightParts, layoutRows, scrollTopForRow, stepMatch, visibleRows, type TLogMatch, type TRowLayout } from './log-viewer-model';
import styles from './log-viewer.module.css';

const ROW_HEIGHT = 18;
const VIEWPORT_HEIGHT = 480;

type TProps = { workspace: string; dagId: string; runId: string; taskId: string; tryNumber: number; live: boolean };

/** One attempt's log: paged in, polled while live, searchable, windowed so 100,000 lines stay smooth. */
export function LogViewer({ dagId, runId, taskId, tryNumber, live }: TProps) {
  const { log, error, loading, download } = useTaskLog({ dagId, runId, taskId, tryNumber }, live);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [current, setCurrent] = useState(-1);
  const [wrap, setWrap] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const columns = useColumns(scroller, wrap);
  const matches = useMemo(() => findMatches(log.lines, deferredQuery), [log.lines, deferredQuery]);
  const layout = useMemo(() => layoutRows(log.lines, columns), [log.lines, columns]);
  useEffect(() => setCurrent(-1), [deferredQuery]);

  const goTo = (direction: 1 | -1) => {
    const next = stepMatch(current, matches.length, direction);
    setCurrent(next);
    const match = matches[next];
    if (match) scrollToRow(scroller.current, layout.rowOf(match.line, match.start));
  };
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    goTo(event.shiftKey ? -1 : 1);
  };
  const jumpToEnd = () => {
    if (scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
  };

  return (
    <section className={styles.viewer} aria-label={`Log of ${taskId}, try ${tryNumber}`}>
      <div className={styles.toolbar} role="toolbar" aria-label="Log tools">
        <label>
          Search log
          <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} onKeyDown={onSearchKey} />
        </label>
        <span aria-live="polite" className={styles.count}>
          {deferredQuery === '' ? '' : matches.length === 0 ? 'no matches' : `${current < 0 ? 0 : current + 1} of ${matches.length}`}
        </span>
        <button type="button" onClick={() => goTo(-1)} disabled={matches.length === 0}>Previous</button>
        <button type="button" onClick={() => goTo(1)} disabled={matches.length === 0}>Next</button>
        <button type="button" onClick={jumpToEnd}>Jump to end</button>
        <label>
          <input type="checkbox" checked={wrap} onChange={(event) => setWrap(event.target.checked)} /> Wrap lines
        </label>
        <button type="button" onClick={() => void download()}>Download</button>
        {live && <span className={styles.live}>live</span>}
      </div>
      {error && <p role="alert" className="form-error">Could not read the log: {error}</p>}
      {!error && !loading && log.lines.length === 0 && <p className="muted">This attempt has not written any log.</p>}
      <LogRows scroller={scroller} lines={log.lines} layout={layout} query={deferredQuery} current={matches[current] ?? null} />
    </section>
  );
}

function scrollToRow(element: HTMLDivElement | null, row: number) {
  if (!element) return;
  element.scrollTop = scrollTopForRow(row, { scrollTop: element.scrollTop, viewportHeight: element.clientHeight, rowHeight: ROW_HEIGHT });
}

/** Characters per row when wrapping: the monospace width of the scroll container. */
function useColumns(scroller: RefObject<HTMLDivElement | null>, wrap: boolean): number | null {
  const [columns, setColumns] = useState<number | null>(null);
  useEffect(() => {
    const element = scroller.current;
    if (!wrap || !element) {
      setColumns(null);
      return;
    }
    const probe = document.createElement('span');
    probe.textContent = 'x'.repeat(100);
    probe.className = styles.probe ?? '';
    element.appendChild(probe);
    const charWidth = probe.getBoundingClientRect().width / 100 || 8;
    probe.remove();
    const measure = () => setColumns(Math.max(20, Math.floor((element.clientWidth - 64) / charWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [scroller, wrap]);
  return columns;
}

type TRowsProps = { scroller: RefObject<HTMLDivElement | null>; lines: readonly string[]; layout: TRowLayout; query: string; current: TLogMatch | null };

/** Only the rows in view (plus a margin) are in the DOM; a spacer gives the full scroll height. */
function LogRows({ scroller, lines, layout, query, current }: TRowsProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const { start, end } = visibleRows({ scrollTop, viewportHeight: VIEWPORT_HEIGHT, rowHeight: ROW_HEIGHT, count: layout.count });
  const rows = [];
  for (let row = start; row < end; row++) {
    const line = layout.lineOf(row);
    const from = layout.startOf(row);
    const full = lines[line] ?? '';
    const text = layout.width === null ? full : full.slice(from, from + layout.width);
    const currentOffset = current && current.line === line ? current.start - from : null;
    rows.push(
      <div key={row} className={styles.row} style={{ top: row * ROW_HEIGHT, height: ROW_HEIGHT }}>
        <span className={styles.number} aria-hidden="true">{from === 0 ? line + 1 : ''}</span>
        <span className={styles.text}>
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
