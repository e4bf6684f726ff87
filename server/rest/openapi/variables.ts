import type { TOpenApiPaths } from './types';

export const variablesPaths: TOpenApiPaths = {};
