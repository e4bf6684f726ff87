/**
 * What a search box's text becomes before it reaches PostgreSQL: the words, a prefix tsquery
 * over them (partial words: `revenu` finds revenue), a LIKE pattern for names, and the name
 * part of a short form (`warehouse.public.orders` names `public.orders` on `warehouse`).
 */

export const SEARCH_KINDS = ['dataset', 'column', 'dag', 'task', 'incident', 'postmortem'] as const;
export type TSearchKind = (typeof SEARCH_KINDS)[number];

export const MAX_SEARCH_QUERY_LENGTH = 200;

export type TSearchQuery = {
  /** Trimmed, lower-cased, inner whitespace collapsed. */
  text: string;
  /** Words of letters, digits and underscores, lower-cased, in order, without repeats. */
  terms: string[];
  /** `word:* & other:*` for to_tsquery('simple', …); null when no word survives. */
  tsQuery: string | null;
  /** `%text%` with LIKE's wildcards escaped, for case-blind substring matches on names. */
  likePattern: string;
  /** The name part of a short form `conn_id.schema.table`; else the text itself. */
  nameText: string;
  /**
   * nameText's last dotted part (`public.orders` → `orders`), the table part, as
   * TABLE_PART_SQL cuts dataset names: near spellings compare table parts, since every name of a
   * schema shares its `public.` trigrams. Text with a `/` before its last dot (a URI) is kept whole.
   */
  tableText: string;
};

/** Everything up to the last dot, unless a `/` comes first; the same pattern as the migration's index. */
const BEFORE_TABLE_PART = /^[^/]*\./;

export function parseSearchQuery(raw: string): TSearchQuery {
  const text = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  const terms = [...new Set(text.match(/[\p{L}\p{N}]+/gu) ?? [])];
  const parts = text.split('.');
  const nameText = parts.length >= 3 && !text.includes(' ') ? parts.slice(1).join('.') : text;
  return {
    text,
    terms,
    // Each word is letters and digits only, so nothing in it is tsquery syntax.
    tsQuery: terms.length === 0 ? null : terms.map((term) => `${term}:*`).join(' & '),
    likePattern: `%${escapeLike(nameText)}%`,
    nameText,
    tableText: nameText.replace(BEFORE_TABLE_PART, '') || nameText,
  };
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
