import type { PrismaClient } from '../db/client';
import { logger } from '../logging/logger';
import { AppError } from '../services/app-error';
import { contextForToken } from '../services/tokens/api-tokens';
import { errorResponse, problem } from './http';
import type { TRoute } from './route';
import { alertChannelsRoutes } from './routes/alert-channels';
import { backfillsRoutes } from './routes/backfills';
import { connectionsRoutes } from './routes/connections';
import { dagsRoutes } from './routes/dags';
import { datasetCurationRoutes } from './routes/dataset-curation';
import { datasetEventsRoutes } from './routes/dataset-events';
import { datasetObservationsRoutes } from './routes/dataset-observations';
import { datasetsRoutes } from './routes/datasets';
import { incidentsRoutes } from './routes/incidents';
import { runsRoutes } from './routes/runs';
import { searchRoutes } from './routes/search';
import { systemRoutes } from './routes/system';
import { taskInstancesRoutes } from './routes/task-instances';
import { tokenRoutes } from './routes/tokens';
import { variablesRoutes } from './routes/variables';

export const API_PREFIX = '/api/v1';

export const ROUTES: TRoute[] = [
  ...systemRoutes,
  ...tokenRoutes,
  ...dagsRoutes,
  ...runsRoutes,
  ...taskInstancesRoutes,
  ...backfillsRoutes,
  ...connectionsRoutes,
  ...variablesRoutes,
  ...alertChannelsRoutes,
  ...incidentsRoutes,
  ...datasetObservationsRoutes,
  ...datasetsRoutes,
  ...datasetCurationRoutes,
  ...datasetEventsRoutes,
  ...searchRoutes,
];

const compiled = ROUTES.map((route) => ({ route, pattern: new URLPattern({ pathname: `${API_PREFIX}${route.path}` }) }));

/**
 * REST v1, independent of the web framework: Next.js mounts it with one catch-all route
 * (app/api/v1/[...path]/route.ts), tests and the CLI's tests mount it on a plain node:http
 * server. Authenticates the bearer token into a workspace-scoped context before any handler.
 */
export async function handleRestRequest(request: Request, deps: { db: PrismaClient }): Promise<Response> {
  const url = new URL(request.url);
  const log = logger.child({ method: request.method, path: url.pathname });
  const matches = compiled.filter(({ pattern }) => pattern.test({ pathname: url.pathname }));
  if (matches.length === 0) return problem(404, 'Not Found', `No API endpoint at ${url.pathname}.`);
  const match = matches.find(({ route }) => route.method === request.method);
  if (!match) {
    const allowed = [...new Set(matches.map(({ route }) => route.method))].join(', ');
    return new Response(JSON.stringify({ title: 'Method Not Allowed', status: 405, detail: `${request.method} is not allowed here; use ${allowed}.` }), {
      status: 405,
      headers: { allow: allowed, 'content-type': 'application/problem+json' },
    });
  }
  const groups = match.pattern.exec({ pathname: url.pathname })?.pathname.groups ?? {};
  const params = Object.fromEntries(Object.entries(groups).map(([key, value]) => [key, decodeURIComponent(value ?? '')]));
  try {
    const input = { request, url, params, db: deps.db };
    if (match.route.auth === 'none') return await match.route.handler(input);
    const ctx = await contextForToken(deps.db, bearerToken(request));
    return await match.route.handler({ ...input, ctx });
  } catch (error) {
    return errorResponse(error, (unexpected) => log.error({ err: unexpected }, 'unexpected error in a REST handler'));
  }
}

function bearerToken(request: Request): string {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('unauthenticated', 'Send an API token: Authorization: Bearer <token>.');
  return match[1]!;
}
