import { z } from 'zod';
import { MAX_SEARCH_QUERY_LENGTH, SEARCH_KINDS } from '../../domain/search/search-query';
import { MAX_SEARCH_LIMIT, searchWorkspace } from '../../services/search/search-workspace';
import { router, workspaceProcedure } from '../init';

export const ZSearchInputSchema = z.object({
  q: z.string().trim().min(1, 'q must not be empty').max(MAX_SEARCH_QUERY_LENGTH, `q may be at most ${MAX_SEARCH_QUERY_LENGTH} characters`),
  kinds: z.array(z.enum(SEARCH_KINDS)).max(SEARCH_KINDS.length).optional(),
  tag: z.string().trim().min(1).max(100).optional(),
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional(),
});

/** The header's search palette. */
export const searchRouter = router({
  query: workspaceProcedure.input(ZSearchInputSchema).query(({ ctx, input }) => searchWorkspace(ctx.service, input)),
});
