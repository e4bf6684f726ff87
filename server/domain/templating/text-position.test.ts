import { describe, expect, it } from 'vitest';
import { indexOutsideQuotes, offsetOf, positionOf } from './text-position';

describe('positionOf / offsetOf', () => {
  it.each([
    ['abc', 0, 1, 1],
    ['abc', 2, 1, 3],
    ['ab\ncd', 3, 2, 1],
    ['ab\ncd', 4, 2, 2],
    ['a\n\nb', 3, 3, 1],
  ])('in %j offset %d is line %d column %d, and back', (text, offset, line, column) => {
    expect(positionOf(text, offset)).toEqual({ line, column });
    expect(offsetOf(text, { line, column })).toBe(offset);
  });

  it('clamps positions past the end', () => {
    expect(offsetOf('ab', { line: 5, column: 1 })).toBe(2);
    expect(offsetOf('ab', { line: 1, column: 9 })).toBe(2);
  });
});

describe('indexOutsideQuotes', () => {
  it.each([
    ['a }} b', '}}', 0, 2],
    ['"}}" }}', '}}', 0, 5],
    ["'}}' }}", '}}', 0, 5],
    ['"a\\"}}" }}', '}}', 0, 8],
    ['no end', '}}', 0, -1],
    ['}} x }}', '}}', 1, 5],
  ])('finds %j in %j', (text, delimiter, from, expected) => {
    expect(indexOutsideQuotes(text, delimiter, from)).toBe(expected);
  });
});
