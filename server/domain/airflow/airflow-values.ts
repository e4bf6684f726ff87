import type { TPyFunction, TPyValue } from './airflow-description';

/** A value the converter could not map, with the reason (the caller reports it at `line`). */
export type TUnmapped = { unmapped: string; line: number | null };
export type TMapped<T> = { value: T } | TUnmapped;

export const mapped = <T>(value: T): { value: T } => ({ value });
export const isUnmapped = <T>(result: TMapped<T>): result is TUnmapped => 'unmapped' in result;

export function lineOf(value: TPyValue): number | null {
  return 'line' in value ? value.line : null;
}

/** The value as the source wrote it, for messages. */
export function sourceText(value: TPyValue): string {
  if ('text' in value && value.text) return value.text;
  if ('expr' in value) return value.expr;
  if ('name' in value) return value.name;
  if ('task' in value) return `the output of ${value.task}`;
  if ('lit' in value) return JSON.stringify(value.lit);
  return '(expression)';
}

const unmapped = (value: TPyValue, reason: string): TUnmapped => ({ unmapped: `${sourceText(value)}: ${reason}`, line: lineOf(value) });

/** A literal; `json.dumps(<literal>)` counts as its literal (an http task sends a mapping as JSON). */
export function literal(value: TPyValue): TMapped<unknown> {
  if ('lit' in value) return mapped(value.lit);
  if ('call' in value && value.call.endsWith('json.dumps') && value.args.length === 1 && value.args[0] && 'lit' in value.args[0]) return mapped(value.args[0].lit);
  return unmapped(value, 'not a literal value (the importer does not run code)');
}

export function literalOf<T>(value: TPyValue, what: string, check: (v: unknown) => v is T): TMapped<T> {
  const result = literal(value);
  if (isUnmapped(result)) return result;
  return check(result.value) ? mapped(result.value) : unmapped(value, `expected ${what}`);
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isInteger = (v: unknown): v is number => Number.isInteger(v);
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isStringOrList = (v: unknown): v is string | string[] => isString(v) || (Array.isArray(v) && v.every(isString));

const TIMEDELTA_ORDER = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'] as const;
const SECONDS_PER: Record<string, number> = { weeks: 604_800, days: 86_400, hours: 3_600, minutes: 60, seconds: 1, milliseconds: 0.001, microseconds: 0.000_001 };
const DURATION_CALLS = /(^|\.)(timedelta|duration)$/;

/** `timedelta(minutes=3)`, `pendulum.duration(hours=1)` or a number of seconds, as seconds. */
export function durationSeconds(value: TPyValue): TMapped<number> {
  if ('lit' in value && typeof value.lit === 'number' && value.lit >= 0) return mapped(value.lit);
  if (!('call' in value) || !DURATION_CALLS.test(value.call)) return unmapped(value, 'expected timedelta(...) or a number of seconds');
  let seconds = 0;
  const parts: [string, TPyValue][] = [...value.args.map((arg, i): [string, TPyValue] => [TIMEDELTA_ORDER[i] ?? 'extra', arg]), ...Object.entries(value.kwargs)];
  for (const [unit, part] of parts) {
    const factor = SECONDS_PER[unit];
    if (factor === undefined || !('lit' in part) || typeof part.lit !== 'number') return unmapped(value, `expected literal numbers of ${Object.keys(SECONDS_PER).join(', ')}`);
    seconds += part.lit * factor;
  }
  return seconds >= 0 ? mapped(Math.round(seconds * 1000) / 1000) : unmapped(value, 'a negative duration');
}

const DATE_CALLS = /(^|\.)datetime$/;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `datetime(2024, 1, 1)`, `datetime(2024, 1, 1, 6, tzinfo=timezone.utc)` or
 * `pendulum.datetime(2024, 1, 1, tz="Asia/Seoul")` as a spec date and, when the call names one,
 * its time zone (pendulum's default is UTC; a naive datetime is UTC for Airflow's default zone).
 */
export function specDate(value: TPyValue): TMapped<{ date: string; timezone?: string }> {
  if ('lit' in value && typeof value.lit === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.lit)) return mapped({ date: value.lit });
  if (!('call' in value) || !DATE_CALLS.test(value.call)) {
    return unmapped(value, 'expected datetime(...) or pendulum.datetime(...) with literal numbers; a relative date (days_ago, now) has no fixed start: write one');
  }
  const names = ['year', 'month', 'day', 'hour', 'minute', 'second'];
  const fields = new Map<string, TPyValue>(value.args.map((arg, i) => [names[i] ?? 'extra', arg]));
  for (const [key, arg] of Object.entries(value.kwargs)) fields.set(key, arg);
  const numbers: number[] = [];
  for (const [i, name] of names.entries()) {
    const field = fields.get(name);
    if (field === undefined && i >= 3) break;
    if (field === undefined || !('lit' in field) || !isInteger(field.lit)) return unmapped(value, `expected a literal ${name}`);
    numbers.push(field.lit);
  }
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = numbers;
  const date = numbers.length <= 3 ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
  const zone = fields.get('tz') ?? fields.get('tzinfo');
  if (zone === undefined) return mapped({ date });
  const timezone = zoneName(zone);
  return timezone === null ? unmapped(zone, 'expected a time zone name like "Asia/Seoul"') : mapped({ date, timezone });
}

