import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../result';

/**
 * The signature of a webhook alert, Stripe-style: the header
 *
 *     Tributary-Signature: t=1733421600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd
 *
 * where `t` is the send time in Unix seconds and `v1` the hex HMAC-SHA256 of `"<t>.<raw body>"`
 * keyed with the channel's signing secret. A receiver recomputes it over the raw bytes it got
 * (before parsing the JSON), compares in constant time, and refuses a `t` outside its tolerance
 * (five minutes by default) so that a captured request cannot be replayed later. A header may
 * carry several `v1` values (a secret being rotated); one match is enough.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'Tributary-Signature';
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of `"<t>.<body>"`. */
export function signWebhookPayload(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
}

/** The header's value: `t=<unix seconds>,v1=<hex>`. */
export function webhookSignatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${signWebhookPayload(secret, timestampSeconds, body)}`;
}

export type TWebhookSignatureProblem = {
  code: 'malformed' | 'no_signature' | 'outside_tolerance' | 'mismatch';
  message: string;
};

export type TVerifyWebhookSignature = {
  secret: string;
  /** The header's value as received (null when the request had none). */
  header: string | null;
  /** The raw body, exactly as received. */
  body: string;
  nowSeconds: number;
  toleranceSeconds?: number;
};

function parseHeader(header: string): { timestamp: number | null; signatures: string[] } {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value !== undefined) signatures.push(value);
  }
  return { timestamp, signatures };
}

function sameSignature(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(givenHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex, 'hex'));
}

/** Whether a received request was signed with `secret` within the tolerance; the problem says why not. */
export function verifyWebhookSignature(input: TVerifyWebhookSignature): Result<{ timestampSeconds: number }, TWebhookSignatureProblem> {
  if (input.header === null || input.header.trim() === '') {
    return err({ code: 'no_signature', message: `the request has no ${WEBHOOK_SIGNATURE_HEADER} header` });
  }
  const { timestamp, signatures } = parseHeader(input.header);
  if (timestamp === null) return err({ code: 'malformed', message: `${WEBHOOK_SIGNATURE_HEADER} has no t=<unix seconds>` });
  if (signatures.length === 0) return err({ code: 'no_signature', message: `${WEBHOOK_SIGNATURE_HEADER} has no v1 signature` });
  const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(input.nowSeconds - timestamp) > tolerance) {
    return err({ code: 'outside_tolerance', message: `the signature's timestamp ${timestamp} is more than ${tolerance} s from now (${input.nowSeconds})` });
  }
  const expected = signWebhookPayload(input.secret, timestamp, input.body);
  // Every candidate is compared (no early exit), so the time taken says nothing about which one matched.
  const matched = signatures.map((given) => sameSignature(expected, given)).some(Boolean);
  if (!matched) return err({ code: 'mismatch', message: 'no v1 signature matches the body and the signing secret' });
  return ok({ timestampSeconds: timestamp });
}
