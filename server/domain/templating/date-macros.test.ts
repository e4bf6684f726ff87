import { describe, expect, it } from 'vitest';
import { dsAdd, dsFormat } from './date-macros';

describe('dsAdd', () => {
  it.each([
    ['2024-01-01', 7, '2024-01-08'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-03-31', 0, '2024-03-31'],
    ['2024-01-01', '5', '2024-01-06'],
  ])('%s + %j days → %s', (ds, days, expected) => {
    expect(dsAdd(ds, days)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['20240101', 1, 'ds_add: "20240101" is not a YYYY-MM-DD date'],
    ['2024-02-30', 1, 'ds_add: "2024-02-30" is not a YYYY-MM-DD date'],
    [null, 1, 'ds_add: null is not a YYYY-MM-DD date'],
    ['2024-01-01', 1.5, 'ds_add: the number of days must be a whole number, got 1.5'],
    ['2024-01-01', 'x', 'ds_add: the number of days must be a whole number, got "x"'],
  ])('refuses %j + %j', (ds, days, message) => {
    expect(dsAdd(ds, days)).toEqual({ ok: false, error: message });
  });
});

describe('dsFormat', () => {
  it.each([
    ['2024-01-05', '%Y-%m-%d', '%d/%m/%Y', '05/01/2024'],
    ['20240105', '%Y%m%d', '%Y-%m-%d', '2024-01-05'],
    ['2024-01-05', '%Y-%m-%d', '%A %d %B %Y', 'Friday 05 January 2024'],
  ])('%s from %s to %s → %s', (ds, input, output, expected) => {
    expect(dsFormat(ds, input, output)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['2024-01-05', '%d/%m/%Y', '%Y', "ds_format: '2024-01-05' does not match the format '%d/%m/%Y'"],
    ['2024-01-05', '%Y-%m-%d', '%Q', 'ds_format: unsupported strftime code'],
    ['2024-01-05', 1, '%Y', 'ds_format: the input and output formats must be strings'],
  ])('refuses %j from %j to %j', (ds, input, output, message) => {
    const result = dsFormat(ds, input, output);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});
