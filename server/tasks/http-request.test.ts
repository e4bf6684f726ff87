import { describe, expect, it } from 'vitest';
import { ZHttpConfigSchema } from '../domain/dag/task-configs';
import { buildHttpRequest, connectionBaseUrl } from './http-request';
import type { TResolvedConnection } from './task-type';

function connection(fields: Partial<TResolvedConnection>): TResolvedConnection {
  return { connId: 'api', connType: 'http', host: 'api.example.com', port: null, login: null, password: null, schema: null, extra: {}, ...fields };
}

describe('connectionBaseUrl', () => {
  it.each([
    [{}, 'https://api.example.com'],
    [{ schema: 'http' }, 'http://api.example.com'],
    [{ schema: 'analytics' }, 'https://api.example.com'],
    [{ port: 8443 }, 'https://api.example.com:8443'],
    [{ host: 'http://api.example.com/v2', schema: 'https' }, 'http://api.example.com/v2'],
    [{ host: 'http://api.example.com/v2', port: 81 }, 'http://api.example.com:81/v2'],
  ])('%o → %s', (fields, expected) => {
    expect(connectionBaseUrl(connection(fields))).toBe(expected);
  });

  it('fails naming the connection when it has no host', () => {
    expect(() => connectionBaseUrl(connection({ host: null }))).toThrow("Connection 'api' has no host");
  });
});

describe('buildHttpRequest', () => {
  const build = (config: Record<string, unknown>, conn: TResolvedConnection | null = null) => buildHttpRequest(ZHttpConfigSchema.parse(config), conn);

  it.each([
    ['v1/items', 'https://api.example.com/v1/items'],
    ['/v1/items', 'https://api.example.com/v1/items'],
    ['', 'https://api.example.com/'],
  ])('joins endpoint %s with exactly one slash', (endpoint, expected) => {
    expect(build({ conn_id: 'api', endpoint }, connection({})).url).toBe(expected);
  });

  it('keeps a content-type the task set for a JSON body', () => {
    const request = build({ url: 'https://x.test', method: 'PATCH', data: [1, 2], headers: { 'Content-Type': 'application/vnd.api+json' } });
    expect(request.body).toBe('[1,2]');
    expect(request.headers.get('content-type')).toBe('application/vnd.api+json');
  });

  it('lets the task’s Authorization header replace the connection’s basic auth', () => {
    const request = build({ conn_id: 'api', endpoint: 'x', headers: { Authorization: 'Bearer t' } }, connection({ login: 'u' }));
    expect(request.headers.get('authorization')).toBe('Bearer t');
  });

  it('appends a GET query string and ignores data for HEAD', () => {
    expect(build({ url: 'https://x.test/a?b=1', data: '?c=2' }).url).toBe('https://x.test/a?b=1&c=2');
    const head = build({ url: 'https://x.test/a', method: 'HEAD', data: { c: 2 } });
    expect([head.url, head.body]).toEqual(['https://x.test/a', undefined]);
  });

  it('rejects a list as GET data and bad extra.headers', () => {
    expect(() => build({ url: 'https://x.test', data: [1] })).toThrow(/mapping \(query parameters\)/);
    expect(() => build({ conn_id: 'api', endpoint: 'x' }, connection({ extra: { headers: 'nope' } }))).toThrow(/extra.headers/);
  });
});
