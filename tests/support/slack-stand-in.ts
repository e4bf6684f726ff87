import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call as the stand-in received it. */
export type TSlackCall = {
  /** `chat.postMessage`, `chat.update`... */
  method: string;
  /** The bearer token (header or `token` field), null without one. */
  token: string | null;
  contentType: string;
  /** The arguments, form or JSON; `blocks`, `attachments` and `metadata` parsed when sent as JSON strings (as form bodies carry them). */
  args: Record<string, unknown>;
  /** What the stand-in answered. */
  status: number;
  /** When the request arrived (ms since the epoch), for latency figures. */
  receivedAt: number;
};

export type TSlackFault =
  | { kind: 'ratelimited'; retryAfterSeconds: number }
  | { kind: 'server_error' }
  | { kind: 'error'; error: string };

export type TSlackStandIn = {
  /** The base URL to give the product as SLACK_API_URL (ends with `/`). */
  url: string;
  port: number;
  calls: TSlackCall[];
  /** Messages as they stand now, by `${channel}/${ts}`: an update replaces the text, blocks and attachments. */
  messages: Map<string, Record<string, unknown>>;
  /** Answers the next `count` calls with the fault instead of doing them. */
  failNext(count: number, fault: TSlackFault): void;
  close(): Promise<void>;
};

/** Arguments that Slack takes as JSON inside a form field. */
const JSON_FIELDS = ['blocks', 'attachments', 'metadata'];

function parseArgs(contentType: string, body: string): Record<string, unknown> {
  if (contentType.startsWith('application/json')) return body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
  const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(body));
  for (const field of JSON_FIELDS) if (typeof args[field] === 'string') args[field] = JSON.parse(args[field]);
  return args;
}

function tokenOf(request: IncomingMessage, args: Record<string, unknown>): string | null {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  return bearer ?? (typeof args.token === 'string' ? args.token : null);
}

/**
 * A stand-in for Slack's Web API on 127.0.0.1 (https://docs.slack.dev/apis/web-api/): POST
 * `/<method>` with a form or JSON body and a bearer token, answering as Slack does: HTTP 200
 * with `{ok: true, ...}` or `{ok: false, error}`, and a rate limit as HTTP 429 with
 * Retry-After. chat.postMessage resolves `#name` channels through `channels` (ids such as
 * C0123 pass as they are), answers increasing ts values and keeps the message; chat.update
 * edits a kept message. Every call is recorded, faulted ones too.
 */
export async function startSlackStandIn(options: { channels?: Record<string, string>; tokens?: string[] } = {}): Promise<TSlackStandIn> {
  const channels = options.channels ?? {};
  const calls: TSlackCall[] = [];
  const messages = new Map<string, Record<string, unknown>>();
  const faults: TSlackFault[] = [];
  let sequence = 0;

  const answer = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));

  function channelId(name: unknown): string | null {
    if (typeof name !== 'string') return null;
    if (/^[CGD][A-Z0-9]{2,}$/.test(name)) return name;
    return channels[name] ?? channels[name.replace(/^#/, '')] ?? null;
  }

  function postMessage(args: Record<string, unknown>): [number, unknown] {
    const channel = channelId(args.channel);
    if (channel === null) return [200, { ok: false, error: 'channel_not_found' }];
    if (!args.text && !args.blocks && !args.attachments) return [200, { ok: false, error: 'no_text' }];
    sequence += 1;
    const ts = `${1_712_000_000 + sequence}.${String(sequence * 100).padStart(6, '0')}`;
    messages.set(`${channel}/${ts}`, { ...args, channel, ts });
    return [200, { ok: true, channel, ts, message: { type: 'message', text: args.text, ts, ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}) } }];
  }

  function update(args: Record<string, unknown>): [number, unknown] {
    const key = `${String(args.channel)}/${String(args.ts)}`;
    const kept = messages.get(key);
    if (!kept) return [200, { ok: false, error: 'message_not_found' }];
    messages.set(key, { ...kept, text: args.text, blocks: args.blocks, attachments: args.attachments });
    return [200, { ok: true, channel: args.channel, ts: args.ts, text: args.text }];
  }

  function handle(method: string, token: string | null, args: Record<string, unknown>): [number, unknown, Record<string, string>?] {
    const fault = faults.shift();
    if (fault?.kind === 'ratelimited') return [429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfterSeconds) }];
    if (fault?.kind === 'server_error') return [500, { ok: false, error: 'internal_error' }];
    if (fault?.kind === 'error') return [200, { ok: false, error: fault.error }];
    if (token === null) return [200, { ok: false, error: 'not_authed' }];
    if (options.tokens && !options.tokens.includes(token)) return [200, { ok: false, error: 'invalid_auth' }];
    if (method === 'chat.postMessage') return postMessage(args);
    if (method === 'chat.update') return update(args);
    return [200, { ok: false, error: 'unknown_method' }];
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    const receivedAt = Date.now();
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = (request.url ?? '/').replace(/^\/+/, '').split('?')[0] ?? '';
      const contentType = request.headers['content-type'] ?? '';
      let args: Record<string, unknown>;
      try {
        args = parseArgs(contentType, Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(response, 200, { ok: false, error: 'invalid_form_data' });
      }
      const token = tokenOf(request, args);
      const [status, body, headers] = request.method === 'POST' ? handle(method, token, args) : [405, { ok: false, error: 'method_not_allowed' }];
      calls.push({ method, token, contentType, args, status, receivedAt });
      answer(response, status, body, headers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    calls,
    messages,
    failNext(count, fault) {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
