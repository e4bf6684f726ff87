import type { TOpenApiPaths } from './types';

export const dagsPaths: TOpenApiPaths = {};
