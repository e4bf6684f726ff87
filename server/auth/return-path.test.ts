import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
  it.each([
    ['/invite/abc', '/invite/abc'],
    ['/w/demo/dags?tags=x', '/w/demo/dags?tags=x'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/line\nbreak', '/'],
    [undefined, '/'],
    ['', '/'],
  ])('%j → %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});
