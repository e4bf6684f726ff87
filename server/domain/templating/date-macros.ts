import { DateTime } from 'luxon';
import { err, ok, type Result } from '../result';
import { strftime, strptime } from './python-strftime';

const DS = /^\d{4}-\d{2}-\d{2}$/;

/** Airflow's macros.ds_add: the YYYY-MM-DD date `days` days later (earlier when negative). */
export function dsAdd(ds: unknown, days: unknown): Result<string, string> {
  const date = typeof ds === 'string' && DS.test(ds) ? DateTime.fromISO(ds, { zone: 'UTC' }) : null;
  if (!date?.isValid) return err(`ds_add: ${JSON.stringify(ds)} is not a YYYY-MM-DD date`);
  const count = typeof days === 'string' && days.trim() !== '' ? Number(days) : days;
  if (typeof count !== 'number' || !Number.isInteger(count)) {
    return err(`ds_add: the number of days must be a whole number, got ${JSON.stringify(days)}`);
  }
  return ok(date.plus({ days: count }).toFormat('yyyy-MM-dd'));
}

/** Airflow's macros.ds_format: reads `ds` with one strftime format and writes it with another. */
export function dsFormat(ds: unknown, inputFormat: unknown, outputFormat: unknown): Result<string, string> {
  if (typeof inputFormat !== 'string' || typeof outputFormat !== 'string') {
    return err('ds_format: the input and output formats must be strings, like "%Y-%m-%d"');
  }
  const parsed = strptime(String(ds), inputFormat);
  if (!parsed.ok) return err(`ds_format: ${parsed.error}`);
  const formatted = strftime(parsed.value, outputFormat);
  return formatted.ok ? formatted : err(`ds_format: ${formatted.error}`);
}
