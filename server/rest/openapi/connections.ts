import type { TOpenApiPaths } from './types';

export const connectionsPaths: TOpenApiPaths = {};
