import { err, ok, type Result } from '../result';

/**
 * A column's type between engines: what a load's source says (PostgreSQL's `format_type`, MySQL's
 * `COLUMN_TYPE`) read into one model, so a target of another engine can create the same column.
 * `other` keeps a type this model does not know by its source name: it loads as text.
 */
export type TColumnType =
  | { kind: 'boolean' }
  | { kind: 'integer'; bytes: 1 | 2 | 4 | 8; unsigned: boolean }
  | { kind: 'decimal'; precision: number | null; scale: number | null }
  | { kind: 'float'; bytes: 4 | 8 }
  | { kind: 'text'; maxLength: number | null; fixed: boolean }
  | { kind: 'date' }
  | { kind: 'time' }
  | { kind: 'timestamp'; withTimeZone: boolean }
  | { kind: 'json' }
  | { kind: 'bytes' }
  | { kind: 'uuid' }
  | { kind: 'other'; name: string };

const TEXT: TColumnType = { kind: 'text', maxLength: null, fixed: false };

/** `numeric(10,2)` → [10, 2]; `varchar(20)` → [20]; none → []. */
function typeArguments(name: string): number[] {
  const inside = /\(([^)]*)\)/.exec(name)?.[1];
  return inside === undefined ? [] : inside.split(',').map((part) => Number(part.trim())).filter((n) => Number.isInteger(n));
}

const POSTGRES_NAMES: Record<string, TColumnType> = {
  boolean: { kind: 'boolean' },
  smallint: { kind: 'integer', bytes: 2, unsigned: false },
  integer: { kind: 'integer', bytes: 4, unsigned: false },
  bigint: { kind: 'integer', bytes: 8, unsigned: false },
  real: { kind: 'float', bytes: 4 },
  'double precision': { kind: 'float', bytes: 8 },
  text: TEXT,
  date: { kind: 'date' },
  'time without time zone': { kind: 'time' },
  'timestamp without time zone': { kind: 'timestamp', withTimeZone: false },
  'timestamp with time zone': { kind: 'timestamp', withTimeZone: true },
  json: { kind: 'json' },
  jsonb: { kind: 'json' },
  bytea: { kind: 'bytes' },
  uuid: { kind: 'uuid' },
};

/** A type as PostgreSQL's `format_type` spells it (`character varying(20)`, `numeric(10,2)`, `timestamp(3) with time zone`). */
export function parsePostgresType(formatted: string): TColumnType {
  const name = formatted.trim().toLowerCase();
  const base = name.replace(/\(\s*\d+(\s*,\s*\d+)?\s*\)/, '').replace(/\s+/g, ' ').trim();
  const args = typeArguments(name);
  if (base in POSTGRES_NAMES) return POSTGRES_NAMES[base]!;
  if (base === 'numeric') return { kind: 'decimal', precision: args[0] ?? null, scale: args[1] ?? (args[0] === undefined ? null : 0) };
  if (base === 'character varying') return { kind: 'text', maxLength: args[0] ?? null, fixed: false };
  if (base === 'character') return { kind: 'text', maxLength: args[0] ?? 1, fixed: true };
  return { kind: 'other', name: formatted.trim() };
}

const MYSQL_INTEGERS: Record<string, 1 | 2 | 4 | 8> = { tinyint: 1, smallint: 2, mediumint: 4, int: 4, integer: 4, bigint: 8 };
const MYSQL_TEXTS: Record<string, number> = { tinytext: 255, text: 65_535, mediumtext: 16_777_215, longtext: 4_294_967_295 };

/** A type as MySQL's `information_schema.COLUMNS.COLUMN_TYPE` spells it (`int(11) unsigned`, `varchar(255)`, `tinyint(1)`). */
export function parseMysqlType(columnType: string): TColumnType {
  const name = columnType.trim().toLowerCase();
  const base = /^[a-z]+/.exec(name)?.[0] ?? name;
  const args = typeArguments(name);
  const unsigned = /\bunsigned\b/.test(name);
  // MySQL has no boolean: BOOLEAN is tinyint(1), and that is how every client reads it.
  if (base === 'tinyint' && args[0] === 1) return { kind: 'boolean' };
  if (base === 'bool' || base === 'boolean') return { kind: 'boolean' };
  if (base in MYSQL_INTEGERS) return { kind: 'integer', bytes: MYSQL_INTEGERS[base]!, unsigned };
  if (base === 'decimal' || base === 'numeric') return { kind: 'decimal', precision: args[0] ?? 10, scale: args[1] ?? 0 };
  if (base === 'float') return { kind: 'float', bytes: 4 };
  if (base === 'double' || base === 'real') return { kind: 'float', bytes: 8 };
  if (base === 'varchar') return { kind: 'text', maxLength: args[0] ?? null, fixed: false };
  if (base === 'char') return { kind: 'text', maxLength: args[0] ?? 1, fixed: true };
  if (base in MYSQL_TEXTS) return { kind: 'text', maxLength: null, fixed: false };
  if (base === 'enum' || base === 'set') return TEXT;
  if (base === 'date') return { kind: 'date' };
  if (base === 'time') return { kind: 'time' };
  // DATETIME is wall-clock time; TIMESTAMP is stored as UTC and read in the session's zone.
  if (base === 'datetime') return { kind: 'timestamp', withTimeZone: false };
  if (base === 'timestamp') return { kind: 'timestamp', withTimeZone: true };
  if (base === 'json') return { kind: 'json' };
  if (/^(tiny|medium|long)?blob$|^(var)?binary$/.test(base)) return { kind: 'bytes' };
  return { kind: 'other', name: columnType.trim() };
}

