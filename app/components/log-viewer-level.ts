/*
 * The severity a log line states, so the viewer can colour it. Pure: called only for the rows in
 * view, never over the whole log.
 */

export type TLogLevel = 'error' | 'warning';

/** Level names as loggers print them; info and below are known too, so they stop the search. */
const LEVEL_NAMES: Record<string, TLogLevel | null> = {
  error: 'error', err: 'error', critical: 'error', crit: 'error', fatal: 'error', panic: 'error', severe: 'error', emerg: 'error', emergency: 'error', alert: 'error',
  warning: 'warning', warn: 'warning',
  info: null, information: null, notice: null, debug: null, trace: null, verbose: null,
};

/*
 * Three forms, the first one found in the line decides: a keyed level (`level=error`,
 * `"level":"warn"`, pino's `"level":50`), a bracketed one (`[ERROR]`), or a bare upper-case
 * word (`ERROR - ...`, Python logging's `ERROR:root:...`). A bare word must be upper case:
 * "no error found" is prose, not a level.
 */
const CANDIDATES = /\b(?:level|lvl|severity)["']?\s*[=:]\s*["']?([a-z]+|\d+)|\[\s*([a-z]+)\s*\]|\b(error|critical|fatal|warning|warn|info|debug|trace)\b/gi;

/** Only the start of a line is read: a level comes first, and a 1 MB line must not cost a scan. */
const SCAN_CHARS = 256;

/** pino and bunyan's numbers: 40 warn, 50 error, 60 fatal. */
function numericLevel(value: number): TLogLevel | null {
  if (value >= 50) return 'error';
  return value >= 40 ? 'warning' : null;
}

/** The level a line carries (error or warning), or null when it names none or a milder one. */
export function logLevelOf(line: string): TLogLevel | null {
  const head = line.length > SCAN_CHARS ? line.slice(0, SCAN_CHARS) : line;
  CANDIDATES.lastIndex = 0;
  for (let match = CANDIDATES.exec(head); match !== null; match = CANDIDATES.exec(head)) {
    const [, keyed, bracketed, bare] = match;
    if (keyed !== undefined) {
      if (/^\d+$/.test(keyed)) return numericLevel(Number(keyed));
      const level = LEVEL_NAMES[keyed.toLowerCase()];
      if (level !== undefined) return level;
    } else if (bracketed !== undefined) {
      const level = LEVEL_NAMES[bracketed.toLowerCase()];
      if (level !== undefined) return level;
    } else if (bare !== undefined && bare === bare.toUpperCase()) {
      return LEVEL_NAMES[bare.toLowerCase()] ?? null;
    }
  }
  return null;
}
