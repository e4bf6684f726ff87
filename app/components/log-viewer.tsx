'use client';

import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import { taskHref } from './links';
import { useTaskLog } from './log-viewer-fetch';
import { findMatches, highlightParts, layoutRows, scrollTopForRow, stepMatch, visibleRows, type TLogMatch, type TRowLayout } from './log-viewer-model';
import styles from './log-viewer.module.css';

const ROW_HEIGHT = 18;
const VIEWPORT_HEIGHT = 480;

type TProps = {
  workspace: string;
  dagId: string;
  runId: string;
  taskId: string;
  tryNumber: number;
  live: boolean;
  /** The log's header, "Try 2 of 4": the caller counts it from the task instance (try-count.ts). */
  header?: string;
  /** The line the URL names (`#L120`, 1-based): scrolled to once it has loaded, and highlighted. */
  line?: number | null;
  /** Clicking a line number: without it the number is a plain link to that line's URL. */
  onLineSelect?: (line: number) => void;
};

/** One attempt's log: paged in, polled while live, searchable, windowed so 100,000 lines stay smooth. */
export function LogViewer({ workspace, dagId, runId, taskId, tryNumber, live, header, line = null, onLineSelect }: TProps) {
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
  useScrollToLine(scroller, line, log.lines.length, layout);
  const lineHref = (number: number) => taskHref(workspace, dagId, runId, taskId, { tryNumber, line: number });

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
      {header && <p className={styles.header}>{header}</p>}
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
      <LogRows
        scroller={scroller}
        lines={log.lines}
        layout={layout}
        query={deferredQuery}
        current={matches[current] ?? null}
        selectedLine={line}
        lineHref={lineHref}
        onLineSelect={onLineSelect}
      />
    </section>
  );
}

function scrollToRow(element: HTMLDivElement | null, row: number) {
  if (!element) return;
  element.scrollTop = scrollTopForRow(row, { scrollTop: element.scrollTop, viewportHeight: element.clientHeight, rowHeight: ROW_HEIGHT });
}

/**
 * Brings the URL's line into view once the log has that many lines (a live log may reach it
 * later), once per line: the user's own scrolling afterwards is left alone.
 */
function useScrollToLine(scroller: RefObject<HTMLDivElement | null>, line: number | null, loaded: number, layout: TRowLayout) {
  const done = useRef<number | null>(null);
  useEffect(() => {
    const element = scroller.current;
    if (line === null || done.current === line || loaded < line || !element) return;
    done.current = line;
    // The log sits below the panel's facts: show the log box first, then the line inside it.
    element.scrollIntoView({ block: 'nearest' });
    scrollToRow(element, layout.rowOf(line - 1, 0));
  }, [scroller, line, loaded, layout]);
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

type TRowsProps = {
  scroller: RefObject<HTMLDivElement | null>;
  lines: readonly string[];
  layout: TRowLayout;
  query: string;
  current: TLogMatch | null;
  selectedLine: number | null;
  lineHref: (line: number) => string;
  onLineSelect?: (line: number) => void;
};

/** Only the rows in view (plus a margin) are in the DOM; a spacer gives the full scroll height. */
function LogRows({ scroller, lines, layout, query, current, selectedLine, lineHref, onLineSelect }: TRowsProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const { start, end } = visibleRows({ scrollTop, viewportHeight: VIEWPORT_HEIGHT, rowHeight: ROW_HEIGHT, count: layout.count });
  const rows = [];
  for (let row = start; row < end; row++) {
    const line = layout.lineOf(row);
    const from = layout.startOf(row);
    const full = lines[line] ?? '';
    const text = layout.width === null ? full : full.slice(from, from + layout.width);
    const currentOffset = current && current.line === line ? current.start - from : null;
    const selected = selectedLine === line + 1;
    rows.push(
      <div
        key={row}
        className={`${styles.row} ${selected ? styles.selectedLine : ''}`}
        style={{ top: row * ROW_HEIGHT, height: ROW_HEIGHT }}
        data-line={line + 1}
        aria-current={selected ? 'location' : undefined}
      >
        <span className={styles.number}>{from === 0 && <LineLink line={line + 1} href={lineHref(line + 1)} onSelect={onLineSelect} />}</span>
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