/** The PostgreSQL type a target table is created with. */
export function postgresColumnType(type: TColumnType): string {
  switch (type.kind) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      // An unsigned source value may not fit the signed type of the same size: one size up.
      return integerName(type.unsigned && type.bytes < 8 ? (type.bytes * 2) as 2 | 4 | 8 : type.bytes, type.unsigned && type.bytes === 8);
    case 'decimal':
      return type.precision === null ? 'numeric' : `numeric(${type.precision},${type.scale ?? 0})`;
    case 'float':
      return type.bytes === 4 ? 'real' : 'double precision';
    case 'text':
      if (type.maxLength === null) return 'text';
      return type.fixed ? `character(${type.maxLength})` : `character varying(${type.maxLength})`;
    case 'date':
      return 'date';
    case 'time':
      return 'time without time zone';
    case 'timestamp':
      return type.withTimeZone ? 'timestamp with time zone' : 'timestamp without time zone';
    case 'json':
      return 'jsonb';
    case 'bytes':
      return 'bytea';
    case 'uuid':
      return 'uuid';
    case 'other':
      return 'text';
  }
}

function integerName(bytes: 1 | 2 | 4 | 8, beyondBigint: boolean): string {
  if (beyondBigint) return 'numeric(20,0)';
  return bytes <= 2 ? 'smallint' : bytes === 4 ? 'integer' : 'bigint';
}

/** MySQL's longest DECIMAL, and the longest VARCHAR kept as such (longer texts become TEXT types). */
const MYSQL_MAX_PRECISION = 65;
const MYSQL_MAX_SCALE = 30;
const MYSQL_MAX_VARCHAR = 16_383;

/**
 * The MySQL type a target table is created with, or why the column cannot be created as it is.
 * `isKey`: MySQL indexes only texts of a known length, so an unbounded text cannot be a key.
 */
export function mysqlColumnType(name: string, type: TColumnType, isKey: boolean): Result<string, string> {
  switch (type.kind) {
    case 'boolean':
      return ok('boolean');
    case 'integer': {
      const names = { 1: 'tinyint', 2: 'smallint', 4: 'int', 8: 'bigint' } as const;
      return ok(`${names[type.bytes]}${type.unsigned ? ' unsigned' : ''}`);
    }
    case 'decimal': {
      if (type.precision === null) return ok(`decimal(${MYSQL_MAX_PRECISION},${MYSQL_MAX_SCALE})`);
      if (type.precision > MYSQL_MAX_PRECISION || (type.scale ?? 0) > MYSQL_MAX_SCALE) {
        return err(`column '${name}' is numeric(${type.precision},${type.scale ?? 0}): MySQL's DECIMAL holds at most 65 digits, 30 after the point; cast it in the source query`);
      }
      return ok(`decimal(${type.precision},${type.scale ?? 0})`);
    }
    case 'float':
      return ok(type.bytes === 4 ? 'float' : 'double');
    case 'text':
      if (type.maxLength !== null && type.maxLength <= MYSQL_MAX_VARCHAR) return ok(`${type.fixed && type.maxLength <= 255 ? 'char' : 'varchar'}(${type.maxLength})`);
      if (isKey) return err(`column '${name}' is a key of unbounded text: MySQL indexes only texts of a known length; cast it in the source query, e.g. ${name}::varchar(255)`);
      return ok('longtext');
    case 'date':
      return ok('date');
    case 'time':
      return ok('time(6)');
    case 'timestamp':
      // DATETIME, not TIMESTAMP (which ends in 2038); an instant is written as UTC wall-clock time.
      return ok('datetime(6)');
    case 'json':
      return isKey ? err(`column '${name}' is JSON and cannot be a key in MySQL`) : ok('json');
    case 'bytes':
      return isKey ? err(`column '${name}' is binary of unbounded length and cannot be a key in MySQL`) : ok('longblob');
    case 'uuid':
      return ok('char(36)');
    case 'other':
      return isKey ? err(`column '${name}' has type ${type.name}, which MySQL cannot index as a key; cast it in the source query`) : ok('longtext');
  }
}

