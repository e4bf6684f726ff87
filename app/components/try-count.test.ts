import { describe, expect, it } from 'vitest';
import { tryCount } from './try-count';

describe('try counts', () => {
  it('counts any try against the instance’s max_tries', () => {
    // retries: 1, two failed tries, then a clear: max_tries = 2 + 1 + 1.
    expect([1, 2, 3].map((tryNumber) => tryCount(tryNumber, 4))).toEqual(['1 of 4', '2 of 4', '3 of 4']);
  });
});
