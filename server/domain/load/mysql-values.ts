import type { TColumnType } from './column-types';

/** A value MySQL cannot take as written; the target names the row and column around it. */
export class ValueError extends Error {}

const TRUE = new Set(['t', 'true', '1', 'y', 'yes', 'on']);
const FALSE = new Set(['f', 'false', '0', 'n', 'no', 'off']);

/** `2026-12-05 10:00:00.123456+09`, `2026-12-05T01:00:00Z`: date, time, fraction, zone. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const ZONED = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * An instant as MySQL's DATETIME in UTC (`2026-12-05 01:00:00.123456`), keeping the
 * microseconds PostgreSQL has; a text without a zone is taken as UTC already.
 */
function utcDatetime(text: string): string {
  const match = INSTANT.exec(text.trim());
  if (!match) throw new ValueError(`'${text}' is not a date and time`);
  const [, date, hours, minutes, seconds = '00', fraction = '', zone] = match;
  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const local = Date.UTC(Number(date!.slice(0, 4)), Number(date!.slice(5, 7)) - 1, Number(date!.slice(8, 10)), Number(hours), Number(minutes), Number(seconds));
  if (Number.isNaN(local)) throw new ValueError(`'${text}' is not a date and time`);
  const utc = new Date(local - offsetMinutes * 60_000);
  const day = `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
  return `${day} ${pad(utc.getUTCHours())}:${pad(utc.getUTCMinutes())}:${pad(utc.getUTCSeconds())}${fraction}`;
}

/** PostgreSQL's bytea text (`\x48656c6c6f`) as bytes; any other text as its UTF-8 bytes. */
function bytesOf(text: string): Uint8Array {
  if (!/^\\x([0-9a-f]{2})*$/i.test(text)) return new TextEncoder().encode(text);
  const hex = text.slice(2);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * A source value (text, as the source read it) as MySQL takes it for a target column of
 * `type`: booleans as 1/0, instants as UTC, bytea as bytes; everything else as the text,
 * which MySQL converts to the column's type (and refuses, naming the column, if it cannot).
 */
export function mysqlValue(type: TColumnType, text: string | null): string | Uint8Array | null {
  if (text === null) return null;
  switch (type.kind) {
    case 'boolean': {
      const word = text.trim().toLowerCase();
      if (TRUE.has(word)) return '1';
      if (FALSE.has(word)) return '0';
      throw new ValueError(`'${text}' is not a boolean (true/false, t/f, 1/0)`);
    }
    case 'timestamp':
      // A value with a zone is an instant: written in UTC (the target's session runs in UTC, so
      // a TIMESTAMP column stores the same instant). Without one it is wall-clock time as given.
      return ZONED.test(text.trim()) ? utcDatetime(text) : text.trim().replace('T', ' ');
    case 'bytes':
      return bytesOf(text);
    default:
      return text;
  }
}
