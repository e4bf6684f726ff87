import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/routers/_app';

/** A channel as `alertChannels.list` returns it: the shown config and which secrets are set, never a secret. */
export type TChannelItem = inferRouterOutputs<AppRouter>['alertChannels']['list']['channels'][number];
