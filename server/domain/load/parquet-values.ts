import { ValueError } from './mysql-values';
import type { TParquetReading, TParquetTimeUnit, TParquetWriting } from './parquet-types';

/**
 * Parquet values and a load's text, both ways. Text is what every load target takes (PostgreSQL
 * casts it; mysql-values.ts converts it): instants as ISO 8601 in UTC, dates YYYY-MM-DD,
 * decimals and 64-bit integers exact, bytes as PostgreSQL's bytea hex (\x..), nested values
 * as JSON.
 */

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const UNITS_PER_MICRO: Record<TParquetTimeUnit, bigint> = { MILLIS: 0n, MICROS: 1n, NANOS: 1000n };
const MICROS_PER_DAY = 86_400_000_000n;

function pad(value: number | bigint, width = 2): string {
  return String(value).padStart(width, '0');
}

function hex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += HEX[byte];
  return text;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function toMicros(value: number | bigint, unit: TParquetTimeUnit): bigint {
  const n = BigInt(value);
  // Finer than microseconds (PostgreSQL's precision) is truncated toward the past.
  return unit === 'MILLIS' ? n * 1000n : floorDiv(n, UNITS_PER_MICRO[unit]);
}

/** A proleptic Gregorian day; years before 1 as PostgreSQL spells them (`0044-03-15 BC`). */
function dayText(date: Date): string {
  const year = date.getUTCFullYear();
  const text = `${pad(year > 0 ? year : 1 - year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return year > 0 ? text : `${text} BC`;
}

function fraction(micros: bigint): string {
  return micros === 0n ? '' : `.${pad(micros, 6)}`;
}

/** `2026-12-05T01:00:00.123456Z` (an instant), or without the Z for wall-clock time. */
export function instantText(micros: bigint, utc: boolean): string {
  const seconds = floorDiv(micros, 1_000_000n);
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) throw new ValueError(`${micros} microseconds is beyond the dates a load can write`);
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${fraction(micros - seconds * 1_000_000n)}`;
  const day = dayText(date);
  if (day.endsWith(' BC')) return `${day.slice(0, -3)} ${time}${utc ? '+00' : ''} BC`;
  return `${day}T${time}${utc ? 'Z' : ''}`;
}

function timeText(micros: bigint): string {
  const seconds = micros / 1_000_000n;
  return `${pad(seconds / 3600n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}${fraction(micros % 1_000_000n)}`;
}

/** A big-endian two's-complement integer (a DECIMAL in bytes). */
function signedBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return bytes.length > 0 && (bytes[0]! & 0x80) !== 0 ? value - (1n << BigInt(bytes.length * 8)) : value;
}

export function decimalText(unscaled: bigint, scale: number): string {
  if (scale <= 0) return String(unscaled * 10n ** BigInt(-scale));
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${unscaled < 0n ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** A FLOAT's shortest text that reads back as the same 32-bit value (0.1, not 0.10000000149011612). */
function float32Text(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

function float16(bytes: Uint8Array): number {
  const bits = (bytes[1]! << 8) | bytes[0]!;
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (mantissa / 1024);
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + mantissa / 1024);
}

function uuidText(bytes: Uint8Array): string {
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return `\\x${hex(value)}`;
  return value;
}

function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new ValueError(`expected bytes, read ${typeof value}`);
}

/** A physical Parquet value (annotations removed, as hyparquet decodes it) as load text. */
export function parquetText(reading: TParquetReading, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (reading.kind) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'integer':
      return String(value);
    case 'uint32':
      return String(Number(value) < 0 ? Number(value) + 2 ** 32 : value);
    case 'uint64':
      return String(BigInt(value as bigint) < 0n ? BigInt(value as bigint) + 2n ** 64n : value);
    case 'float32':
      return float32Text(Number(value));
    case 'float64':
      return String(value);
    case 'float16':
      return float32Text(float16(bytesOf(value)));
    case 'decimal':
      return decimalText(value instanceof Uint8Array ? signedBytes(value) : BigInt(value as number | bigint), reading.scale);
    case 'date':
      return dayText(new Date(Number(value) * 86_400_000));
    case 'timestamp':
      return instantText(toMicros(value as number | bigint, reading.unit), reading.utc);
    case 'time':
      return timeText(toMicros(value as number | bigint, reading.unit));
    case 'text':
    case 'json':
      return typeof value === 'string' ? value : decoder.decode(bytesOf(value));
    case 'bytes':
      return `\\x${hex(bytesOf(value))}`;
    case 'uuid':
      return uuidText(bytesOf(value));
    case 'int96':
      return String(value);
    case 'nested':
      return JSON.stringify(value, jsonReplacer);
  }
}

