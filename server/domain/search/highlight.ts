/**
 * Why a hit matched, as plain text and character ranges to emphasise. The database returns the
 * field's text; the ranges are computed here, so no markup from the database ever reaches a page.
 */

export type THighlight = {
  text: string;
  /** [start, end) offsets into text, ascending, not overlapping. */
  ranges: Array<[number, number]>;
};

/** Similarity above which a word counts as a misspelling of a search word (pg_trgm's measure). */
const TYPO_SIMILARITY = 0.45;
const DEFAULT_SNIPPET_CHARS = 160;

/**
 * Highlights `query` in `text`: the whole query where it occurs as a substring, else every word
 * that starts with a search word or is a near spelling of one. Long text is cut to a snippet
 * around the first match (… marks the cuts).
 */
export function highlightMatch(text: string, query: { nameText: string; terms: string[] }, snippetChars = DEFAULT_SNIPPET_CHARS): THighlight {
  const flat = text.replace(/\s+/g, ' ').trim();
  const ranges = substringRanges(flat, query.nameText);
  const found = ranges.length > 0 ? ranges : wordRanges(flat, query.terms);
  return snippet(flat, found, snippetChars);
}

function substringRanges(text: string, needle: string): Array<[number, number]> {
  if (needle.length === 0) return [];
  const lower = text.toLowerCase();
  const ranges: Array<[number, number]> = [];
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
    ranges.push([at, at + needle.length]);
  }
  return ranges;
}

function wordRanges(text: string, terms: string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const word of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const lower = word[0].toLowerCase();
    if (terms.some((term) => lower.startsWith(term) || trigramSimilarity(lower, term) >= TYPO_SIMILARITY)) {
      ranges.push([word.index, word.index + word[0].length]);
    }
  }
  return ranges;
}

function snippet(text: string, ranges: Array<[number, number]>, maxChars: number): THighlight {
  if (text.length <= maxChars) return { text, ranges };
  const first = ranges[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - Math.floor(maxChars / 4), text.length - maxChars));
  const end = Math.min(text.length, start + maxChars);
  const prefix = start > 0 ? '…' : '';
  const shift = prefix.length - start;
  const kept = ranges
    .filter(([from, to]) => from >= start && to <= end)
    .map(([from, to]): [number, number] => [from + shift, to + shift]);
  return { text: `${prefix}${text.slice(start, end)}${end < text.length ? '…' : ''}`, ranges: kept };
}

/** pg_trgm's similarity for one word each: shared trigrams over all distinct trigrams. */
export function trigramSimilarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  let shared = 0;
  for (const gram of left) if (right.has(gram)) shared += 1;
  const total = left.size + right.size - shared;
  return total === 0 ? 0 : shared / total;
}

function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const grams = new Set<string>();
  for (let index = 0; index + 3 <= padded.length; index += 1) grams.add(padded.slice(index, index + 3));
  return grams;
}
