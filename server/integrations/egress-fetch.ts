import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { TEgressPolicy } from '../domain/egress/decide-egress';
import { checkEgress, EgressRefusedError, type TCheckedHost } from './egress';

/** As browsers and undici cap it, lower: a task has no business with long redirect chains. */
export const MAX_REDIRECTS = 10;

export type TEgressFetchInit = {
  method?: string;
  headers?: HeadersInit;
  body?: string;
  signal?: AbortSignal;
  /** `follow` (the default) checks every hop before connecting to it; `manual` returns the 3xx itself. */
  redirect?: 'follow' | 'manual';
};

type THop = { url: URL; method: string; headers: Headers; body: string | undefined };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Dropped when a redirect leaves the origin, as fetch does: they were meant for the first server. */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * A lookup that answers only with the addresses the policy judged: the socket connects to
 * them, never to what a second DNS answer (a rebinding attack) would say.
 */
export function pinnedLookup(checked: TCheckedHost): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? checked.addresses.filter((a) => a.family === options.family) : checked.addresses;
    const [first] = wanted;
    if (options.all) return void (callback as (error: null, addresses: typeof wanted) => void)(null, wanted);
    if (!first) return void callback(Object.assign(new Error(`no IPv${options.family} address for ${checked.host}`), { code: 'ENOTFOUND' }), '', 0);
    callback(null, first.address, first.family);
  };
}

/** Where the URL points, judged: an IP-literal host is judged too (a socket never looks it up). */
async function checkHop(policy: TEgressPolicy, url: URL): Promise<TCheckedHost> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`${url.protocol} URLs are not supported: only http and https`);
  if (url.username !== '' || url.password !== '') throw new TypeError('a URL with credentials is not supported: use a header (or the connection’s login) instead');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return checkEgress(policy, url.hostname, port);
}

function send(hop: THop, checked: TCheckedHost, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  const request = (hop.url.protocol === 'https:' ? https : http).request(hop.url, {
    method: hop.method,
    headers: Object.fromEntries(hop.headers),
    lookup: pinnedLookup(checked),
    // A fresh socket per request: a pooled one may have been opened for another decision.
    agent: false,
    signal,
  });
  return new Promise((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
    request.end(hop.body);
  });
}

/** Drains a body nobody reads; a connection reset meanwhile must not become an unhandled 'error'. */
function discard(message: IncomingMessage): void {
  message.on('error', () => undefined);
  message.resume();
}

/** The body as the server meant it (fetch decodes gzip, deflate and br the same way). */
function decodedBody(message: IncomingMessage): Readable {
  const encoding = (message.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : null;
  if (!decoder) return message;
  message.on('error', (error) => decoder.destroy(error));
  return message.pipe(decoder);
}

function toResponse(message: IncomingMessage, method: string): Response {
  const status = message.statusCode ?? 0;
  if (status < 200 || status > 599) {
    message.destroy();
    throw new TypeError(`the server answered with HTTP status ${status}, which is not a final response`);
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < message.rawHeaders.length; i += 2) headers.append(message.rawHeaders[i]!, message.rawHeaders[i + 1]!);
  const empty = method === 'HEAD' || NULL_BODY_STATUSES.has(status);
  if (empty) discard(message);
  // The cast reconciles Node's and the DOM's typings of the same WHATWG stream.
  const body = empty ? null : (Readable.toWeb(decodedBody(message)) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: message.statusMessage ?? '', headers });
}

/** The request a redirect makes, as fetch makes it: 303 (and 301/302 after a POST) become a GET without a body. */
function nextHop(hop: THop, status: number, location: string): THop {
  const url = new URL(location, hop.url);
  const headers = new Headers(hop.headers);
  if (url.origin !== hop.url.origin) for (const name of ORIGIN_BOUND_HEADERS) headers.delete(name);
  const toGet = status === 303 ? hop.method !== 'HEAD' : (status === 301 || status === 302) && hop.method === 'POST';
  if (!toGet) return { url, method: hop.method, headers, body: hop.body };
  for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name);
  return { url, method: 'GET', headers, body: undefined };
}

function firstHop(url: string | URL, init: TEgressFetchInit): THop {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', '*/*');
  if (!headers.has('user-agent')) headers.set('user-agent', 'Tributary');
  if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
  return { url: new URL(url), method: (init.method ?? 'GET').toUpperCase(), headers, body: init.body };
}

/**
 * fetch for destinations a workspace chose: every hop's host is resolved and judged by the
 * egress policy before anything connects to it, and the socket connects to exactly the judged
 * addresses. A refusal throws EgressRefusedError (saying which redirect led there); network
 * errors are Node's own (`connect ECONNREFUSED 127.0.0.1:80`).
 */
export async function egressFetch(policy: TEgressPolicy, url: string | URL, init: TEgressFetchInit = {}): Promise<Response> {
  let hop = firstHop(url, init);
  for (let redirects = 0; ; redirects++) {
    let checked: TCheckedHost;
    try {
      checked = await checkHop(policy, hop.url);
    } catch (error) {
      if (redirects === 0 || !(error instanceof EgressRefusedError)) throw error;
      throw new EgressRefusedError(error.rule, `${error.message} (reached by redirect ${redirects}, to ${hop.url.href})`);
    }
    const message = await send(hop, checked, init.signal);
    const location = message.headers.location;
    if (init.redirect === 'manual' || !REDIRECT_STATUSES.has(message.statusCode ?? 0) || location === undefined) {
      return toResponse(message, hop.method);
    }
    discard(message);
    if (redirects >= MAX_REDIRECTS) throw new TypeError(`more than ${MAX_REDIRECTS} redirects, the last to ${location}`);
    hop = nextHop(hop, message.statusCode ?? 0, location);
  }
}
