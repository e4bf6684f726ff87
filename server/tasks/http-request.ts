import { z } from 'zod';
import type { THttpConfig } from '../domain/dag/task-configs';
import { TaskFailure, type TResolvedConnection } from './task-type';

export type THttpRequest = {
  url: string;
  method: THttpConfig['method'];
  headers: Headers;
  body?: string;
};

const ZExtraHeadersSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

/**
 * The request an http task makes, as Airflow's HttpOperator builds it: the connection gives the
 * base URL, basic auth and default headers (`extra.headers`), the task's own headers win; GET
 * sends `data` as query parameters, other methods as the body (JSON for a mapping or list).
 */
export function buildHttpRequest(config: THttpConfig, connection: TResolvedConnection | null): THttpRequest {
  const headers = new Headers();
  if (connection) {
    for (const [name, value] of Object.entries(extraHeaders(connection))) headers.set(name, value);
    if (connection.login) {
      const credentials = Buffer.from(`${connection.login}:${connection.password ?? ''}`).toString('base64');
      headers.set('authorization', `Basic ${credentials}`);
    }
  }
  for (const [name, value] of Object.entries(config.headers)) headers.set(name, value);

  const url = connection
    ? parseUrl(joinEndpoint(connectionBaseUrl(connection), config.endpoint ?? ''), `connection '${connection.connId}' with endpoint`)
    : parseUrl(config.url ?? '', 'url');
  const { data, method } = config;
  if (data === undefined || method === 'HEAD') return { url: url.toString(), method, headers };
  if (method === 'GET') return { url: withQuery(url, data).toString(), method, headers };
  if (typeof data === 'string') return { url: url.toString(), method, headers, body: data };
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return { url: url.toString(), method, headers, body: JSON.stringify(data) };
}

/** Airflow's HttpHook: a host with a scheme is the base URL; otherwise `schema://host`, then the port. */
export function connectionBaseUrl(connection: TResolvedConnection): string {
  const host = connection.host ?? '';
  if (host === '') throw new TaskFailure(`Connection '${connection.connId}' has no host`);
  const scheme = connection.schema === 'http' || connection.schema === 'https' ? connection.schema : 'https';
  const base = host.includes('://') ? host : `${scheme}://${host}`;
  if (connection.port === null) return base;
  const url = parseUrl(base, `the host of connection '${connection.connId}'`);
  url.port = String(connection.port);
  // URL gives a bare origin the path "/"; drop it again so the endpoint joins as in Airflow.
  return url.pathname === '/' && !base.endsWith('/') ? url.toString().slice(0, -1) : url.toString();
}

function parseUrl(text: string, what: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new TaskFailure(`Invalid URL in ${what}: ${text}`);
  }
}

/** Airflow's `_url_from_endpoint`: exactly one "/" between base URL and endpoint. */
function joinEndpoint(base: string, endpoint: string): string {
  if (endpoint !== '' && !base.endsWith('/') && !endpoint.startsWith('/')) return `${base}/${endpoint}`;
  return base + endpoint;
}

/** Like requests' `params`: a list repeats the key, null is left out, a mapping is sent as JSON. */
function withQuery(url: URL, data: NonNullable<THttpConfig['data']>): URL {
  if (typeof data === 'string') {
    const query = data.replace(/^\?/, '');
    if (query !== '') url.search = url.search === '' ? query : `${url.search.slice(1)}&${query}`;
    return url;
  }
  if (Array.isArray(data)) throw new TaskFailure('data for a GET request must be a mapping (query parameters) or a query string, not a list');
  for (const [name, value] of Object.entries(data)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      url.searchParams.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  return url;
}

function extraHeaders(connection: TResolvedConnection): Record<string, string> {
  const headers = connection.extra.headers;
  if (headers === undefined) return {};
  const parsed = ZExtraHeadersSchema.safeParse(headers);
  if (!parsed.success) {
    throw new TaskFailure(`Connection '${connection.connId}': extra.headers must be a mapping of header names to strings`);
  }
  return parsed.data;
}
