import type { TOpenApiPaths } from './types';

export const backfillsPaths: TOpenApiPaths = {};
