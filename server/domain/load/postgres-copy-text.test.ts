import { describe, expect, it } from 'vitest';
import { copyText, copyTextValue } from './postgres-copy-text';

describe('copyTextValue', () => {
  it.each([
    ['plain text', 'SQL', 'SQL'],
    ['SQL NULL', null, '\\N'],
    ['an empty string, which is not NULL', '', ''],
    ['the text \\N, which is not NULL', '\\N', '\\\\N'],
    ['a backslash (bytea hex keeps its one backslash once parsed)', '\\x4869', '\\\\x4869'],
    ['a tab, a newline and a carriage return', 'a\tb\nc\rd', 'a\\tb\\nc\\rd'],
    ['text with quotes and commas, which the format does not use', 'Airflow "intro", part 1', 'Airflow "intro", part 1'],
  ])('%s', (_what, value, expected) => {
    expect(copyTextValue(value)).toBe(expected);
  });
});

describe('copyText', () => {
  it('writes one line per row, values separated by tabs', () => {
    expect(copyText([['1', 'SQL', null], ['2', '', 'x\ty']])).toBe('1\tSQL\t\\N\n2\t\tx\\ty\n');
  });

  it('writes nothing for no rows', () => {
    expect(copyText([])).toBe('');
  });
});
