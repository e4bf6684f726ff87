import { z } from 'zod';
import { MAX_SEARCH_QUERY_LENGTH, SEARCH_KINDS } from '../../domain/search/search-query';
import { MAX_SEARCH_LIMIT, searchWorkspace, type TSearchHit } from '../../services/search/search-workspace';
import { json, queryParams } from '../http';
import { defineRoutes } from '../route';

const ZKindSchema = z.enum(SEARCH_KINDS, { error: `kind must be one of ${SEARCH_KINDS.join(', ')}` });

export const ZSearchQuerySchema = z.object({
  q: z
    .string({ error: 'q is required: the words to search for' })
    .trim()
    .min(1, 'q must not be empty')
    .max(MAX_SEARCH_QUERY_LENGTH, `q may be at most ${MAX_SEARCH_QUERY_LENGTH} characters`),
  /** One kind, a comma-separated list, or the parameter repeated. */
  kind: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).filter((item) => item !== ''))
    .pipe(z.array(ZKindSchema))
    .optional(),
  tag: z.string().trim().min(1, 'tag must not be empty').max(100, 'tag may be at most 100 characters').optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be 1 or more').max(MAX_SEARCH_LIMIT, `limit may be at most ${MAX_SEARCH_LIMIT}`).optional(),
});

function hitJson(hit: TSearchHit) {
  return {
    kind: hit.kind,
    id: hit.id,
    title: hit.title,
    detail: hit.detail,
    matched_field: hit.field,
    /** The matched field's text (a snippet for long text) and the [start, end) ranges that matched. */
    match: { text: hit.match.text, ranges: hit.match.ranges },
    score: hit.score,
    dataset_id: hit.datasetId,
    dag_id: hit.dagId,
    incident_id: hit.incidentId,
    tags: hit.tags,
  };
}

export const searchRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/search',
    auth: 'token',
    async handler({ ctx, url }) {
      const { q, kind, tag, limit } = queryParams(url, ZSearchQuerySchema);
      const hits = await searchWorkspace(ctx, { q, kinds: kind, tag, limit });
      return json({ hits: hits.map(hitJson) });
    },
  },
]);
