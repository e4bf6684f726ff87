import { describe, expect, it } from 'vitest';
import { parsePostgresType, postgresColumnType } from './column-types';
import { ValueError } from './mysql-values';
import { decimalBytes, parquetColumnRead, parquetColumnWrite, type TParquetElement } from './parquet-types';
import { parquetText, parquetValue, unscaledDecimal } from './parquet-values';

const read = (element: Omit<TParquetElement, 'name'>) => {
  const result = parquetColumnRead({ name: 'c', ...element });
  if (!result.ok) throw new Error(result.error);
  return result.value;
};
const postgresOf = (element: Omit<TParquetElement, 'name'>) => {
  const column = read(element);
  return column.postgresType ?? postgresColumnType(column.type);
};

describe('Parquet types between engines', () => {
  it.each<[string, Omit<TParquetElement, 'name'>, string]>([
    ['BOOLEAN', { type: 'BOOLEAN' }, 'boolean'],
    ['INT32', { type: 'INT32' }, 'integer'],
    ['INT32 INT_8', { type: 'INT32', converted_type: 'INT_8' }, 'smallint'],
    ['INT32 UINT_32', { type: 'INT32', converted_type: 'UINT_32' }, 'bigint'],
    ['INT64', { type: 'INT64' }, 'bigint'],
    ['INT64 INTEGER(64, unsigned)', { type: 'INT64', logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: false } }, 'numeric(20,0)'],
    ['FLOAT', { type: 'FLOAT' }, 'real'],
    ['DOUBLE', { type: 'DOUBLE' }, 'double precision'],
    ['INT64 DECIMAL(12,2)', { type: 'INT64', converted_type: 'DECIMAL', precision: 12, scale: 2 }, 'numeric(12,2)'],
    ['FIXED_LEN_BYTE_ARRAY DECIMAL(38,9)', { type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, logical_type: { type: 'DECIMAL', precision: 38, scale: 9 } }, 'numeric(38,9)'],
    ['INT32 DATE', { type: 'INT32', converted_type: 'DATE' }, 'date'],
    ['INT64 TIMESTAMP_MILLIS', { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' }, 'timestamp(3) with time zone'],
    ['INT64 TIMESTAMP(UTC, MICROS)', { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } }, 'timestamp with time zone'],
    ['INT64 TIMESTAMP(local, NANOS)', { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'NANOS' } }, 'timestamp without time zone'],
    ['INT96', { type: 'INT96' }, 'timestamp with time zone'],
    ['INT32 TIME_MILLIS', { type: 'INT32', converted_type: 'TIME_MILLIS' }, 'time(3) without time zone'],
    ['BYTE_ARRAY UTF8', { type: 'BYTE_ARRAY', converted_type: 'UTF8' }, 'text'],
    ['BYTE_ARRAY JSON', { type: 'BYTE_ARRAY', logical_type: { type: 'JSON' } }, 'jsonb'],
    ['BYTE_ARRAY', { type: 'BYTE_ARRAY' }, 'bytea'],
    ['FIXED_LEN_BYTE_ARRAY UUID', { type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, logical_type: { type: 'UUID' } }, 'uuid'],
    ['a group (struct)', { num_children: 2 }, 'jsonb'],
  ])('reads %s as PostgreSQL %s', (_, element, postgres) => {
    expect(postgresOf(element)).toBe(postgres);
  });

  it('refuses, naming the column, an annotation a load cannot read', () => {
    expect(parquetColumnRead({ name: 'span', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 12, converted_type: 'INTERVAL' })).toEqual({
      ok: false,
      error: "column 'span' is FIXED_LEN_BYTE_ARRAY annotated INTERVAL, which a load cannot read",
    });
  });

  it.each([
    ['integer', 'INT32', undefined],
    ['smallint', 'INT32', 'INT_16'],
    ['bigint', 'INT64', undefined],
    ['numeric(9,2)', 'INT32', 'DECIMAL'],
    ['numeric(12,2)', 'INT64', 'DECIMAL'],
    ['numeric(30,4)', 'FIXED_LEN_BYTE_ARRAY', 'DECIMAL'],
    ['numeric', 'BYTE_ARRAY', 'UTF8'],
    ['boolean', 'BOOLEAN', undefined],
    ['double precision', 'DOUBLE', undefined],
    ['date', 'INT32', 'DATE'],
    ['timestamp with time zone', 'INT64', 'TIMESTAMP_MICROS'],
    ['timestamp without time zone', 'INT64', undefined],
    ['text', 'BYTE_ARRAY', 'UTF8'],
    ['character varying(20)', 'BYTE_ARRAY', 'UTF8'],
    ['jsonb', 'BYTE_ARRAY', undefined],
    ['bytea', 'BYTE_ARRAY', undefined],
  ])('writes PostgreSQL %s as Parquet %s %s', (postgres, physical, converted) => {
    const { element } = parquetColumnWrite('c', parsePostgresType(postgres));
    expect({ type: element.type, converted: element.converted_type, repetition: element.repetition_type }).toEqual({ type: physical, converted, repetition: 'OPTIONAL' });
  });

  it('reads back as the same type what it writes (an unconstrained numeric excepted: Parquet has no DECIMAL without a precision)', () => {
    const names = ['boolean', 'smallint', 'integer', 'bigint', 'numeric(12,2)', 'numeric(38,9)', 'real', 'double precision', 'date',
      'time without time zone', 'timestamp with time zone', 'timestamp without time zone', 'text', 'jsonb', 'bytea', 'uuid'];
    for (const name of names) expect([name, postgresOf(parquetColumnWrite('c', parsePostgresType(name)).element)]).toEqual([name, name]);
  });

  it('sizes a fixed-length DECIMAL to its precision', () => {
    expect([1, 2, 9, 10, 18, 19, 38].map(decimalBytes)).toEqual([1, 1, 4, 5, 8, 9, 16]);
  });
});

