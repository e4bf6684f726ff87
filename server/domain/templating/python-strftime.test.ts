import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { strftime, strptime } from './python-strftime';

const TUESDAY = DateTime.fromISO('2024-03-05T14:07:09', { zone: 'UTC' });

describe('strftime', () => {
  it.each([
    ['%Y-%m-%d', '2024-03-05'],
    ['%H:%M:%S', '14:07:09'],
    ['%y', '24'],
    ['%b %B', 'Mar March'],
    ['%j', '065'],
    ['%a %A', 'Tue Tuesday'],
    ['%I %p', '02 PM'],
    ['%z', '+0000'],
    ['100%% on %d/%m', '100% on 05/03'],
    ["it's %Y", "it's 2024"],
    ['plain text: yyyy', 'plain text: yyyy'],
  ])('%j → %j', (format, expected) => {
    expect(strftime(TUESDAY, format)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['%Q', "unsupported strftime code '%Q' in '%Q'"],
    ['%Y%', "unsupported strftime code '%' in '%Y%'"],
  ])('refuses %j', (format, message) => {
    const result = strftime(TUESDAY, format);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe('strptime', () => {
  it.each([
    ['2024-03-05', '%Y-%m-%d', '2024-03-05T00:00:00.000Z'],
    ['05/03/2024 14:07', '%d/%m/%Y %H:%M', '2024-03-05T14:07:00.000Z'],
    ['20240305', '%Y%m%d', '2024-03-05T00:00:00.000Z'],
    ['5/3/2024', '%d/%m/%Y', '2024-03-05T00:00:00.000Z'],
    ['2024-03-05 02 PM', '%Y-%m-%d %I %p', '2024-03-05T14:00:00.000Z'],
    ['2024-03-05T10:00:00+0200', '%Y-%m-%dT%H:%M:%S%z', '2024-03-05T08:00:00.000Z'],
    ['Tue 5 Mar 2024', '%a %d %b %Y', '2024-03-05T00:00:00.000Z'],
    ['2024-065', '%Y-%j', '2024-03-05T00:00:00.000Z'],
  ])('reads %j with %j', (text, format, iso) => {
    const result = strptime(text, format);
    expect(result.ok && result.value.toUTC().toISO()).toBe(iso);
  });

  it.each([
    ['2024-13-05', '%Y-%m-%d', "'2024-13-05' does not match the format '%Y-%m-%d'"],
    ['05/03/2024', '%Y-%m-%d', "'05/03/2024' does not match the format '%Y-%m-%d'"],
    ["2024'03", "%Y'%m", "an apostrophe in the input format '%Y'%m' is not supported"],
  ])('refuses %j with %j', (text, format, message) => {
    expect(strptime(text, format)).toEqual({ ok: false, error: message });
  });
});
