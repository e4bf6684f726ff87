/**
 * A send that did not go through. `retryable` tells the delivery job whether trying again can
 * help (an outage, a rate limit, a timeout) or only a person can (a revoked token, a missing
 * channel, a refused destination); `retryAfterMs` is how long the peer asked us to wait
 * (Retry-After), `status` its HTTP status when it answered one. The message is fit for the
 * delivery log and the "Send test" result: it says what to fix and never holds a secret.
 */
export class AlertSendError extends Error {
  override name = 'AlertSendError';
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly status: number | null;

  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number | null; status?: number | null }) {
    super(message);
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
  }
}

/** A day: a Retry-After beyond it is a peer's mistake, not a plan. */
const RETRY_AFTER_MAX_MS = 24 * 60 * 60 * 1000;

/**
 * Retry-After (RFC 9110 §10.2.3) in milliseconds from `nowMs`: delay-seconds or an HTTP date;
 * null when absent or unreadable. A date in the past means "now" (0).
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | null {
  const value = header?.trim() ?? '';
  if (value === '') return null;
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, RETRY_AFTER_MAX_MS);
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/[a-z]/i.test(value)) return null;
  return Math.min(Math.max(0, at - nowMs), RETRY_AFTER_MAX_MS);
}

/** Statuses worth another try: the peer is overloaded, rate limiting, or briefly broken. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Every secret of a channel replaced by `***` (and its URL-encoded form), whatever text a library or peer produced. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) clean = clean.split(form).join('***');
  }
  return clean;
}

/** An error's own message, or a sentence for things thrown that are not errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A timeout or a caller's abort: fetch and node:http name them so. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