function zoneName(zone: TPyValue): string | null {
  if ('lit' in zone && isString(zone.lit)) return zone.lit;
  if ('name' in zone && /(^|\.)(utc|UTC)$/.test(zone.name)) return 'UTC';
  if ('call' in zone && /(^|\.)(timezone|ZoneInfo)$/.test(zone.call) && zone.args[0] && 'lit' in zone.args[0] && isString(zone.args[0].lit)) return zone.args[0].lit;
  return null;
}

const PRESETS: Record<number, string> = { 3_600: '@hourly', 86_400: '@daily', 604_800: '@weekly' };

/**
 * Airflow's `schedule`/`schedule_interval`: a cron string or preset, None, or a timedelta,
 * which becomes the cron with the same period when one exists (every N minutes dividing an
 * hour, every N hours dividing a day, a day, a week). Tributary's schedules are crons, so an
 * interval that no cron expresses (90 minutes) is reported.
 */
export function schedule(value: TPyValue): TMapped<string | null> {
  if ('lit' in value && (value.lit === null || isString(value.lit))) {
    if (value.lit === '@continuous') return unmapped(value, 'continuous runs have no equivalent; use a frequent cron like "* * * * *"');
    return mapped(value.lit);
  }
  const seconds = durationSeconds(value);
  if (isUnmapped(seconds)) return unmapped(value, 'expected a cron string, a preset like "@daily", None or a timedelta (datasets and timetables are not converted)');
  const preset = PRESETS[seconds.value];
  if (preset) return mapped(preset);
  const minutes = seconds.value / 60;
  if (Number.isInteger(minutes) && minutes > 0 && minutes < 60 && 60 % minutes === 0) return mapped(`*/${minutes} * * * *`);
  const hours = minutes / 60;
  if (Number.isInteger(hours) && hours > 0 && hours < 24 && 24 % hours === 0) return mapped(`0 */${hours} * * *`);
  return unmapped(value, 'an interval no cron expression repeats exactly; write a cron schedule');
}

/**
 * A python task's source for a function of the file: the module-level imports it and its
 * helpers use, the literal constants they read, `source` (the function's own, or a wrapper
 * around it), then the helper functions. The task calls the first top-level def, so helpers
 * come after it (Python looks them up when the function runs); constants come before, as a
 * default argument may read one when the def runs.
 */
export function withImports(fn: TPyFunction, source = fn.source): string {
  const parts = [fn.imports.join('\n'), fn.constants.map((c) => c.source.trimEnd()).join('\n'), source.trimEnd(), ...fn.helpers.map((h) => h.source.trimEnd())].filter((part) => part !== '');
  return `${parts.join('\n\n\n')}\n`;
}

/** The report's lines for what withImports carried, and for the helpers it could not carry. */
export function carriedReport(fn: TPyFunction): { notes: string[]; left: { line: number; subject: string; message: string; suggestion: string }[] } {
  const named = [...fn.constants.map((c) => `constant ${c.name} (line ${c.line})`), ...fn.helpers.map((h) => `function ${h.name} (line ${h.line})`)];
  return {
    notes: named.length > 0 ? [`carried from the file into the python source: ${named.join(', ')}`] : [],
    left: fn.unresolved.map((u) => ({
      line: u.line,
      subject: `helper ${u.name}`,
      message: `not carried into the python source: it reads ${u.reads.join(', ')}, which is neither a literal constant, a function of this file nor a non-Airflow import; the task fails with a NameError where it calls ${u.name}`,
      suggestion: `make ${u.name} self-contained (pass what it reads as an argument), or rewrite it without Airflow`,
    })),
  };
}
