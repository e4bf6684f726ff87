import { highlightMatch, type THighlight } from '../../domain/search/highlight';
import { rankHits, type TSearchField } from '../../domain/search/rank-hits';
import { MAX_SEARCH_QUERY_LENGTH, parseSearchQuery, SEARCH_KINDS, type TSearchKind } from '../../domain/search/search-query';
import { AppError } from '../app-error';
import { requireRole, type TServiceContext } from '../context';
import { searchSql, type TSearchRow } from './search-sql';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

export type TSearchInput = { q: string; kinds?: TSearchKind[]; tag?: string; limit?: number };

export type TSearchHit = {
  kind: TSearchKind;
  /** The dataset's, DAG's or incident's id; `<datasetId>:<column>` and `<dag_id>.<task_id>` for parts. */
  id: string;
  title: string;
  /** Where the hit lives (a column's dataset and type, a task's DAG, an incident's DAG and state) or the owner. */
  detail: string | null;
  /** Which field matched, and its text with the match's ranges. */
  field: TSearchField;
  match: THighlight;
  score: number;
  datasetId: string | null;
  dagId: string | null;
  incidentId: string | null;
  tags: string[];
};

/**
 * One search over the caller's workspace: datasets (name, short form, description, tags, owner),
 * their columns, DAGs (id, description, tags, owner), the tasks of their current versions,
 * incidents and post-mortems. Names match by substring or near spelling, text by words and word
 * prefixes; name matches rank first (domain/search/rank-hits.ts).
 */
export async function searchWorkspace(ctx: TServiceContext, input: TSearchInput): Promise<TSearchHit[]> {
  requireRole(ctx, 'viewer');
  const query = parseSearchQuery(input.q);
  if (query.text.length === 0) throw new AppError('invalid_input', 'q: give some words to search for.');
  if (query.text.length > MAX_SEARCH_QUERY_LENGTH) throw new AppError('invalid_input', `q: at most ${MAX_SEARCH_QUERY_LENGTH} characters.`);
  const limit = Math.min(Math.max(input.limit ?? DEFAULT_SEARCH_LIMIT, 1), MAX_SEARCH_LIMIT);
  const kinds = new Set(input.kinds !== undefined && input.kinds.length > 0 ? input.kinds : SEARCH_KINDS);
  const sql = searchSql({ workspaceId: ctx.workspaceId, query, tag: input.tag, limit }, kinds);
  if (sql === null) return [];
  const rows = await ctx.db.$queryRaw<TSearchRow[]>(sql);
  return rankHits(rows, limit).map((row) => ({ ...row, score: Number(row.score), match: highlightMatch(row.text ?? '', query) }));
}
