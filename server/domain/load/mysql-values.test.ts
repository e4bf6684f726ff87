import { describe, expect, it } from 'vitest';
import { parseMysqlType, parsePostgresType } from './column-types';
import { mysqlValue, ValueError } from './mysql-values';

describe('source values as MySQL takes them', () => {
  const boolean = parseMysqlType('tinyint(1)');
  const datetime = parseMysqlType('datetime(6)');

  it('writes booleans as 1 and 0, from PostgreSQL, CSV and JSON spellings', () => {
    expect(['t', 'true', 'TRUE', '1', 'yes'].map((text) => mysqlValue(boolean, text))).toEqual(['1', '1', '1', '1', '1']);
    expect(['f', 'false', '0', 'no'].map((text) => mysqlValue(boolean, text))).toEqual(['0', '0', '0', '0']);
    expect(() => mysqlValue(boolean, 'maybe')).toThrow(new ValueError("'maybe' is not a boolean (true/false, t/f, 1/0)"));
  });

  it('writes an instant in UTC with its microseconds, and wall-clock time as given', () => {
    expect(mysqlValue(datetime, '2026-12-05 10:00:00.123456+09')).toBe('2026-12-05 01:00:00.123456');
    expect(mysqlValue(datetime, '2026-01-01 00:30:00-05:30')).toBe('2026-01-01 06:00:00');
    expect(mysqlValue(datetime, '2026-12-05T01:02:03Z')).toBe('2026-12-05 01:02:03');
    expect(mysqlValue(datetime, '2026-12-05T01:02:03')).toBe('2026-12-05 01:02:03');
    expect(mysqlValue(parsePostgresType('timestamp with time zone'), '2026-03-01 00:00:00+01')).toBe('2026-02-28 23:00:00');
    expect(() => mysqlValue(datetime, 'yesterday+01')).toThrow(ValueError);
  });

  it("decodes PostgreSQL's bytea text, and keeps NULL and other values as they are", () => {
    expect(mysqlValue(parsePostgresType('bytea'), '\\x4869')).toEqual(new Uint8Array([0x48, 0x69]));
    expect(mysqlValue(parsePostgresType('numeric(10,2)'), '12.50')).toBe('12.50');
    expect(mysqlValue(boolean, null)).toBeNull();
  });
});