describe('Parquet values and load text', () => {
  it('reads decimals, big integers and unsigned integers exactly', () => {
    expect(parquetText({ kind: 'decimal', scale: 2 }, 123456789012n)).toBe('1234567890.12');
    expect(parquetText({ kind: 'decimal', scale: 2 }, -5)).toBe('-0.05');
    expect(parquetText({ kind: 'decimal', scale: 3 }, new Uint8Array([0xff, 0xfe]))).toBe('-0.002');
    expect(parquetText({ kind: 'integer' }, 2n ** 62n + 1n)).toBe('4611686018427387905');
    expect(parquetText({ kind: 'uint32' }, -1)).toBe('4294967295');
    expect(parquetText({ kind: 'uint64' }, -1n)).toBe('18446744073709551615');
    expect(parquetText({ kind: 'float32' }, Math.fround(0.1))).toBe('0.1');
  });

  it('reads instants as ISO UTC, wall-clock time and days without a zone, bytes as bytea hex', () => {
    expect(parquetText({ kind: 'timestamp', unit: 'MICROS', utc: true }, 1_733_360_400_123_456n)).toBe('2024-12-05T01:00:00.123456Z');
    expect(parquetText({ kind: 'timestamp', unit: 'MILLIS', utc: false }, 1_733_360_400_000n)).toBe('2024-12-05T01:00:00');
    expect(parquetText({ kind: 'timestamp', unit: 'NANOS', utc: true }, -1n)).toBe('1969-12-31T23:59:59.999999Z');
    expect(parquetText({ kind: 'date' }, 19_000)).toBe('2022-01-08');
    expect(parquetText({ kind: 'time', unit: 'MICROS', utc: false }, 3_723_000_001n)).toBe('01:02:03.000001');
    expect(parquetText({ kind: 'bytes' }, new Uint8Array([0, 0xab]))).toBe('\\x00ab');
    expect(parquetText({ kind: 'nested' }, { a: [1n, 2n ** 60n], b: null })).toBe('{"a":[1,"1152921504606846976"],"b":null}');
    expect(parquetText({ kind: 'text' }, null)).toBeNull();
  });

  it('writes load text as Parquet values, refusing what does not fit', () => {
    expect(unscaledDecimal('1234567890.125', 2)).toBe(123456789013n);
    expect(unscaledDecimal('-0.004', 2)).toBe(0n);
    expect(unscaledDecimal('1.5e3', 1)).toBe(15000n);
    expect(parquetValue({ kind: 'decimal', precision: 12, scale: 2 }, '-7.5')).toBe(-750n);
    expect(() => parquetValue({ kind: 'decimal', precision: 4, scale: 2 }, '100')).toThrow(new ValueError('100 does not fit decimal(4,2)'));
    expect(parquetValue({ kind: 'timestamp' }, '2024-12-05 10:00:00.123456+09')).toBe(1_733_360_400_123_456n);
    expect(parquetValue({ kind: 'timestamp' }, '2024-12-05T01:00:00Z')).toBe(1_733_360_400_000_000n);
    expect(parquetValue({ kind: 'date' }, '2022-01-08')).toBe(19_000);
    expect(parquetValue({ kind: 'time' }, '01:02:03.000001')).toBe(3_723_000_001n);
    expect(parquetValue({ kind: 'uint64' }, '18446744073709551615')).toBe(-1n);
    expect(parquetValue({ kind: 'bytes' }, '\\x00ab')).toEqual(new Uint8Array([0, 0xab]));
    expect(parquetValue({ kind: 'boolean' }, 't')).toBe(true);
    expect(() => parquetValue({ kind: 'int32' }, '3000000000')).toThrow(/out of range/);
    expect(() => parquetValue({ kind: 'date' }, 'soon')).toThrow("'soon' is not a date (YYYY-MM-DD)");
  });
});
