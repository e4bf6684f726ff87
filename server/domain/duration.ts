import { err, ok, type Result } from './result';

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
type TUnit = keyof typeof UNIT_SECONDS;
const UNIT_ORDER: readonly TUnit[] = ['d', 'h', 'm', 's'];

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const PLAIN_SECONDS = new RegExp(`^${NUMBER}$`);
const COMPACT_PART = new RegExp(`(${NUMBER})\\s*([dhms])\\s*`, 'gy');
const ISO_8601 = new RegExp(
  `^P(?:(${NUMBER})W)?(?:(${NUMBER})D)?(?:T(?:(${NUMBER})H)?(?:(${NUMBER})M)?(?:(${NUMBER})S)?)?$`,
  'i',
);

const notADuration = (value: string): string =>
  `'${value}' is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M`;

/**
 * Reads a duration as seconds: a number of seconds, compact units (`30s`, `5m`, `1h30m`,
 * `1h 30m`, `2d`) or ISO 8601 (`PT5M`, `P1DT2H`). Months and years are refused: they have no
 * fixed length, so a retry delay or timeout written with them would mean different things on
 * different dates.
 */
export function parseDuration(value: number | string): Result<number, string> {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return err(`${value} is not a duration: use a finite number of seconds`);
    if (value < 0) return err(`${value} is not a duration: durations cannot be negative`);
    return ok(value);
  }
  const text = value.trim();
  if (text === '') return err('an empty string is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M');
  if (text.startsWith('-')) return err(`'${value}' is not a duration: durations cannot be negative`);
  if (PLAIN_SECONDS.test(text)) return ok(Number(text));
  if (/^p/i.test(text)) return parseIso(value, text);
  return parseCompact(value, text);
}

function parseCompact(original: string, text: string): Result<number, string> {
  COMPACT_PART.lastIndex = 0;
  let total = 0;
  let previous = -1;
  let consumed = 0;
  for (let match = COMPACT_PART.exec(text); match; match = COMPACT_PART.exec(text)) {
    const unit = match[2] as TUnit;
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= previous) {
      return err(`'${original}' is not a duration: write units once, largest first (like 1h30m)`);
    }
    previous = rank;
    total += Number(match[1]) * UNIT_SECONDS[unit];
    consumed = COMPACT_PART.lastIndex;
  }
  if (consumed !== text.length || previous === -1) return err(notADuration(original));
  return ok(total);
}

function parseIso(original: string, text: string): Result<number, string> {
  const match = ISO_8601.exec(text);
  if (!match || /^P$|T$/i.test(text)) {
    const datePart = text.split(/T/i)[0] ?? '';
    if (/[YM]/i.test(datePart.slice(1))) {
      return err(
        `'${original}' is not a duration: months and years have no fixed length; use days (P30D) or weeks (P4W)`,
      );
    }
    return err(notADuration(original));
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  const parts: Array<[string | undefined, number]> = [
    [weeks, 7 * 86_400],
    [days, 86_400],
    [hours, 3_600],
    [minutes, 60],
    [seconds, 1],
  ];
  return ok(parts.reduce((sum, [amount, unit]) => sum + (amount === undefined ? 0 : Number(amount) * unit), 0));
}

/** Renders seconds for people: `5400` → `1h 30m`, `0` → `0s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const parts: string[] = [];
  for (const unit of ['d', 'h', 'm'] as const) {
    const amount = Math.floor(rest / UNIT_SECONDS[unit]);
    if (amount > 0) parts.push(`${amount}${unit}`);
    rest -= amount * UNIT_SECONDS[unit];
  }
  const remainder = Math.round(rest * 1000) / 1000;
  if (remainder > 0 || parts.length === 0) parts.push(`${remainder}s`);
  return sign + parts.join(' ');
}
