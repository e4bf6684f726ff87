import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { EgressRefusedError } from '../egress';
import { egressFetch } from '../egress-fetch';
import { AlertSendError, isAbort, messageOf, retryableStatus, retryAfterMs } from './alert-send-error';

/**
 * One JSON POST to a destination a workspace chose (a webhook, a Slack incoming webhook,
 * PagerDuty), through the egress guard, turned into an answer or an AlertSendError that says
 * whether to try again. Redirects are not followed: a webhook that moved should be updated,
 * and a POST must not silently become a GET somewhere else.
 */
export const HTTP_TIMEOUT_MS = 10_000;
/** What we keep of a peer's answer: enough for an error message or a small JSON reply. */
const BODY_CAP_BYTES = 64 * 1024;

export type TPostJson = {
  /** Names the peer in messages: "Webhook", "PagerDuty". */
  label: string;
  policy: TEgressPolicy;
  url: string;
  body: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A better sentence for a refused answer ("the webhook was revoked: …"); null keeps the generic one. */
  describe?: (status: number, body: string) => string | null;
};

export type TPosted = { status: number; body: string; responseMs: number };

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < BODY_CAP_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).toString('utf8').slice(0, BODY_CAP_BYTES);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the destination';
  }
}

/** Before any answer: refused by the egress guard, a bad URL, a timeout, or the network. */
export function transportFailure(label: string, url: string, error: unknown, timedOut: boolean): AlertSendError {
  if (error instanceof EgressRefusedError) return new AlertSendError(`${label}: ${error.message}`, { retryable: false });
  if (error instanceof TypeError) return new AlertSendError(`${label}: ${error.message}`, { retryable: false });
  if (isAbort(error)) {
    const why = timedOut ? `${hostOf(url)} did not answer within ${HTTP_TIMEOUT_MS / 1000} s` : 'the send was cancelled';
    return new AlertSendError(`${label}: ${why}`, { retryable: true });
  }
  return new AlertSendError(`${label}: could not reach ${hostOf(url)}: ${messageOf(error)}`, { retryable: true });
}

function snippet(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line === '') return '';
  return `: ${line.length > 200 ? `${line.slice(0, 199)}…` : line}`;
}

function answerFailure(post: TPostJson, response: Response, body: string): AlertSendError {
  const { status } = response;
  if (status >= 300 && status < 400) {
    return new AlertSendError(`${post.label}: the server answered HTTP ${status} (a redirect): set the channel to the URL it leads to`, { retryable: false, status });
  }
  const described = post.describe?.(status, body) ?? null;
  const message = described === null ? `${post.label}: HTTP ${status}${snippet(body)}` : `${post.label}: ${described}`;
  const wait = status === 429 || status === 503 ? retryAfterMs(response.headers.get('retry-after'), Date.now()) : null;
  return new AlertSendError(message, { retryable: retryableStatus(status), retryAfterMs: wait, status });
}

export async function postJson(post: TPostJson): Promise<TPosted> {
  const timeout = AbortSignal.timeout(HTTP_TIMEOUT_MS);
  const signal = post.signal ? AbortSignal.any([post.signal, timeout]) : timeout;
  const started = performance.now();
  let response: Response;
  let body: string;
  try {
    response = await egressFetch(post.policy, post.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/plain, */*', ...post.headers },
      body: post.body,
      signal,
      redirect: 'manual',
    });
    body = await readCapped(response);
  } catch (error) {
    throw transportFailure(post.label, post.url, error, timeout.aborted);
  }
  const responseMs = Math.round(performance.now() - started);
  if (response.status < 200 || response.status >= 300) throw answerFailure(post, response, body);
  return { status: response.status, body, responseMs };
}
