import { describe, expect, it } from 'vitest';
import type { TColumnType } from './column-types';
import { jsonCell } from './json-cell';

describe('jsonCell', () => {
  it.each([
    ['a boolean', { kind: 'boolean' }, 't', true],
    ['a MySQL boolean', { kind: 'boolean' }, '0', false],
    ['a bigint past 2^53 stays text', { kind: 'integer', bytes: 8, unsigned: false }, '9007199254740993', '9007199254740993'],
    ['a float', { kind: 'float', bytes: 8 }, '1.5', 1.5],
    ['NaN stays text', { kind: 'float', bytes: 8 }, 'NaN', 'NaN'],
    ['a json document', { kind: 'json' }, '{"a":[1,2]}', { a: [1, 2] }],
    ['a timestamp as text', { kind: 'timestamp', withTimeZone: true }, '2024-03-01 00:00:00+00', '2024-03-01 00:00:00+00'],
  ] as [string, TColumnType, string, unknown][])('%s', (_, type, value, expected) => {
    expect(jsonCell(type, value)).toEqual(expected);
  });
});
