import { CopyBytes } from './copy-bytes';
import type { TParquetReading } from './parquet-types';
import { parquetText } from './parquet-values';

/**
 * Parquet columns (physical values, as hyparquet decodes them) straight into PostgreSQL's COPY
 * text, row by row from the column arrays: the same text parquetText gives each value
 * (parquet-values.ts), without a row array or a string per number. Integers, instants, dates and
 * small decimals are formatted with Number arithmetic, which is exact for the values they take
 * (below 2^53); anything else (and any value outside those ranges) goes through parquetText.
 */

export type TCopyColumn = { reading: TParquetReading; values: ArrayLike<unknown> };

/** A value that could not be encoded: its column (index into the columns) and row (index into the arrays). */
export class CopyCellError extends Error {
  constructor(
    readonly column: number,
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

type TCellWriter = (out: CopyBytes, value: unknown) => void;

const MICROS_PER_SECOND = 1_000_000;
const SECONDS_PER_DAY = 86_400;
/** Days since 1970-01-01 of 0001-01-01 and of 10000-01-01: the years written without the slow path. */
const FIRST_DAY = -719_162;
const END_DAY = 2_932_897;

/** Year, month and day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days). */
function civil(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** `YYYY-MM-DD` of a day in years 1-9999; consecutive values mostly share a day, so the last is kept. */
function dayWriter(): (out: CopyBytes, days: number) => void {
  let lastDay = Number.NaN;
  let lastText = '';
  return (out, days) => {
    if (days !== lastDay) {
      const [year, month, day] = civil(days);
      lastText = `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
      lastDay = days;
    }
    out.plain(lastText);
  };
}

const MICROS_PER_UNIT = { MILLIS: 1000, MICROS: 1, NANOS: 0 } as const;

function timestampWriter(reading: Extract<TParquetReading, { unit: unknown }>): TCellWriter {
  const perUnit = MICROS_PER_UNIT[reading.unit];
  const writeDay = dayWriter();
  return (out, value) => {
    const micros = perUnit === 0 ? Number.NaN : Number(value) * perUnit;
    let seconds = Math.floor(micros / MICROS_PER_SECOND);
    let fraction = micros - seconds * MICROS_PER_SECOND;
    // Division may round near a whole second: the remainder says which second it is.
    if (fraction < 0) {
      seconds -= 1;
      fraction += MICROS_PER_SECOND;
    } else if (fraction >= MICROS_PER_SECOND) {
      seconds += 1;
      fraction -= MICROS_PER_SECOND;
    }
    const days = Math.floor(seconds / SECONDS_PER_DAY);
    if (!Number.isSafeInteger(micros) || days < FIRST_DAY || days >= END_DAY) {
      out.plain(parquetText(reading, value)!);
      return;
    }
    writeDay(out, days);
    out.plain('T');
    const ofDay = seconds - days * SECONDS_PER_DAY;
    out.digits(Math.floor(ofDay / 3600), 2);
    out.plain(':');
    out.digits(Math.floor(ofDay / 60) % 60, 2);
    out.plain(':');
    out.digits(ofDay % 60, 2);
    if (fraction !== 0) {
      out.plain('.');
      out.digits(fraction, 6);
    }
    if (reading.utc) out.plain('Z');
  };
}

function dateWriter(reading: TParquetReading): TCellWriter {
  const writeDay = dayWriter();
  return (out, value) => {
    const days = Number(value);
    if (Number.isSafeInteger(days) && days >= FIRST_DAY && days < END_DAY) writeDay(out, days);
    else out.plain(parquetText(reading, value)!);
  };
}

function decimalWriter(reading: Extract<TParquetReading, { kind: 'decimal' }>): TCellWriter {
  const { scale } = reading;
  const unit = 10 ** scale;
  return (out, value) => {
    const unscaled = typeof value === 'bigint' || typeof value === 'number' ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(unscaled) || scale < 1 || scale > 15) {
      out.plain(parquetText(reading, value)!);
      return;
    }
    const magnitude = Math.abs(unscaled);
    const fraction = magnitude % unit;
    if (unscaled < 0) out.plain('-');
    out.digits((magnitude - fraction) / unit);
    out.plain('.');
    out.digits(fraction, scale);
  };
}

function integerWriter(reading: TParquetReading): TCellWriter {
  return (out, value) => {
    if (typeof value === 'number' && Number.isSafeInteger(value)) out.integer(value);
    else out.plain(parquetText(reading, value)!);
  };
}

function textWriter(reading: TParquetReading): TCellWriter {
  return (out, value) => {
    if (value instanceof Uint8Array) out.utf8(value);
    else out.text(parquetText(reading, value)!);
  };
}

function cellWriter(reading: TParquetReading): TCellWriter {
  switch (reading.kind) {
    case 'integer':
      return integerWriter(reading);
    case 'timestamp':
      return timestampWriter(reading);
    case 'date':
      return dateWriter(reading);
    case 'decimal':
      return decimalWriter(reading);
    case 'text':
    case 'json':
      return textWriter(reading);
    default:
      return (out, value) => out.text(parquetText(reading, value)!);
  }
}

/** Rows [from, to) of the column arrays as COPY text lines (each ending in a newline). */
export function parquetCopyBytes(columns: readonly TCopyColumn[], from: number, to: number): Uint8Array {
  const writers = columns.map((column) => cellWriter(column.reading));
  const out = new CopyBytes(Math.max(1024, (to - from) * columns.length * 12));
  let column = 0;
  let row = from;
  try {
    for (; row < to; row++) {
      for (column = 0; column < columns.length; column++) {
        if (column > 0) out.tab();
        const value = columns[column]!.values[row];
        if (value === null || value === undefined) out.nullValue();
        else writers[column]!(out, value);
      }
      out.newline();
    }
  } catch (error) {
    throw new CopyCellError(column, row, error instanceof Error ? error.message : String(error));
  }
  return out.result();
}
