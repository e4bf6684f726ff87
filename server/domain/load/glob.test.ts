import { describe, expect, it } from 'vitest';
import { globMatcher, globPrefix, hasGlob } from './glob';

describe('globPrefix and hasGlob', () => {
  it.each([
    ['events/2024-03-01/*.jsonl', 'events/2024-03-01/', true],
    ['events/2024-03-01/part-?.csv', 'events/2024-03-01/part-', true],
    ['logs/**/x.csv', 'logs/', true],
    ['logs/[ab]/x.csv', 'logs/', true],
    ['exact/key.csv', 'exact/key.csv', false],
    ['odd[name.csv', 'odd[name.csv', false],
    ['*', '', true],
  ])('%s lists %s', (pattern, prefix, wild) => {
    expect(globPrefix(pattern)).toBe(prefix);
    expect(hasGlob(pattern)).toBe(wild);
  });
});

describe('globMatcher', () => {
  it.each([
    ['a/*.csv', 'a/x.csv', true],
    ['a/*.csv', 'a/b/x.csv', false],
    ['a/*.csv', 'a/x.csv.gz', false],
    ['a/*', 'a/', true],
    ['a/part-?.csv', 'a/part-1.csv', true],
    ['a/part-?.csv', 'a/part-12.csv', false],
    ['a/?', 'a//', false],
    ['a/**/x.csv', 'a/x.csv', true],
    ['a/**/x.csv', 'a/b/c/x.csv', true],
    ['a/**', 'a/b/c.csv', true],
    ['a/**.csv', 'a/b/c.csv', true],
    ['a/[bc].csv', 'a/c.csv', true],
    ['a/[bc].csv', 'a/d.csv', false],
    ['a/[a-c]1', 'a/b1', true],
    ['a/[!b].csv', 'a/c.csv', true],
    ['a/[!b].csv', 'a/b.csv', false],
    ['a/[!b]x', 'a//x', false],
    ['a/(x)+.csv', 'a/(x)+.csv', true],
    ['a/(x)+.csv', 'a/xx.csv', false],
    ['a/odd[name', 'a/odd[name', true],
    ['exact.csv', 'exact.csv', true],
    ['exact.csv', 'exact.csv2', false],
  ])('%s against %s: %s', (pattern, key, expected) => {
    expect(globMatcher(pattern)(key)).toBe(expected);
  });
});
