import { createServer, get, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TEgressPolicy } from '../domain/egress/decide-egress';
import { parseEgressAllow } from '../domain/egress/parse-egress-allow';
import { EgressRefusedError } from './egress';
import { egressFetch, MAX_REDIRECTS, pinnedLookup } from './egress-fetch';

type TSeen = { port: number; method: string; path: string; headers: IncomingHttpHeaders; body: string };

function policy(allow: string): TEgressPolicy {
  const parsed = parseEgressAllow(allow);
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  return { allow: parsed.value, localNetworksAllowed: false, metadataDatabase: null };
}

/** Real servers on loopback: `first` is the one the tests allow; `second` only when a test says so. */
let first: Server;
let second: Server;
let firstPort: number;
let secondPort: number;
let seen: TSeen[] = [];

function route(port: () => number, path: string, response: ServerResponse) {
  const redirect = (status: number, location: string) => response.writeHead(status, { location }).end();
  if (path === '/to-metadata') return redirect(302, 'http://169.254.169.254/latest/meta-data/');
  if (path === '/to-mapped-metadata') return redirect(307, 'http://[::ffff:169.254.169.254]/');
  if (path === '/to-second') return redirect(302, `http://127.0.0.1:${secondPort}/landed`);
  if (path === '/to-file') return redirect(302, 'file:///etc/passwd');
  if (path === '/see-other') return redirect(303, '/landed');
  if (path === '/keep-method') return redirect(307, '/landed');
  if (path.startsWith('/loop/')) return redirect(302, `/loop/${Number(path.slice(6)) + 1}`);
  if (path === '/gzip') return response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' }).end(gzipSync('unzipped'));
  if (path === '/empty') return response.writeHead(204).end();
  response.writeHead(200, { 'content-type': 'text/plain', 'x-port': String(port()) }).end(`landed on ${port()}`);
}

function recordingServer(port: () => number): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      seen.push({ port: port(), method: request.method ?? '', path, headers: request.headers, body: Buffer.concat(chunks).toString() });
      route(port, path, response);
    });
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  first = recordingServer(() => firstPort);
  second = recordingServer(() => secondPort);
  firstPort = await listen(first);
  secondPort = await listen(second);
});
afterAll(async () => {
  await Promise.all([first, second].map((server) => new Promise((resolve) => server.close(resolve))));
});
beforeEach(() => {
  seen = [];
});

