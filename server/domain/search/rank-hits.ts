import type { TSearchKind } from './search-query';

/** Which field of a hit matched. */
export type TSearchField = 'name' | 'title' | 'column' | 'task_id' | 'tag' | 'owner' | 'description' | 'postmortem';

/**
 * Name matches first, then names of parts (a column, a task), then tags and owners, then
 * free text. Within a tier the database's score orders (similarity or text rank, 0..1).
 */
const FIELD_TIER: Record<TSearchField, number> = {
  name: 0,
  title: 0,
  column: 1,
  task_id: 1,
  tag: 2,
  owner: 3,
  description: 4,
  postmortem: 4,
};

export type TRankable = { kind: TSearchKind; id: string; field: TSearchField; score: number; title: string };

/** One hit per (kind, id), its best field kept; best first, ties by title. */
export function rankHits<T extends TRankable>(hits: T[], limit: number): T[] {
  const best = new Map<string, T>();
  for (const hit of hits) {
    const key = `${hit.kind}:${hit.id}`;
    const kept = best.get(key);
    if (kept === undefined || compareHits(hit, kept) < 0) best.set(key, hit);
  }
  return [...best.values()].sort(compareHits).slice(0, limit);
}

function compareHits(a: TRankable, b: TRankable): number {
  return FIELD_TIER[a.field] - FIELD_TIER[b.field] || b.score - a.score || a.title.localeCompare(b.title);
}
