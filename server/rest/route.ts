import type { PrismaClient } from '../db/client';
import type { TServiceContext } from '../services/context';

export type THttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type TRouteInput = {
  request: Request;
  url: URL;
  /** Path parameters, decoded (`:dag_id` → params.dag_id). */
  params: Record<string, string>;
  db: PrismaClient;
};

export type TRoute =
  | { method: THttpMethod; path: string; auth: 'none'; handler: (input: TRouteInput) => Promise<Response> }
  | { method: THttpMethod; path: string; auth: 'token'; handler: (input: TRouteInput & { ctx: TServiceContext }) => Promise<Response> };

/** Path patterns are relative to /api/v1, with `:name` parameters: `/dags/:dag_id/dagRuns`. */
export function defineRoutes(routes: TRoute[]): TRoute[] {
  return routes;
}
