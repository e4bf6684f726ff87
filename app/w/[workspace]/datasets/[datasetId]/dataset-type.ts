import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/routers/_app';

export type TDatasetPageData = inferRouterOutputs<AppRouter>['datasets']['page'];
export type TFreshnessAfterData = NonNullable<TDatasetPageData['freshness']['warnAfter']>;
