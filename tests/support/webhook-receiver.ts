import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER, type TWebhookSignatureProblem } from '../../server/domain/alerts/webhook-signature';

/** One request as the receiver got it, with what its signature check said. */
export type TReceivedWebhook = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (what the signature covers). */
  body: string;
  /** The body parsed as JSON, null when it is not JSON. */
  json: unknown;
  /** ok, or why the signature does not hold (checked against the receiver's signing secret). */
  signature: { ok: true } | { ok: false; problem: TWebhookSignatureProblem };
};

export type TScriptedAnswer = { status: number; headers?: Record<string, string>; body?: string };

export type TWebhookReceiver = {
  url: string;
  port: number;
  received: TReceivedWebhook[];
  /** Answers the next requests with these, in order, instead of 200 `{"received":true}`. */
  answerNext(...answers: TScriptedAnswer[]): void;
  /** Checks a request's signature again, as a receiver would for a body it was handed. */
  verify(request: Pick<TReceivedWebhook, 'headers' | 'body'>, nowSeconds?: number): TReceivedWebhook['signature'];
  close(): Promise<void>;
};

/**
 * A webhook receiver on 127.0.0.1 that verifies each request's Tributary-Signature with the
 * domain's own verify function, as a user's receiver would (raw body, tolerance, constant-time
 * compare), and records everything, including requests whose signature fails.
 */
export async function startWebhookReceiver(signingSecret: string): Promise<TWebhookReceiver> {
  const received: TReceivedWebhook[] = [];
  const scripted: TScriptedAnswer[] = [];
  const verify: TWebhookReceiver['verify'] = (request, nowSeconds = Math.floor(Date.now() / 1000)) => {
    const raw = request.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()];
    const header = typeof raw === 'string' ? raw : null;
    const result = verifyWebhookSignature({ secret: signingSecret, header, body: request.body, nowSeconds });
    return result.ok ? { ok: true } : { ok: false, problem: result.error };
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const entry = { method: request.method ?? '', path: request.url ?? '/', headers: request.headers, body, json };
      received.push({ ...entry, signature: verify(entry) });
      const next = scripted.shift() ?? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"received":true}' };
      response.writeHead(next.status, next.headers ?? {}).end(next.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tributary`,
    port,
    received,
    answerNext: (...answers) => void scripted.push(...answers),
    verify,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
