import { err, ok, type Result } from '../result';
import { postgresColumnType, type TColumnType } from './column-types';

/**
 * Parquet's types and the engines' common model (column-types.ts), both ways: what a Parquet
 * column loads as, and what a load's column is written as. The shapes mirror the schema elements
 * hyparquet reads and hyparquet-writer writes; the domain spells them itself to stay pure.
 */

export type TParquetPhysical = 'BOOLEAN' | 'INT32' | 'INT64' | 'INT96' | 'FLOAT' | 'DOUBLE' | 'BYTE_ARRAY' | 'FIXED_LEN_BYTE_ARRAY';
export type TParquetTimeUnit = 'MILLIS' | 'MICROS' | 'NANOS';
export type TParquetConvertedType =
  | 'UTF8' | 'MAP' | 'MAP_KEY_VALUE' | 'LIST' | 'ENUM' | 'DECIMAL' | 'DATE' | 'TIME_MILLIS' | 'TIME_MICROS' | 'TIMESTAMP_MILLIS' | 'TIMESTAMP_MICROS'
  | 'UINT_8' | 'UINT_16' | 'UINT_32' | 'UINT_64' | 'INT_8' | 'INT_16' | 'INT_32' | 'INT_64' | 'JSON' | 'BSON' | 'INTERVAL';
type TParquetPlainLogical = 'STRING' | 'MAP' | 'LIST' | 'ENUM' | 'DATE' | 'INTERVAL' | 'NULL' | 'JSON' | 'BSON' | 'UUID' | 'FLOAT16' | 'VARIANT' | 'GEOMETRY' | 'GEOGRAPHY' | 'FILE';
export type TParquetLogical =
  | { [K in TParquetPlainLogical]: { type: K } }[TParquetPlainLogical]
  | { type: 'DECIMAL'; precision: number; scale: number }
  | { type: 'TIME' | 'TIMESTAMP'; isAdjustedToUTC: boolean; unit: TParquetTimeUnit }
  | { type: 'INTEGER'; bitWidth: number; isSigned: boolean };

/** A schema element (a column, or a group when it has children), as far as the mapping reads it. */
export type TParquetElement = {
  name: string;
  type?: TParquetPhysical;
  type_length?: number;
  repetition_type?: 'REQUIRED' | 'OPTIONAL' | 'REPEATED';
  num_children?: number;
  converted_type?: TParquetConvertedType;
  scale?: number;
  precision?: number;
  logical_type?: TParquetLogical;
};

/**
 * How a column's values are turned into load text (parquet-values.ts). The reader is given the
 * physical values (annotations removed), so decimals, 64-bit integers and instants stay exact.
 */
export type TParquetReading =
  | { kind: 'boolean' | 'integer' | 'uint32' | 'uint64' | 'float32' | 'float64' | 'float16' | 'date' | 'text' | 'json' | 'bytes' | 'uuid' }
  | { kind: 'decimal'; scale: number }
  | { kind: 'timestamp' | 'time'; unit: TParquetTimeUnit; utc: boolean }
  /** INT96 (legacy Impala/Spark instants): hyparquet decodes it whatever the annotation, to nanoseconds. */
  | { kind: 'int96' }
  /** A list, map or struct, assembled by hyparquet: loaded as JSON text. */
  | { kind: 'nested' };

export type TParquetColumnRead = { type: TColumnType; postgresType?: string; reading: TParquetReading };

const TEXT: TColumnType = { kind: 'text', maxLength: null, fixed: false };
const integer = (bytes: 1 | 2 | 4 | 8, unsigned: boolean): TColumnType => ({ kind: 'integer', bytes, unsigned });

/** The logical annotation, spelled once: a LogicalType wins over the legacy ConvertedType, which older writers set alone. */
function annotation(element: TParquetElement): TParquetLogical | undefined {
  if (element.logical_type) return element.logical_type;
  const converted = element.converted_type;
  switch (converted) {
    case undefined:
      return undefined;
    case 'UTF8':
      return { type: 'STRING' };
    case 'DECIMAL':
      return { type: 'DECIMAL', precision: element.precision ?? 38, scale: element.scale ?? 0 };
    case 'TIME_MILLIS':
    case 'TIME_MICROS':
      return { type: 'TIME', isAdjustedToUTC: true, unit: converted === 'TIME_MILLIS' ? 'MILLIS' : 'MICROS' };
    case 'TIMESTAMP_MILLIS':
    case 'TIMESTAMP_MICROS':
      // The legacy annotations always meant an instant (adjusted to UTC).
      return { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: converted === 'TIMESTAMP_MILLIS' ? 'MILLIS' : 'MICROS' };
    case 'MAP_KEY_VALUE':
      return { type: 'MAP' };
    case 'MAP':
    case 'LIST':
    case 'ENUM':
    case 'JSON':
    case 'BSON':
    case 'INTERVAL':
    case 'DATE':
      return { type: converted };
    default: {
      const [, unsigned, bits] = /^(U?)INT_(\d+)$/.exec(converted) ?? [];
      return { type: 'INTEGER', bitWidth: Number(bits), isSigned: unsigned === '' };
    }
  }
}

