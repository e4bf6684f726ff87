import { describe, expect, it } from 'vitest';
import { retryableStatus, retryAfterMs, withoutSecrets } from './alert-send-error';

const NOW = Date.parse('2026-12-05T17:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    ['7', 7000],
    [' 0 ', 0],
    ['Sat, 05 Dec 2026 17:00:30 GMT', 30_000],
    ['Sat, 05 Dec 2026 16:59:00 GMT', 0],
    ['999999999', 24 * 60 * 60 * 1000],
    ['soon', null],
    ['1.5', null],
    ['', null],
    [null, null],
  ] as const)('%j → %j', (header, expected) => expect(retryAfterMs(header, NOW)).toBe(expected));
});

describe('retryableStatus', () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [404, false],
    [410, false],
  ])('%i → %s', (status, expected) => expect(retryableStatus(status)).toBe(expected));
});

describe('withoutSecrets', () => {
  it('masks every secret, also URL-encoded, and leaves short strings alone', () => {
    expect(withoutSecrets('token xoxb-1/2 and xoxb-1%2F2, not "ab"', ['xoxb-1/2', 'ab'])).toBe('token *** and ***, not "ab"');
  });
});
