import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpTask } from './http';
import type { TResolvedConnection } from './task-type';
import { createTestContext, egressAllowing, type TTestContext } from './test-context';

type TReceived = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

let server: Server;
let base: string;
let received: TReceived[] = [];
let ctx: TTestContext<'http'> | undefined;

/** A real server on 127.0.0.1 whose routes cover what the http task must handle. */
beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() };
      received.push(seen);
      const path = new URL(seen.url, 'http://x').pathname;
      if (path === '/slow') return; // never answers: only an abort ends the request
      if (path === '/unavailable') return response.writeHead(503).end('upstream down');
      if (path === '/broken') return response.writeHead(500).end('x'.repeat(2000));
      if (path === '/text') return response.writeHead(200, { 'content-type': 'text/plain' }).end('plain body');
      if (path === '/big') return response.writeHead(200, { 'content-type': 'text/plain' }).end('y'.repeat(100 * 1024));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: { method: seen.method, body: seen.body } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(async () => {
  received = [];
  await ctx?.cleanup();
});

/** The test server is on loopback, which a worker reaches only when TRIBUTARY_EGRESS_ALLOW says so. */
async function run(config: Parameters<typeof createTestContext<'http'>>[1], connections?: Record<string, TResolvedConnection>, allow = '127.0.0.1') {
  ctx = await createTestContext('http', config, { connections, egress: egressAllowing(allow) });
  return { ctx, result: httpTask.run(ctx) };
}

describe('http task', () => {
  it('GETs JSON and outputs the parsed body, logging the call and the status', async () => {
    const { ctx, result } = await run({ url: `${base}/items` });
    expect(await result).toEqual({ output: { echo: { method: 'GET', body: '' } } });
    expect(ctx.log.of('system')).toEqual([`Calling HTTP method GET ${base}/items`, 'Received HTTP 200 OK']);
  });

  it('POSTs a mapping as a JSON body', async () => {
    const { result } = await run({ url: `${base}/items`, method: 'post', data: { name: 'a', n: 1 } });
    expect(await result).toEqual({ output: { echo: { method: 'POST', body: '{"name":"a","n":1}' } } });
    expect(received[0]!.headers['content-type']).toBe('application/json');
  });

  it('sends a string body as it is', async () => {
    await (await run({ url: `${base}/items`, method: 'PUT', data: 'a,b\n1,2', headers: { 'Content-Type': 'text/csv' } })).result;
    expect(received[0]).toMatchObject({ method: 'PUT', body: 'a,b\n1,2', headers: { 'content-type': 'text/csv' } });
  });

  it('sends GET data as query parameters, as Airflow does', async () => {
    await (await run({ url: `${base}/items?page=2`, data: { day: '2024-03-01', tag: ['a', 'b'], skip: null } })).result;
    expect(received[0]).toMatchObject({ method: 'GET', url: '/items?page=2&day=2024-03-01&tag=a&tag=b', body: '' });
  });

  it('calls conn_id + endpoint with basic auth and the connection’s headers under the task’s', async () => {
    const port = Number(new URL(base).port);
    const connection: TResolvedConnection = {
      connId: 'api',
      connType: 'http',
      host: '127.0.0.1',
      port,
      login: 'alice',
      password: 's3cret',
      schema: 'http',
      extra: { headers: { 'X-Source': 'connection', 'X-Both': 'connection' } },
    };
    const { result } = await run({ conn_id: 'api', endpoint: 'api/v1/items', headers: { 'X-Both': 'task' } }, { api: connection });
    await result;
    expect(received[0]!.url).toBe('/api/v1/items');
    expect(received[0]!.headers).toMatchObject({
      authorization: `Basic ${Buffer.from('alice:s3cret').toString('base64')}`,
      'x-source': 'connection',
      'x-both': 'task',
    });
  });

  it('fails on a non-2xx status, naming the status, the URL and the start of the body', async () => {
    await expect((await run({ url: `${base}/unavailable` })).result).rejects.toThrow(
      `HTTP 503 Service Unavailable from ${base}/unavailable: upstream down`,
    );
    const failure = await (await run({ url: `${base}/broken` })).result.catch((error: unknown) => error as Error);
    expect((failure as Error).message).toBe(`HTTP 500 Internal Server Error from ${base}/broken: ${'x'.repeat(500)}`);
  });

  it('outputs a text body as text', async () => {
    expect(await (await run({ url: `${base}/text` })).result).toEqual({ output: 'plain body' });
  });

  it('fails on a body over 64 KiB, pointing to the load type', async () => {
    await expect((await run({ url: `${base}/big` })).result).rejects.toThrow(/larger than 64 KiB.*`load` task type/);
  });

  it('passes when response_check is true, evaluated outside the worker process', async () => {
    const check = `response.status === 200 && response.json.echo.method === "GET" && process.pid !== ${process.pid}`;
    expect(await (await run({ url: `${base}/items`, response_check: check })).result).toMatchObject({ output: { echo: {} } });
  });

  it('fails when response_check is falsy', async () => {
    await expect((await run({ url: `${base}/text`, response_check: 'response.text.includes("missing")' })).result).rejects.toThrow(
      'response_check returned false',
    );
  });

  it('fails when the connection does not exist', async () => {
    await expect((await run({ conn_id: 'nope', endpoint: '/x' })).result).rejects.toThrow("The connection 'nope' does not exist");
  });

  it('refuses loopback unless TRIBUTARY_EGRESS_ALLOW opens it, naming the rule and the setting', async () => {
    const port = new URL(base).port;
    await expect((await run({ url: `${base}/items` }, undefined, '')).result).rejects.toThrow(
      `HTTP GET ${base}/items: Refused to connect to 127.0.0.1:${port} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${port} (or a CIDR).`,
    );
    expect(received).toEqual([]);
    expect(await (await run({ url: `${base}/items` }, undefined, `127.0.0.1:${port}`)).result).toMatchObject({ output: { echo: {} } });
  });

  it('never calls the cloud metadata address, whatever is allowed', async () => {
    await expect((await run({ url: 'http://169.254.169.254/latest/meta-data/' }, undefined, '0.0.0.0/0')).result).rejects.toThrow(
      'Refused to connect to 169.254.169.254:80 (link-local / cloud metadata address): Tributary never lets a workspace reach it.',
    );
  });

  it('stops waiting for the response on abort', async () => {
    const { ctx, result } = await run({ url: `${base}/slow` });
    await expect.poll(() => received.length).toBe(1);
    ctx.controller.abort('execution_timeout');
    await expect(result).rejects.toThrow('Task aborted: execution_timeout');
  });
});