function integerRead(bitWidth: number, isSigned: boolean): TParquetColumnRead {
  const bytes = bitWidth <= 8 ? 1 : bitWidth <= 16 ? 2 : bitWidth <= 32 ? 4 : 8;
  const reading: TParquetReading = { kind: isSigned ? 'integer' : bytes === 8 ? 'uint64' : bytes === 4 ? 'uint32' : 'integer' };
  return { type: integer(bytes, !isSigned), reading };
}

/** A time of day or an instant; milliseconds keep their precision in PostgreSQL's type. */
function temporalRead(kind: 'time' | 'timestamp', utc: boolean, unit: TParquetTimeUnit): TParquetColumnRead {
  const type: TColumnType = kind === 'time' ? { kind: 'time' } : { kind: 'timestamp', withTimeZone: utc };
  const base = postgresColumnType(type);
  const postgresType = unit === 'MILLIS' ? base.replace(/^(timestamp|time)\b/, '$1(3)') : undefined;
  return { type, ...(postgresType ? { postgresType } : {}), reading: { kind, unit, utc } };
}

function annotatedRead(element: TParquetElement, logical: TParquetLogical): Result<TParquetColumnRead, string> {
  if (logical.type === 'DECIMAL') {
    return ok({ type: { kind: 'decimal', precision: logical.precision, scale: logical.scale }, reading: { kind: 'decimal', scale: logical.scale } });
  }
  if (logical.type === 'TIME' || logical.type === 'TIMESTAMP') {
    return ok(temporalRead(logical.type === 'TIME' ? 'time' : 'timestamp', logical.isAdjustedToUTC, logical.unit));
  }
  if (logical.type === 'INTEGER') return ok(integerRead(logical.bitWidth, logical.isSigned));
  switch (logical.type) {
    case 'STRING':
    case 'ENUM':
      return ok({ type: TEXT, reading: { kind: 'text' } });
    case 'JSON':
      return ok({ type: { kind: 'json' }, reading: { kind: 'json' } });
    case 'UUID':
      return ok({ type: { kind: 'uuid' }, reading: { kind: 'uuid' } });
    case 'DATE':
      return ok({ type: { kind: 'date' }, reading: { kind: 'date' } });
    case 'FLOAT16':
      return ok({ type: { kind: 'float', bytes: 4 }, reading: { kind: 'float16' } });
    case 'BSON':
      return ok({ type: { kind: 'bytes' }, reading: { kind: 'bytes' } });
    default:
      return err(`column '${element.name}' is ${element.type} annotated ${logical.type}, which a load cannot read`);
  }
}

/** What a top-level Parquet column loads as, or why it cannot be loaded (naming the column). */
export function parquetColumnRead(element: TParquetElement): Result<TParquetColumnRead, string> {
  if (element.num_children !== undefined && element.num_children > 0) return ok({ type: { kind: 'json' }, reading: { kind: 'nested' } });
  if (element.repetition_type === 'REPEATED') return ok({ type: { kind: 'json' }, reading: { kind: 'nested' } });
  if (element.type === 'INT96') return ok({ type: { kind: 'timestamp', withTimeZone: true }, reading: { kind: 'int96' } });
  const logical = annotation(element);
  if (logical) return annotatedRead(element, logical);
  switch (element.type) {
    case 'BOOLEAN':
      return ok({ type: { kind: 'boolean' }, reading: { kind: 'boolean' } });
    case 'INT32':
      return ok({ type: integer(4, false), reading: { kind: 'integer' } });
    case 'INT64':
      return ok({ type: integer(8, false), reading: { kind: 'integer' } });
    case 'FLOAT':
      return ok({ type: { kind: 'float', bytes: 4 }, reading: { kind: 'float32' } });
    case 'DOUBLE':
      return ok({ type: { kind: 'float', bytes: 8 }, reading: { kind: 'float64' } });
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      // Unannotated bytes are binary: text is annotated STRING by every writer that knows it is text.
      return ok({ type: { kind: 'bytes' }, reading: { kind: 'bytes' } });
    default:
      return err(`column '${element.name}' has no Parquet type`);
  }
}

/** How a load's text values are encoded for a column written as a given element (parquet-values.ts). */
export type TParquetWriting =
  | { kind: 'boolean' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'float' | 'date' | 'text' | 'json' | 'bytes' | 'uuid' }
  | { kind: 'decimal'; precision: number; scale: number }
  /** Microseconds: since midnight (time), since the epoch (timestamp; wall-clock time counted as if in UTC). */
  | { kind: 'time' | 'timestamp' };

