import { DateTime } from 'luxon';
import { z } from 'zod';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

const isUtcMidnight = (date: Date): boolean =>
  date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0;

/**
 * A `start_date` or `end_date` as written: `2024-01-01` (midnight in the DAG's time zone),
 * `2024-01-01T06:00:00+02:00` (an instant), or `2024-01-01T06:00` (wall time in the DAG's time
 * zone, as Airflow reads naive datetimes). Kept as text because its meaning depends on the
 * DAG's `timezone`; `resolveSpecDate` turns it into an instant.
 *
 * A Date object arrives from YAML 1.1 loaders, which read `2024-01-01` as UTC midnight: a Date at
 * exactly UTC midnight is taken as that calendar date, anything else as the instant it is.
 */
export const ZSpecDateSchema = z
  .union([z.string(), z.date()], { error: 'expected a date like 2024-01-01 or 2024-01-01T06:00:00Z' })
  .transform((value) => {
    if (typeof value === 'string') return value.trim();
    if (Number.isNaN(value.getTime())) return 'Invalid Date';
    return isUtcMidnight(value) ? value.toISOString().slice(0, 10) : value.toISOString();
  })
  .refine((text) => resolveSpecDate(text, 'UTC') !== null, {
    error: (issue) => `'${String(issue.input)}' is not a date: use 2024-01-01 or an ISO datetime like 2024-01-01T06:00:00Z`,
  });

/** The instant a spec date stands for in `timezone`, or null when the text is not a date. */
export function resolveSpecDate(text: string, timezone: string): Date | null {
  if (!DATE_ONLY.test(text) && !DATE_TIME.test(text)) return null;
  const parsed = DateTime.fromISO(text.replace(' ', 'T'), { zone: timezone, setZone: false });
  return parsed.isValid ? parsed.toJSDate() : null;
}
