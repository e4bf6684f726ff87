/*
 * The log viewer's pure parts: line buffering, search, wrapping and windowing. No React, no I/O:
 * they are what must stay fast for a 100,000-line log, and are tested on their own.
 */

import { formatTime } from './format-time';

/** The log as lines; `open` means the last line has not ended with a newline yet. */
export type TLogLines = { lines: string[]; open: boolean };

export const EMPTY_LOG: TLogLines = { lines: [], open: false };

/** Appends a page of log text, continuing an unfinished last line. */
export function appendLogText(log: TLogLines, text: string): TLogLines {
  if (text === '') return log;
  const parts = text.split('\n');
  const endsClosed = text.endsWith('\n');
  if (endsClosed) parts.pop();
  const lines = log.lines.slice();
  if (log.open && lines.length > 0) lines[lines.length - 1] += parts.shift() ?? '';
  for (const part of parts) lines.push(part);
  return { lines, open: !endsClosed };
}

/** Each line's stream, as the server sends it: one letter per line. */
export type TLogStreamName = 'stdout' | 'stderr' | 'system';
const STREAM_NAMES: Record<string, TLogStreamName> = { o: 'stdout', e: 'stderr', s: 'system' };

/**
 * The log with, per ended line, its stream (`streams`, one letter each: o, e, s) and when the
 * worker received it (`times`, epoch ms): parallel to `text.lines` rather than an object per
 * line, so 100,000 lines cost two strings' worth of memory and no allocation per line. An
 * unfinished last line has neither yet; the page that ends it brings them.
 */
export type TLogBuffer = { text: TLogLines; streams: string; times: readonly number[] };

export const EMPTY_BUFFER: TLogBuffer = { text: EMPTY_LOG, streams: '', times: [] };

/** Appends a page of the log (its text and one stream letter and time per line it ends). */
export function appendLogPage(buffer: TLogBuffer, page: { content: string; lineStreams: string; lineTimes: readonly number[] }): TLogBuffer {
  if (page.content === '') return buffer;
  return {
    text: appendLogText(buffer.text, page.content),
    streams: buffer.streams + page.lineStreams,
    times: buffer.times.concat(page.lineTimes),
  };
}

/** A line's stream; stdout when the line has none yet (still being written). */
export function streamOf(streams: string, line: number): TLogStreamName {
  return STREAM_NAMES[streams.charAt(line)] ?? 'stdout';
}

/**
 * A line's time of arrival in full, for the hover: the app's one way of printing a time (`print`,
 * in the zone the user chose; UTC by default) with the milliseconds put in after the seconds:
 * `2026-12-05 14:26:28.123 UTC`, `2026-12-05 15:26:28.123 CET`.
 */
export function formatLogDate(epochMs: number, print: (isoText: string) => string = (isoText) => formatTime(isoText)): string {
  const printed = print(new Date(epochMs).toISOString());
  const millis = String(((epochMs % 1000) + 1000) % 1000).padStart(3, '0');
  return `${printed.slice(0, 19)}.${millis}${printed.slice(19)}`;
}

/** The time of day of a formatLogDate text, for the narrow column: `14:26:28.123`. */
export function logTimeOfDay(logDate: string): string {
  return logDate.slice(11, 23);
}

/** One occurrence of the search text. */
export type TLogMatch = { line: number; start: number };

/** Every case-insensitive occurrence of `query`, in reading order. */
export function findMatches(lines: readonly string[], query: string): TLogMatch[] {
  if (query === '') return [];
  const needle = query.toLowerCase();
  const matches: TLogMatch[] = [];
  for (let line = 0; line < lines.length; line++) {
    const haystack = (lines[line] ?? '').toLowerCase();
    for (let start = haystack.indexOf(needle); start !== -1; start = haystack.indexOf(needle, start + needle.length)) {
      matches.push({ line, start });
    }
  }
  return matches;
}

/**
 * The match the search is on: the first one as soon as there are any (so a search says "1 of 4",
 * never "0 of 4"), the last one when the matches shrank below the index, -1 when there are none.
 */
export function activeMatch(current: number, count: number): number {
  if (count === 0) return -1;
  return Math.min(Math.max(current, 0), count - 1);
}

/** What the search counter says: nothing without a search, "no matches", or "2 of 4". */
export function matchCounter(query: string, current: number, count: number): string {
  if (query === '') return '';
  if (count === 0) return 'no matches';
  return `${activeMatch(current, count) + 1} of ${count}`;
}

/** The next (or previous) match index, wrapping around; -1 when there is none. */
export function stepMatch(current: number, count: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}

/**
 * The rows that are drawn: one per line, or with wrapping one per `columns` characters of a
 * line. Fixed-height rows are what makes windowing a division rather than a measurement.
 */
export type TRowLayout = { count: number; lineOf: (row: number) => number; startOf: (row: number) => number; rowOf: (line: number, offset: number) => number; width: number | null };

export function layoutRows(lines: readonly string[], columns: number | null): TRowLayout {
  if (columns === null || columns < 1) {
    return { count: lines.length, lineOf: (row) => row, startOf: () => 0, rowOf: (line) => line, width: null };
  }
  const firstRow = new Int32Array(lines.length + 1);
  for (let line = 0; line < lines.length; line++) {
    firstRow[line + 1] = (firstRow[line] ?? 0) + Math.max(1, Math.ceil((lines[line] ?? '').length / columns));
  }
  const count = firstRow[lines.length] ?? 0;
  const lineOf = (row: number) => {
    let low = 0;
    let high = lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((firstRow[mid] ?? 0) <= row) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  return {
    count,
    lineOf,
    startOf: (row) => (row - (firstRow[lineOf(row)] ?? 0)) * columns,
    rowOf: (line, offset) => (firstRow[line] ?? 0) + Math.floor(offset / columns),
    width: columns,
  };
}

/** The rows to render for a scroll position, with a few extra above and below. */
export function visibleRows(input: { scrollTop: number; viewportHeight: number; rowHeight: number; count: number; overscan?: number }) {
  const overscan = input.overscan ?? 10;
  const first = Math.floor(input.scrollTop / input.rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(input.count, first + Math.ceil(input.viewportHeight / input.rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}

/** The scroll position that brings `row` into view, centred when it is not visible. */
export function scrollTopForRow(row: number, input: { scrollTop: number; viewportHeight: number; rowHeight: number }): number {
  const top = row * input.rowHeight;
  if (top >= input.scrollTop && top + input.rowHeight <= input.scrollTop + input.viewportHeight) return input.scrollTop;
  return Math.max(0, top - input.viewportHeight / 2);
}

/** A row's text cut into plain and matching parts for highlighting. */
export function highlightParts(text: string, query: string): { text: string; match: boolean; offset: number }[] {
  if (query === '') return [{ text, match: false, offset: 0 }];
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const parts: { text: string; match: boolean; offset: number }[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false, offset: from });
    parts.push({ text: text.slice(at, at + needle.length), match: true, offset: at });
    from = at + needle.length;
  }
  if (from < text.length || parts.length === 0) parts.push({ text: text.slice(from), match: false, offset: from });
  return parts;
}
