import { describe, expect, it } from 'vitest';
import { timeZonePreferenceOf } from './time-zone-preference';

describe('a stored time-zone preference read back', () => {
  it.each([
    ['utc', 'utc'],
    ['local', 'local'],
    ['Europe/Berlin', 'utc'],
    ['', 'utc'],
    [null, 'utc'],
    [undefined, 'utc'],
  ] as const)('%s prints as %s', (stored, expected) => {
    expect(timeZonePreferenceOf(stored)).toBe(expected);
  });
});
