/** An OpenAPI 3.1 `paths` object (kept loose: it is data served as JSON, checked by a test). */
export type TOpenApiPaths = Record<string, Record<string, unknown>>;
export type TOpenApiSchemas = Record<string, unknown>;
