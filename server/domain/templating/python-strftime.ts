import { DateTime } from 'luxon';
import { err, ok, type Result } from '../result';

/** Python strftime codes and the luxon token for each (English names, as Python's C locale). */
const CODES: Readonly<Record<string, string>> = {
  Y: 'yyyy',
  m: 'MM',
  d: 'dd',
  H: 'HH',
  M: 'mm',
  S: 'ss',
  y: 'yy',
  b: 'MMM',
  B: 'MMMM',
  j: 'ooo',
  a: 'EEE',
  A: 'EEEE',
  I: 'hh',
  p: 'a',
  z: 'ZZZ',
};

/** Python's strptime accepts one or two digits for these, like luxon's single-letter tokens. */
const LENIENT_PARSE_TOKENS: Readonly<Record<string, string>> = {
  MM: 'M',
  dd: 'd',
  HH: 'H',
  mm: 'm',
  ss: 's',
  hh: 'h',
};

export const SUPPORTED_STRFTIME_CODES: readonly string[] = [...Object.keys(CODES).map((code) => `%${code}`), '%%'];

type TPiece = { literal: string } | { token: string };

function split(format: string): Result<TPiece[], string> {
  const pieces: TPiece[] = [];
  for (let i = 0; i < format.length; i += 1) {
    const char = format[i] ?? '';
    if (char !== '%') {
      pieces.push({ literal: char });
      continue;
    }
    const code = format[i + 1];
    i += 1;
    if (code === '%') pieces.push({ literal: '%' });
    else if (code !== undefined && CODES[code] !== undefined) pieces.push({ token: CODES[code] });
    else {
      const shown = code === undefined ? '%' : `%${code}`;
      return err(`unsupported strftime code '${shown}' in '${format}' (supported: ${SUPPORTED_STRFTIME_CODES.join(' ')})`);
    }
  }
  return ok(pieces);
}

/** Python's `dt.strftime(format)`. */
export function strftime(dt: DateTime, format: string): Result<string, string> {
  const pieces = split(format);
  if (!pieces.ok) return pieces;
  const english = dt.setLocale('en-US');
  // Formatting piece by piece avoids luxon's quoting rules, which cannot express an apostrophe.
  return ok(pieces.value.map((piece) => ('literal' in piece ? piece.literal : english.toFormat(piece.token))).join(''));
}

/** Python's `datetime.strptime(text, format)`, read in `zone` (UTC when the format has no %z). */
export function strptime(text: string, format: string, zone = 'UTC'): Result<DateTime, string> {
  const pieces = split(format);
  if (!pieces.ok) return pieces;
  if (pieces.value.some((piece) => 'literal' in piece && piece.literal === "'")) {
    return err(`an apostrophe in the input format '${format}' is not supported`);
  }
  const luxonFormat = pieces.value
    .map((piece) => ('literal' in piece ? `'${piece.literal}'` : (LENIENT_PARSE_TOKENS[piece.token] ?? piece.token)))
    .join('');
  const parsed = DateTime.fromFormat(text, luxonFormat, { zone, locale: 'en-US', setZone: true });
  if (!parsed.isValid) return err(`'${text}' does not match the format '${format}'`);
  return ok(parsed);
}
