import { describe, expect, it } from 'vitest';
import { highlightMatch, trigramSimilarity } from './highlight';
import { parseSearchQuery } from './search-query';

const marked = (text: string, raw: string, snippetChars?: number) => {
  const { text: shown, ranges } = highlightMatch(text, parseSearchQuery(raw), snippetChars);
  let out = '';
  let at = 0;
  for (const [from, to] of ranges) {
    out += `${shown.slice(at, from)}[${shown.slice(from, to)}]`;
    at = to;
  }
  return out + shown.slice(at);
};

describe('highlightMatch', () => {
  it.each([
    ['public.course_summary', 'course_sum', 'public.[course_sum]mary'],
    ['public.course_summary', 'cours_sumary', 'public.[course]_[summary]'],
    ['warehouse.public.orders', 'warehouse.public.orders', 'warehouse.[public.orders]'],
    ['Daily revenue per Region', 'revenu region', 'Daily [revenue] per [Region]'],
    ['Orders and ORDERS', 'orders', '[Orders] and [ORDERS]'],
    ['multi\n\nline   text', 'line', 'multi [line] text'],
    ['nothing here', 'zebra', 'nothing here'],
  ])('%s for %s', (text, query, expected) => {
    expect(marked(text, query)).toBe(expected);
  });

  it('cuts long text to a snippet around the first match', () => {
    const text = `${'a '.repeat(100)}needle ${'b '.repeat(100)}`;
    const shown = marked(text, 'needle', 40);
    expect(shown).toMatch(/^….*\[needle\].*…$/);
    expect(shown.length).toBeLessThanOrEqual(40 + 4);
  });
});

describe('trigramSimilarity', () => {
  it('matches pg_trgm for a one-letter typo and tells unrelated words apart', () => {
    expect(trigramSimilarity('summary', 'sumary')).toBeCloseTo(6 / 9);
    expect(trigramSimilarity('orders', 'region')).toBeLessThan(0.2);
  });
});