const TRUE = new Set(['t', 'true', '1', 'y', 'yes', 'on']);
const FALSE = new Set(['f', 'false', '0', 'n', 'no', 'off']);
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
const DAY = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/i;
const INSTANT = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/** A decimal text as its unscaled integer at `scale`, rounded half away from zero as PostgreSQL does. */
export function unscaledDecimal(text: string, scale: number): bigint {
  const match = DECIMAL.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new ValueError(`'${text}' is not a decimal number`);
  const [, sign, whole = '', part = '', exponent = '0'] = match;
  const shift = scale + Number(exponent);
  const digits = `${whole}${part}`;
  const point = whole.length + shift;
  const kept = point <= 0 ? '0' : digits.padEnd(point, '0').slice(0, point);
  const next = point < 0 ? '0' : (digits[point] ?? '0');
  const magnitude = BigInt(kept || '0') + (next >= '5' ? 1n : 0n);
  return sign === '-' ? -magnitude : magnitude;
}

function daysOf(text: string): number {
  const match = DAY.exec(text.trim());
  if (!match) throw new ValueError(`'${text}' is not a date (YYYY-MM-DD)`);
  const year = match[4] ? 1 - Number(match[1]) : Number(match[1]);
  const date = new Date(0);
  date.setUTCFullYear(year, Number(match[2]) - 1, Number(match[3]));
  return Math.floor(date.getTime() / 86_400_000);
}

function fractionMicros(fractionDigits: string | undefined): bigint {
  return BigInt((fractionDigits ?? '').padEnd(6, '0').slice(0, 6) || '0');
}

function zoneMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  return (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** An instant's microseconds since the epoch; a text without a zone is wall-clock time, counted as if in UTC. */
function instantMicros(text: string): bigint {
  const trimmed = text.trim();
  const bc = / BC$/i.test(trimmed);
  const match = INSTANT.exec(bc ? trimmed.slice(0, -3) : trimmed);
  if (!match) throw new ValueError(`'${text}' is not a date and time`);
  const [, year, month, day, hours, minutes, seconds = '0', digits, zone] = match;
  const date = new Date(0);
  date.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hours), Number(minutes) - zoneMinutes(zone), Number(seconds));
  return BigInt(date.getTime()) * 1000n + fractionMicros(digits);
}

function timeMicros(text: string): bigint {
  const match = TIME.exec(text.trim());
  if (!match) throw new ValueError(`'${text}' is not a time of day (HH:MM:SS)`);
  const [, hours, minutes, seconds = '0', digits] = match;
  const micros = ((BigInt(hours!) * 60n + BigInt(minutes!)) * 60n + BigInt(seconds)) * 1_000_000n + fractionMicros(digits);
  if (micros > MICROS_PER_DAY) throw new ValueError(`'${text}' is not a time of day (HH:MM:SS)`);
  return micros;
}

function integerOf(text: string, min: bigint, max: bigint): bigint {
  let value: bigint;
  try {
    value = BigInt(text.trim());
  } catch {
    throw new ValueError(`'${text}' is not an integer`);
  }
  if (value < min || value > max) throw new ValueError(`${text} is out of range (${min} to ${max})`);
  return value;
}

function hexBytes(text: string): Uint8Array {
  if (!/^\\x([0-9a-f]{2})*$/i.test(text)) return encoder.encode(text);
  const bytes = new Uint8Array((text.length - 2) / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(2 + i * 2, 4 + i * 2), 16);
  return bytes;
}

/** A load's text as the value hyparquet-writer takes for a column written as `writing`. */
export function parquetValue(writing: TParquetWriting, text: string | null): boolean | number | bigint | string | Uint8Array | null {
  if (text === null) return null;
  switch (writing.kind) {
    case 'boolean': {
      const word = text.trim().toLowerCase();
      if (TRUE.has(word) || FALSE.has(word)) return TRUE.has(word);
      throw new ValueError(`'${text}' is not a boolean (true/false, t/f, 1/0)`);
    }
    case 'int32':
      return Number(integerOf(text, -(2n ** 31n), 2n ** 31n - 1n));
    case 'uint32':
      return Number(integerOf(text, 0n, 2n ** 32n - 1n));
    case 'int64':
      return integerOf(text, -(2n ** 63n), 2n ** 63n - 1n);
    case 'uint64':
      // Stored in the signed 64 bits Parquet has; the UINT_64 annotation says how to read them.
      return BigInt.asIntN(64, integerOf(text, 0n, 2n ** 64n - 1n));
    case 'float': {
      const value = text.trim() === '' ? Number.NaN : Number(text);
      if (Number.isNaN(value) && text.trim().toLowerCase() !== 'nan') throw new ValueError(`'${text}' is not a number`);
      return value;
    }
    case 'decimal': {
      const unscaled = unscaledDecimal(text, writing.scale);
      const limit = 10n ** BigInt(writing.precision);
      if (unscaled >= limit || unscaled <= -limit) throw new ValueError(`${text} does not fit decimal(${writing.precision},${writing.scale})`);
      return unscaled;
    }
    case 'date':
      return daysOf(text);
    case 'timestamp':
      return instantMicros(text);
    case 'time':
      return timeMicros(text);
    case 'text':
    case 'uuid':
      return text;
    case 'json':
      return encoder.encode(text);
    case 'bytes':
      return hexBytes(text);
  }
}
