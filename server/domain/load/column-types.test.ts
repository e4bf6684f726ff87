import { describe, expect, it } from 'vitest';
import { mysqlColumnType, mysqlFieldType, parseMysqlType, parsePostgresType, postgresColumnType } from './column-types';

describe('column types between engines', () => {
  it.each([
    ['integer', 'int'],
    ['bigint', 'bigint'],
    ['smallint', 'smallint'],
    ['numeric(10,2)', 'decimal(10,2)'],
    ['numeric', 'decimal(65,30)'],
    ['character varying(20)', 'varchar(20)'],
    ['character(3)', 'char(3)'],
    ['text', 'longtext'],
    ['boolean', 'boolean'],
    ['date', 'date'],
    ['timestamp without time zone', 'datetime(6)'],
    ['timestamp(3) with time zone', 'datetime(6)'],
    ['double precision', 'double'],
    ['real', 'float'],
    ['jsonb', 'json'],
    ['bytea', 'longblob'],
    ['uuid', 'char(36)'],
    ['interval', 'longtext'],
  ])('creates PostgreSQL %s as MySQL %s', (postgres, mysql) => {
    expect(mysqlColumnType('c', parsePostgresType(postgres), false)).toEqual({ ok: true, value: mysql });
  });

  it.each([
    ['int(11)', 'integer'],
    ['int(10) unsigned', 'bigint'],
    ['bigint(20)', 'bigint'],
    ['bigint(20) unsigned', 'numeric(20,0)'],
    ['tinyint(1)', 'boolean'],
    ['tinyint(4)', 'smallint'],
    ['decimal(12,3)', 'numeric(12,3)'],
    ['varchar(255)', 'character varying(255)'],
    ['char(2)', 'character(2)'],
    ['mediumtext', 'text'],
    ["enum('a','b')", 'text'],
    ['datetime(6)', 'timestamp without time zone'],
    ['timestamp', 'timestamp with time zone'],
    ['json', 'jsonb'],
    ['blob', 'bytea'],
    ['double', 'double precision'],
    ['geometry', 'text'],
  ])('creates MySQL %s as PostgreSQL %s', (mysql, postgres) => {
    expect(postgresColumnType(parseMysqlType(mysql))).toBe(postgres);
  });

  it('keeps a PostgreSQL type through a round trip of its own engine', () => {
    for (const name of ['integer', 'numeric(10,2)', 'character varying(20)', 'timestamp with time zone', 'jsonb', 'date', 'boolean', 'uuid']) {
      expect(postgresColumnType(parsePostgresType(name))).toBe(name);
    }
  });

  it('refuses, naming the column, what MySQL cannot create as asked', () => {
    expect(mysqlColumnType('course_name', parsePostgresType('text'), true)).toEqual({
      ok: false,
      error: expect.stringMatching(/column 'course_name' is a key of unbounded text.*course_name::varchar\(255\)/),
    });
    expect(mysqlColumnType('total', parsePostgresType('numeric(80,2)'), false)).toEqual({ ok: false, error: expect.stringMatching(/column 'total' is numeric\(80,2\)/) });
    expect(mysqlColumnType('doc', parsePostgresType('jsonb'), true)).toEqual({ ok: false, error: "column 'doc' is JSON and cannot be a key in MySQL" });
  });

  it('reads a query column from what the MySQL protocol says of it', () => {
    const field = (columnType: number, columnLength: number, extra: { decimals?: number; flags?: number; characterSet?: number } = {}) =>
      postgresColumnType(mysqlFieldType({ columnType, columnLength, decimals: extra.decimals ?? 0, flags: extra.flags ?? 0, characterSet: extra.characterSet ?? 45 }));
    expect(field(246, 10, { decimals: 2 })).toBe('numeric(8,2)');
    expect(field(246, 8, { decimals: 2, flags: 32 })).toBe('numeric(7,2)');
    expect(field(1, 1)).toBe('boolean');
    expect(field(8, 20, { flags: 32 })).toBe('numeric(20,0)');
    expect(field(253, 200)).toBe('character varying(50)');
    expect(field(254, 8)).toBe('character(2)');
    expect(field(254, 32, { flags: 256 })).toBe('character varying(8)');
    expect(field(253, 16, { characterSet: 63 })).toBe('bytea');
    expect(field(252, 65_535)).toBe('text');
    expect(field(7, 19)).toBe('timestamp with time zone');
    expect(field(16, 1)).toBe('text');
  });
});
