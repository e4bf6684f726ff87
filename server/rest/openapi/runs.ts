import type { TOpenApiPaths } from './types';

export const runsPaths: TOpenApiPaths = {};