/** What the MySQL protocol says of a result column (mysql2's field packet), with MySQL's type codes. */
export type TMysqlField = { columnType: number; columnLength: number; decimals: number; flags: number; characterSet: number };

const MYSQL_FIELD = { TINY: 1, SHORT: 2, LONG: 3, FLOAT: 4, DOUBLE: 5, TIMESTAMP: 7, LONGLONG: 8, INT24: 9, DATE: 10, TIME: 11, DATETIME: 12, YEAR: 13, NEWDATE: 14, VARCHAR: 15, JSON: 245, NEWDECIMAL: 246, ENUM: 247, SET: 248, TINY_BLOB: 249, MEDIUM_BLOB: 250, LONG_BLOB: 251, BLOB: 252, VAR_STRING: 253, STRING: 254 } as const;
const UNSIGNED_FLAG = 32;
/** ENUM and SET values travel as STRING fields of varying length: text, never padded CHAR. */
const ENUM_OR_SET_FLAGS = 256 | 2048;
/** MySQL's `binary` character set: the bytes of a BINARY/VARBINARY/BLOB column, not text. */
const BINARY_CHARSET = 63;
/** utf8mb4 (the default since MySQL 8) counts a column's length in bytes, four per character. */
const BYTES_PER_CHARACTER = 4;

/**
 * A query's result column as the MySQL protocol describes it: its type code and length say
 * as much as `COLUMN_TYPE` would for a table's column (a DECIMAL's length counts its sign and
 * point; a text's length counts bytes).
 */
export function mysqlFieldType(field: TMysqlField): TColumnType {
  const unsigned = (field.flags & UNSIGNED_FLAG) !== 0;
  const binary = field.characterSet === BINARY_CHARSET;
  switch (field.columnType) {
    case MYSQL_FIELD.TINY:
      return field.columnLength === 1 ? { kind: 'boolean' } : { kind: 'integer', bytes: 1, unsigned };
    case MYSQL_FIELD.SHORT:
    case MYSQL_FIELD.YEAR:
      return { kind: 'integer', bytes: 2, unsigned };
    case MYSQL_FIELD.LONG:
    case MYSQL_FIELD.INT24:
      return { kind: 'integer', bytes: 4, unsigned };
    case MYSQL_FIELD.LONGLONG:
      return { kind: 'integer', bytes: 8, unsigned };
    case MYSQL_FIELD.NEWDECIMAL: {
      const precision = field.columnLength - (field.decimals > 0 ? 1 : 0) - (unsigned ? 0 : 1);
      return { kind: 'decimal', precision, scale: field.decimals };
    }
    case MYSQL_FIELD.FLOAT:
      return { kind: 'float', bytes: 4 };
    case MYSQL_FIELD.DOUBLE:
      return { kind: 'float', bytes: 8 };
    case MYSQL_FIELD.DATE:
    case MYSQL_FIELD.NEWDATE:
      return { kind: 'date' };
    case MYSQL_FIELD.TIME:
      return { kind: 'time' };
    case MYSQL_FIELD.DATETIME:
      return { kind: 'timestamp', withTimeZone: false };
    case MYSQL_FIELD.TIMESTAMP:
      return { kind: 'timestamp', withTimeZone: true };
    case MYSQL_FIELD.JSON:
      return { kind: 'json' };
    case MYSQL_FIELD.VARCHAR:
    case MYSQL_FIELD.VAR_STRING:
    case MYSQL_FIELD.STRING: {
      if (binary) return { kind: 'bytes' };
      const characters = Math.floor(field.columnLength / BYTES_PER_CHARACTER);
      const fixed = field.columnType === MYSQL_FIELD.STRING && (field.flags & ENUM_OR_SET_FLAGS) === 0;
      return { kind: 'text', maxLength: characters > 0 ? characters : null, fixed };
    }
    case MYSQL_FIELD.TINY_BLOB:
    case MYSQL_FIELD.MEDIUM_BLOB:
    case MYSQL_FIELD.LONG_BLOB:
    case MYSQL_FIELD.BLOB:
      return binary ? { kind: 'bytes' } : TEXT;
    case MYSQL_FIELD.ENUM:
    case MYSQL_FIELD.SET:
      return TEXT;
    default:
      return { kind: 'other', name: `MySQL type ${field.columnType}` };
  }
}
