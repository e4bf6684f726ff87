import type { TOpenApiPaths } from './types';

export const taskInstancesPaths: TOpenApiPaths = {};
