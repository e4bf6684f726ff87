import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a32, maxTriesAfterClear, nextRetryAt, retryDelaySeconds, retryPolicyFor, shouldRetry } from './retry';

const KEY = 'etl#load#manual__2024';
const FINISHED = new Date('2024-01-01T00:00:00Z');

describe('shouldRetry', () => {
  it.each([
    [1, 1, false], // retries=0: the first failure is final
    [1, 3, true],
    [2, 3, true],
    [3, 3, false],
    [4, 3, false], // cleared and re-run past its budget
  ])('try %d of max %d → %s', (tryNumber, maxTries, expected) => {
    expect(shouldRetry(tryNumber, maxTries)).toBe(expected);
  });
});

describe('retryDelaySeconds', () => {
  it.each([
    // [tryNumber, delay, exponential, cap, expected seconds, why]
    [1, 300, false, null, 300, 'plain delay'],
    [7, 300, false, null, 300, 'plain delay ignores the try number'],
    [3, 172_800, false, 3600, 172_800, 'the cap only applies to exponential backoff, as in Airflow'],
    [1, 300, true, null, 434, 'try 1: within [300, 600)'],
    [2, 300, true, null, 615, 'try 2: within [600, 1200)'],
    [3, 300, true, null, 1996, 'try 3: within [1200, 2400)'],
    [4, 300, true, 3600, 2777, 'try 4: within [2400, 4800) and under the cap'],
    [5, 300, true, 3600, 3600, 'try 5: min_backoff 4800 is over the cap'],
    [9, 300, true, null, 86_400, 'the default cap is a day'],
    [2000, 1, true, null, 86_400, '2^1999 overflows to Infinity and is still capped'],
    [1, 0, true, null, 1, 'a zero delay backs off at least 1 second, as in Airflow'],
    [1, 0.4, true, null, 1, 'ceil rounds a fractional min_backoff up'],
  ] as [number, number, boolean, number | null, number, string][])('try %d, delay %d, exponential %s, cap %s → %d (%s)', (tryNumber, delay, exponential, cap, expected) => {
    expect(
      retryDelaySeconds({ tryNumber, retryDelaySeconds: delay, exponentialBackoff: exponential, maxRetryDelaySeconds: cap, key: KEY }),
    ).toBe(expected);
  });

  it('stays in [min_backoff, 2 * min_backoff) under the cap, whatever the key', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 600 }), (key, tryNumber, delay) => {
        const minBackoff = Math.ceil(delay * 2 ** (tryNumber - 1));
        const seconds = retryDelaySeconds({ tryNumber, retryDelaySeconds: delay, exponentialBackoff: true, maxRetryDelaySeconds: 1e12, key });
        expect(seconds).toBeGreaterThanOrEqual(minBackoff);
        expect(seconds).toBeLessThan(2 * minBackoff);
      }),
    );
  });
});

describe('nextRetryAt', () => {
  it.each([
    [{ tryNumber: 1, retryDelaySeconds: 300, exponentialBackoff: false }, '2024-01-01T00:05:00.000Z'],
    [{ tryNumber: 1, retryDelaySeconds: 300, exponentialBackoff: true }, '2024-01-01T00:07:14.000Z'],
    [{ tryNumber: 5, retryDelaySeconds: 300, exponentialBackoff: true, maxRetryDelaySeconds: 3600 }, '2024-01-01T01:00:00.000Z'],
  ])('%j → %s', (input, expected) => {
    expect(nextRetryAt({ ...input, finishedAt: FINISHED, key: KEY }).toISOString()).toBe(expected);
  });

  it('is deterministic for one task instance and try', () => {
    const input = { tryNumber: 3, retryDelaySeconds: 60, exponentialBackoff: true, finishedAt: FINISHED, key: KEY };
    expect(nextRetryAt(input)).toEqual(nextRetryAt({ ...input }));
  });
});

describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the published FNV-1a value', (text, hash) => {
    expect(fnv1a32(text)).toBe(hash);
  });
});

describe('retryPolicyFor', () => {
  it('takes the delays from the task', () => {
    expect(retryPolicyFor({ retry_delay: 30, retry_exponential_backoff: true, max_retry_delay: 600 } as never, KEY)).toEqual({
      retryDelaySeconds: 30,
      exponentialBackoff: true,
      maxRetryDelaySeconds: 600,
      key: KEY,
    });
  });

  it("falls back to Airflow's 300 s without backoff when the task is unknown", () => {
    expect(retryPolicyFor(null, KEY)).toEqual({ retryDelaySeconds: 300, exponentialBackoff: false, maxRetryDelaySeconds: null, key: KEY });
  });
});

describe('maxTriesAfterClear', () => {
  it('gives a task whose tries are used up its retries again (max_tries = try_number + retries)', () => {
    // retries: 2, all three tries failed, then cleared: three more tries, the last one try 6.
    expect(maxTriesAfterClear(3, { retries: 2 })).toBe(6);
    expect(shouldRetry(4, maxTriesAfterClear(3, { retries: 2 }))).toBe(true);
    expect(shouldRetry(6, maxTriesAfterClear(3, { retries: 2 }))).toBe(false);
  });

  it('gives one more try to a task without retries, or one no longer in the DAG', () => {
    expect(maxTriesAfterClear(1, { retries: 0 })).toBe(2);
    expect(maxTriesAfterClear(4, null)).toBe(5);
  });
});
