import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { logger } from '@/server/logging/logger';
import { createRequestContext } from '@/server/trpc/context';
import { appRouter } from '@/server/trpc/routers/_app';

export const dynamic = 'force-dynamic';

function handle(request: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createRequestContext(request),
    onError({ error, path }) {
      // Expected outcomes (not found, forbidden...) are answers, not incidents.
      if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error.cause ?? error, path }, 'tRPC call failed');
    },
  });
}

export { handle as GET, handle as POST };