/** Written elements use only the annotations every Parquet reader (and hyparquet-writer's own hyparquet) knows. */
export type TParquetColumnWrite = {
  element: TParquetElement & { type: TParquetPhysical; logical_type?: Exclude<TParquetLogical, { type: 'FILE' }> };
  writing: TParquetWriting;
};

/** The fewest bytes a two's-complement integer of `precision` decimal digits needs. */
export function decimalBytes(precision: number): number {
  let bytes = 1;
  while (2n ** BigInt(8 * bytes - 1) <= 10n ** BigInt(precision)) bytes++;
  return bytes;
}

function decimalWrite(name: string, precision: number, scale: number): TParquetColumnWrite {
  const decimal = { converted_type: 'DECIMAL', precision, scale, logical_type: { type: 'DECIMAL', precision, scale } } as const;
  const writing: TParquetWriting = { kind: 'decimal', precision, scale };
  if (precision <= 9) return { element: { name, type: 'INT32', ...decimal }, writing };
  if (precision <= 18) return { element: { name, type: 'INT64', ...decimal }, writing };
  return { element: { name, type: 'FIXED_LEN_BYTE_ARRAY', type_length: decimalBytes(precision), ...decimal }, writing };
}

function integerWrite(name: string, bytes: 1 | 2 | 4 | 8, unsigned: boolean): TParquetColumnWrite {
  const bitWidth = bytes * 8;
  const converted_type = `${unsigned ? 'U' : ''}INT_${bitWidth}` as TParquetConvertedType;
  const annotated = bytes < 4 || unsigned ? { converted_type, logical_type: { type: 'INTEGER', bitWidth, isSigned: !unsigned } as const } : {};
  const physical = bytes === 8 ? 'INT64' : 'INT32';
  const kind = bytes === 8 ? (unsigned ? 'uint64' : 'int64') : unsigned && bytes === 4 ? 'uint32' : 'int32';
  return { element: { name, type: physical, ...annotated }, writing: { kind } };
}

const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } } as const;

/**
 * The Parquet column a load's column is written as (every column OPTIONAL: a load's values may
 * be null). An unconstrained numeric has no Parquet DECIMAL (which needs a precision) and is
 * written as its exact text; time of day and instants as microseconds, PostgreSQL's precision.
 */
export function parquetColumnWrite(name: string, type: TColumnType): TParquetColumnWrite {
  const optional = { repetition_type: 'OPTIONAL' } as const;
  const write = (): TParquetColumnWrite => {
    switch (type.kind) {
      case 'boolean':
        return { element: { name, type: 'BOOLEAN' }, writing: { kind: 'boolean' } };
      case 'integer':
        return integerWrite(name, type.bytes, type.unsigned);
      case 'decimal':
        if (type.precision === null) return { element: { name, ...STRING }, writing: { kind: 'text' } };
        return decimalWrite(name, type.precision, type.scale ?? 0);
      case 'float':
        return { element: { name, type: type.bytes === 4 ? 'FLOAT' : 'DOUBLE' }, writing: { kind: 'float' } };
      case 'date':
        return { element: { name, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } }, writing: { kind: 'date' } };
      case 'time':
        // No legacy TIME_MICROS: it would mean a time adjusted to UTC, and a time of day is not.
        return { element: { name, type: 'INT64', logical_type: { type: 'TIME', isAdjustedToUTC: false, unit: 'MICROS' } }, writing: { kind: 'time' } };
      case 'timestamp': {
        const logical_type = { type: 'TIMESTAMP', isAdjustedToUTC: type.withTimeZone, unit: 'MICROS' } as const;
        // The legacy TIMESTAMP_MICROS means an instant: wall-clock time carries the LogicalType alone.
        const converted = type.withTimeZone ? ({ converted_type: 'TIMESTAMP_MICROS' } as const) : {};
        return { element: { name, type: 'INT64', ...converted, logical_type }, writing: { kind: 'timestamp' } };
      }
      case 'json':
        // The LogicalType alone: hyparquet-writer would JSON-encode the text again under the ConvertedType.
        return { element: { name, type: 'BYTE_ARRAY', logical_type: { type: 'JSON' } }, writing: { kind: 'json' } };
      case 'bytes':
        return { element: { name, type: 'BYTE_ARRAY' }, writing: { kind: 'bytes' } };
      case 'uuid':
        return { element: { name, type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, logical_type: { type: 'UUID' } }, writing: { kind: 'uuid' } };
      case 'text':
      case 'other':
        return { element: { name, ...STRING }, writing: { kind: 'text' } };
    }
  };
  const column = write();
  return { ...column, element: { ...column.element, ...optional } };
}
