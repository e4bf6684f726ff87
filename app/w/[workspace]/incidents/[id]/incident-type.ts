import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/routers/_app';

/** An incident as incidents.get gives it (dates as ISO text): the page and its sections read it. */
export type TIncident = inferRouterOutputs<AppRouter>['incidents']['get'];
