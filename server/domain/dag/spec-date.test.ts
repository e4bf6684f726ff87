import { describe, expect, it } from 'vitest';
import { resolveSpecDate, ZSpecDateSchema } from './spec-date';

describe('ZSpecDateSchema', () => {
  it.each([
    ['2024-01-01', '2024-01-01'],
    [' 2024-01-01 ', '2024-01-01'],
    ['2024-01-01T06:00:00Z', '2024-01-01T06:00:00Z'],
    [new Date('2024-01-01T00:00:00Z'), '2024-01-01'],
    [new Date('2024-01-01T06:30:00Z'), '2024-01-01T06:30:00.000Z'],
  ])('keeps %j as %s', (input, text) => {
    expect(ZSpecDateSchema.parse(input)).toBe(text);
  });

  it.each([['yesterday'], ['2024-02-30'], ['01/02/2024'], [20240101], [new Date(Number.NaN)]])('refuses %j', (input) => {
    expect(ZSpecDateSchema.safeParse(input).success).toBe(false);
  });
});

describe('resolveSpecDate', () => {
  it.each([
    ['2024-01-01', 'UTC', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01', 'Europe/Amsterdam', '2023-12-31T23:00:00.000Z'],
    ['2024-07-01', 'Europe/Amsterdam', '2024-06-30T22:00:00.000Z'],
    ['2024-01-01T06:00', 'America/New_York', '2024-01-01T11:00:00.000Z'],
    ['2024-01-01 06:00:00', 'UTC', '2024-01-01T06:00:00.000Z'],
    ['2024-01-01T06:00:00+02:00', 'America/New_York', '2024-01-01T04:00:00.000Z'],
    ['2024-01-01T06:00:00.250Z', 'Asia/Tokyo', '2024-01-01T06:00:00.250Z'],
  ])('%s in %s is %s', (text, timezone, instant) => {
    expect(resolveSpecDate(text, timezone)?.toISOString()).toBe(instant);
  });

  it.each([['2024-13-01', 'UTC'], ['soon', 'UTC'], ['2024-01-01', 'Mars/Olympus']])('gives null for %s in %s', (text, timezone) => {
    expect(resolveSpecDate(text, timezone)).toBeNull();
  });
});
