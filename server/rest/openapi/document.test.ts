import { describe, expect, it } from 'vitest';
import { ROUTES } from '../router';
import { openApiDocument } from './document';

describe('the OpenAPI document', () => {
  const document = openApiDocument();
  // `/dags/:dag_id` in the route table is `/dags/{dag_id}` in OpenAPI.
  const documented = (path: string) => document.paths[path.replace(/:([a-z_]+)/g, '{$1}')];

  it.each(ROUTES.map((route) => [route.method, route.path] as const))('documents %s %s', (method, path) => {
    expect(documented(path), `${path} is missing from the OpenAPI paths`).toBeDefined();
    expect(documented(path)?.[method.toLowerCase()], `${method} ${path} is missing`).toBeDefined();
  });

  it('documents nothing the API does not serve', () => {
    const served = new Set(ROUTES.map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:([a-z_]+)/g, '{$1}')}`));
    const extra = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key)).map((method) => `${method} ${path}`),
    ).filter((operation) => !served.has(operation));
    expect(extra).toEqual([]);
  });
});
