import { describe, expect, it } from 'vitest';
import type { TColumnType } from './column-types';
import { escapeRedisGlob, redisHashFields, redisJsonValue, redisLoadKeys, redisRowId, redisRowLayout } from './redis-values';

const int: TColumnType = { kind: 'integer', bytes: 4, unsigned: false };
const text: TColumnType = { kind: 'text', maxLength: null, fixed: false };
const columns = [{ name: 'course_id', type: int }, { name: 'title', type: text }, { name: 'rating', type: { kind: 'decimal', precision: 3, scale: 2 } as TColumnType }];

describe('redisRowLayout and redisRowId', () => {
  const layout = redisRowLayout(columns, 'course_id', 'hash');
  if (!layout.ok) throw new Error(layout.error);

  it('refuses a key_column the source does not have, naming the columns', () => {
    expect(redisRowLayout(columns, 'id', 'hash')).toEqual({ ok: false, error: 'key_column id is not a column of the source (columns: course_id, title, rating)' });
  });

  it.each([
    ['a value', ['7', 'SQL', null], { ok: true, value: '7' }],
    ['null', [null, 'SQL', null], { ok: false, error: 'source row 7000: key_column course_id is null: every row needs a key' }],
    ['empty', ['', 'SQL', null], { ok: false, error: 'source row 7000: key_column course_id is empty: every row needs a key' }],
    ["one of Tributary's own names", ['__tributary:keys', 'x', null], { ok: false, error: "source row 7000: key_column course_id starts with __tributary:, which names Tributary's own keys" }],
  ])('%s', (_, row, expected) => {
    expect(redisRowId(layout.value, row, 7000)).toEqual(expected);
  });

  it('makes a hash of every other column, leaving null ones out', () => {
    expect(redisHashFields(layout.value, ['7', 'SQL', null])).toEqual(['title', 'SQL']);
    expect(redisHashFields(layout.value, ['7', 'SQL', '4.50'])).toEqual(['title', 'SQL', 'rating', '4.50']);
  });

  it('makes one JSON object of the whole row, typed where JSON can carry the type exactly', () => {
    expect(redisJsonValue(layout.value, ['7', 'SQL "intro"', '4.50'])).toBe('{"course_id":7,"title":"SQL \\"intro\\"","rating":"4.50"}');
    expect(redisJsonValue(layout.value, ['7', null, null])).toBe('{"course_id":7,"title":null,"rating":null}');
  });
});

describe('redisLoadKeys and escapeRedisGlob', () => {
  it("puts Tributary's keys under <prefix>__tributary: and escapes the prefix for SCAN MATCH", () => {
    const keys = redisLoadKeys('course[1]:', 'abc');
    expect(keys).toMatchObject({
      lock: 'course[1]:__tributary:lock',
      loaded: 'course[1]:__tributary:keys',
      internalPattern: 'course\\[1\\]:__tributary:*',
      stagedSet: 'course[1]:__tributary:abc',
      stagedList: 'course[1]:__tributary:abc-ids',
    });
    expect(keys.staging('7')).toBe('course[1]:__tributary:abc:7');
    expect(keys.final('7')).toBe('course[1]:7');
    expect(escapeRedisGlob('a*b?c\\')).toBe('a\\*b\\?c\\\\');
  });
});