const firstOnly = () => policy(`127.0.0.1:${firstPort}`);
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe('egressFetch', () => {
  it('fetches from an allowed address, as fetch would', async () => {
    const response = await egressFetch(firstOnly(), `http://127.0.0.1:${firstPort}/plain`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-port')).toBe(String(firstPort));
    expect(await response.text()).toBe(`landed on ${firstPort}`);
  });

  it('refuses loopback before connecting when nothing allows it', async () => {
    const error = await refusal(egressFetch(policy(''), `http://127.0.0.1:${firstPort}/plain`));
    expect(error).toBeInstanceOf(EgressRefusedError);
    expect((error as EgressRefusedError).rule).toBe('loopback');
    expect(seen).toEqual([]);
  });

  it('judges a name by what it resolves to: localhost is loopback', async () => {
    const error = await refusal(egressFetch(policy('10.0.0.0/8'), `http://localhost:${firstPort}/plain`));
    expect((error as Error).message).toMatch(new RegExp(`^Refused to connect to localhost:${firstPort} at 127\\.0\\.0\\.1 \\(loopback\\)`));
    expect(seen).toEqual([]);
    const allowed = await egressFetch(policy(`localhost:${firstPort}`), `http://localhost:${firstPort}/plain`);
    expect(await allowed.text()).toBe(`landed on ${firstPort}`);
  });

  it.each(['/to-metadata', '/to-mapped-metadata'])('refuses a redirect (%s) into the cloud metadata address, whatever is allowed', async (path) => {
    const error = await refusal(egressFetch(policy(`127.0.0.1:${firstPort}, 0.0.0.0/0, ::/0`), `http://127.0.0.1:${firstPort}${path}`));
    expect((error as EgressRefusedError).rule).toBe('link_local');
    expect((error as Error).message).toMatch(/^Refused to connect to .*(169\.254\.169\.254|a9fe:a9fe).*:80 \(link-local \/ cloud metadata address\): Tributary never lets a workspace reach it\. \(reached by redirect 1, to http:\/\//);
  });

  it('refuses a redirect to a loopback port that is not allowed, though the first hop was', async () => {
    const error = await refusal(egressFetch(firstOnly(), `http://127.0.0.1:${firstPort}/to-second`));
    expect((error as Error).message).toContain(`Refused to connect to 127.0.0.1:${secondPort} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${secondPort}`);
    expect(seen.map((s) => s.port)).toEqual([firstPort]);
  });

  it('follows an allowed redirect to another origin without the first origin’s credentials', async () => {
    const both = policy(`127.0.0.1:${firstPort},127.0.0.1:${secondPort}`);
    const response = await egressFetch(both, `http://127.0.0.1:${firstPort}/to-second`, { headers: { authorization: 'Basic c2VjcmV0', 'x-kept': 'yes' } });
    expect(await response.text()).toBe(`landed on ${secondPort}`);
    expect(seen.map((s) => [s.port, s.path])).toEqual([[firstPort, '/to-second'], [secondPort, '/landed']]);
    expect(seen[0]!.headers.authorization).toBe('Basic c2VjcmV0');
    expect(seen[1]!.headers.authorization).toBeUndefined();
    expect(seen[1]!.headers['x-kept']).toBe('yes');
  });

  it('turns a POST into a GET without its body on 303, and keeps both on 307', async () => {
    const init = { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } };
    await egressFetch(firstOnly(), `http://127.0.0.1:${firstPort}/see-other`, init);
    await egressFetch(firstOnly(), `http://127.0.0.1:${firstPort}/keep-method`, init);
    expect(seen.map((s) => [s.method, s.path, s.body])).toEqual([
      ['POST', '/see-other', '{"a":1}'],
      ['GET', '/landed', ''],
      ['POST', '/keep-method', '{"a":1}'],
      ['POST', '/landed', '{"a":1}'],
    ]);
  });

  it('returns the redirect itself in manual mode', async () => {
    const response = await egressFetch(firstOnly(), `http://127.0.0.1:${firstPort}/to-metadata`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://169.254.169.254/latest/meta-data/');
  });

  it(`gives up after ${MAX_REDIRECTS} redirects`, async () => {
    await expect(egressFetch(firstOnly(), `http://127.0.0.1:${firstPort}/loop/0`)).rejects.toThrow(`more than ${MAX_REDIRECTS} redirects`);
    expect(seen).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('refuses a redirect to a scheme other than http and https', async () => {
    await expect(egressFetch(firstOnly(), `http://127.0.0.1:${firstPort}/to-file`)).rejects.toThrow('file: URLs are not supported');
  });

  it('decodes a gzip body, and gives a 204 no body', async () => {
    expect(await (await egressFetch(firstOnly(), `http://127.0.0.1:${firstPort}/gzip`)).text()).toBe('unzipped');
    const empty = await egressFetch(firstOnly(), `http://127.0.0.1:${firstPort}/empty`);
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it('sends a string body with a text content type by default, as fetch does', async () => {
    await egressFetch(firstOnly(), `http://127.0.0.1:${firstPort}/plain`, { method: 'PUT', body: 'a,b' });
    expect(seen[0]).toMatchObject({ method: 'PUT', body: 'a,b', headers: { 'content-type': 'text/plain;charset=UTF-8', 'content-length': '3' } });
  });
});

describe('pinnedLookup', () => {
  it('connects a socket to the judged addresses, never asking DNS again', async () => {
    // `rebound.invalid` has no DNS answer at all: reaching the server proves the socket used the hook.
    const lookup = pinnedLookup({ host: 'rebound.invalid', port: firstPort, addresses: [{ address: '127.0.0.1', family: 4 }] });
    const body = await new Promise<string>((resolve, reject) => {
      get(`http://rebound.invalid:${firstPort}/plain`, { lookup, agent: false }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).toBe(`landed on ${firstPort}`);
  });

  it('has no address of a family that was not judged', async () => {
    const lookup = pinnedLookup({ host: 'h', port: 80, addresses: [{ address: '127.0.0.1', family: 4 }] });
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookup('h', { family: 6 }, (e) => resolve(e)));
    expect(error?.code).toBe('ENOTFOUND');
  });
});
