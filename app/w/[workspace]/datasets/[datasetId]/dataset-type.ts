import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/routers/_app';

export type TDatasetPageData = inferRouterOutputs<AppRouter>['datasets']['page'];
export type TFreshnessAfterData = NonNullable<TDatasetPageData['freshness']['warnAfter']>;
export type TDatasetPatchData = inferRouterInputs<AppRouter>['datasets']['update']['patch'];
export type TDatasetLineageData = inferRouterOutputs<AppRouter>['datasets']['lineage'];
