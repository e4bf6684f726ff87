import { describe, expect, it } from 'vitest';
import { formatTime } from './format-time';
import { activeMatch, appendLogPage, EMPTY_BUFFER, findMatches, formatLogDate, logTimeOfDay, matchCounter, stepMatch, streamOf } from './log-viewer-model';

const T0 = Date.UTC(2026, 11, 5, 14, 26, 28, 123);

describe('appendLogPage', () => {
  it('keeps each line’s stream and time parallel to its text', () => {
    const log = appendLogPage(EMPTY_BUFFER, { content: 'a\nb\n', lineStreams: 'oe', lineTimes: [T0, T0 + 1] });
    const more = appendLogPage(log, { content: 'c\n', lineStreams: 's', lineTimes: [T0 + 2] });
    expect(more.text.lines).toEqual(['a', 'b', 'c']);
    expect([0, 1, 2].map((line) => streamOf(more.streams, line))).toEqual(['stdout', 'stderr', 'system']);
    expect(more.times).toEqual([T0, T0 + 1, T0 + 2]);
    // The earlier buffer is left as it was: React state is never changed in place.
    expect(log.text.lines).toEqual(['a', 'b']);
    expect(log.times).toEqual([T0, T0 + 1]);
  });

  it('gives an unfinished line its stream and time when the page that ends it comes', () => {
    const open = appendLogPage(EMPTY_BUFFER, { content: 'a\npart', lineStreams: 'o', lineTimes: [T0] });
    expect(open.text.lines).toEqual(['a', 'part']);
    expect(open.times).toHaveLength(1);
    expect(streamOf(open.streams, 1)).toBe('stdout');
    const ended = appendLogPage(open, { content: 'ial\n', lineStreams: 'e', lineTimes: [T0 + 5] });
    expect(ended.text.lines).toEqual(['a', 'partial']);
    expect(streamOf(ended.streams, 1)).toBe('stderr');
    expect(ended.times[1]).toBe(T0 + 5);
  });

  it('ignores an empty page', () => {
    expect(appendLogPage(EMPTY_BUFFER, { content: '', lineStreams: '', lineTimes: [] })).toBe(EMPTY_BUFFER);
  });
});

describe('log times', () => {
  it('shows the time of day with milliseconds, and the full date and zone on hover', () => {
    expect(formatLogDate(T0)).toBe('2026-12-05 14:26:28.123 UTC');
    expect(logTimeOfDay(formatLogDate(T0))).toBe('14:26:28.123');
    expect(logTimeOfDay(formatLogDate(Date.UTC(2026, 0, 1, 0, 0, 0, 7)))).toBe('00:00:00.007');
  });

  it('prints them in the zone the user chose, as every time in the app is', () => {
    const paris = (isoText: string) => formatTime(isoText, 'Europe/Paris');
    expect(formatLogDate(T0, paris)).toBe('2026-12-05 15:26:28.123 CET');
    expect(logTimeOfDay(formatLogDate(T0, paris))).toBe('15:26:28.123');
    expect(formatLogDate(Date.UTC(2026, 6, 1, 22, 0, 0, 999), paris)).toBe('2026-07-02 00:00:00.999 CEST');
  });
});

describe('search counter', () => {
  it('says "1 of 4" as soon as a search finds 4 matches, not "0 of 4"', () => {
    const lines = ['needle one', 'needle two, needle three', 'hay', 'needle four'];
    const matches = findMatches(lines, 'needle');
    expect(matches).toHaveLength(4);
    expect(matchCounter('needle', activeMatch(0, matches.length), matches.length)).toBe('1 of 4');
    // A new search starts at index 0 rather than -1: the counter and the highlighted match agree.
    expect(matchCounter('needle', activeMatch(-1, matches.length), matches.length)).toBe('1 of 4');
  });

  it('steps from the match shown, wrapping both ways', () => {
    const count = 4;
    let at = activeMatch(0, count);
    at = stepMatch(at, count, 1);
    expect(matchCounter('x', at, count)).toBe('2 of 4');
    at = stepMatch(stepMatch(at, count, -1), count, -1);
    expect(matchCounter('x', at, count)).toBe('4 of 4');
    expect(matchCounter('x', stepMatch(at, count, 1), count)).toBe('1 of 4');
  });

  it('keeps the index within the matches there are, and says when there are none', () => {
    expect(activeMatch(7, 3)).toBe(2);
    expect(activeMatch(0, 0)).toBe(-1);
    expect(matchCounter('x', -1, 0)).toBe('no matches');
    expect(matchCounter('', 0, 0)).toBe('');
  });
});
