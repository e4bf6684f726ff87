'use client';

import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { taskHref } from './links';
import { useTaskLog } from './log-viewer-fetch';
import { activeMatch, findMatches, layoutRows, matchCounter, scrollTopForRow, stepMatch, type TRowLayout } from './log-viewer-model';
import { LogRows, NUMBER_GUTTER_PX, ROW_HEIGHT, TIME_COLUMN_PX } from './log-viewer-rows';
import { useLogTimestamps } from './log-viewer-timestamps';
import styles from './log-viewer.module.css';

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

/**
 * One attempt's log: paged in, polled while live, searchable, windowed so 100,000 lines stay
 * smooth; each line with its time, its stream (stderr and the engine's own lines marked) and its
 * level's colour.
 */
export function LogViewer({ workspace, dagId, runId, taskId, tryNumber, live, header, line = null, onLineSelect }: TProps) {
  const { log, error, loading, download } = useTaskLog({ dagId, runId, taskId, tryNumber }, live);
  const [query, setQuery] = useState('');
  const switchId = useId();
  const deferredQuery = useDeferredValue(query);
  // The match the user stepped to, for the search it was made in: a new search starts on its first.
  const [position, setPosition] = useState({ query: '', index: 0 });
  const [wrap, setWrap] = useState(false);
  const [showTimes, setShowTimes] = useLogTimestamps();
  const scroller = useRef<HTMLDivElement>(null);
  const { lines } = log.text;
  const columns = useColumns(scroller, wrap, NUMBER_GUTTER_PX + (showTimes ? TIME_COLUMN_PX : 0));
  const matches = useMemo(() => findMatches(lines, deferredQuery), [lines, deferredQuery]);
  const layout = useMemo(() => layoutRows(lines, columns), [lines, columns]);
  const active = activeMatch(position.query === deferredQuery ? position.index : 0, matches.length);
  useScrollToFirstMatch(scroller, deferredQuery, matches[0] ?? null, layout);
  useScrollToLine(scroller, line, lines.length, layout);
  const lineHref = (number: number) => taskHref(workspace, dagId, runId, taskId, { tryNumber, line: number });

  const goTo = (direction: 1 | -1) => {
    const next = stepMatch(active, matches.length, direction);
    setPosition({ query: deferredQuery, index: next });
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
        <output aria-live="polite" aria-label="Matches" className={styles.count}>{matchCounter(deferredQuery, active, matches.length)}</output>
        <button type="button" onClick={() => goTo(-1)} disabled={matches.length === 0}>Previous</button>
        <button type="button" onClick={() => goTo(1)} disabled={matches.length === 0}>Next</button>
        <button type="button" onClick={jumpToEnd}>Jump to end</button>
        <label>
          <input type="checkbox" checked={wrap} onChange={(event) => setWrap(event.target.checked)} /> Wrap lines
        </label>
        <span className={styles.switchLabel}>
          <button type="button" role="switch" aria-checked={showTimes} aria-labelledby={`${switchId}-label`} className="switch" onClick={() => setShowTimes(!showTimes)}>
            <span className="switch-thumb" aria-hidden="true" />
          </button>
          <span id={`${switchId}-label`}>Timestamps</span>
        </span>
        <button type="button" onClick={() => void download()}>Download</button>
        {live && <span className={styles.live}>live</span>}
      </div>
      {error && <p role="alert" className="form-error">Could not read the log: {error}</p>}
      {!error && !loading && lines.length === 0 && <p className="muted">This attempt has not written any log.</p>}
      <LogRows
        scroller={scroller}
        log={log}
        layout={layout}
        query={deferredQuery}
        current={matches[active] ?? null}
        selectedLine={line}
        showTimes={showTimes}
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

/** A new search brings its first match into view (the one the counter calls "1 of N"), once per search. */
function useScrollToFirstMatch(scroller: RefObject<HTMLDivElement | null>, query: string, first: { line: number; start: number } | null, layout: TRowLayout) {
  const done = useRef('');
  useEffect(() => {
    if (query === '') done.current = '';
    if (query === '' || done.current === query || !first) return;
    done.current = query;
    scrollToRow(scroller.current, layout.rowOf(first.line, first.start));
  }, [scroller, query, first, layout]);
}

/** Characters per row when wrapping: the width of the scroll container left of the gutter, in monospace characters. */
function useColumns(scroller: RefObject<HTMLDivElement | null>, wrap: boolean, gutter: number): number | null {
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
    const measure = () => setColumns(Math.max(20, Math.floor((element.clientWidth - gutter) / charWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [scroller, wrap, gutter]);
  return columns;
}
