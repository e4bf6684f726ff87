import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from './did-you-mean';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['retries', 'retries', 0],
    ['retires', 'retries', 1],
    ['bahs', 'bash', 1],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('closestMatch', () => {
  const fields = ['retries', 'retry_delay', 'owner', 'pool', 'schedule', 'a'];
  it.each([
    ['retires', 'retries'],
    ['retry_dealy', 'retry_delay'],
    ['Owner', 'owner'],
    ['pol', 'pool'],
    ['xyz', null],
    ['z', null],
    ['scheduel', 'schedule'],
  ])('%s → %s', (word, match) => {
    expect(closestMatch(word, fields)).toBe(match);
  });

  it('phrases the hint', () => {
    expect(didYouMean('retires', fields)).toBe(" (did you mean 'retries'?)");
    expect(didYouMean('nothing_like_it', fields)).toBe('');
  });
});
