import { renderWebhookBody } from '../../domain/alerts/render-webhook';
import { WEBHOOK_SIGNATURE_HEADER, webhookSignatureHeader } from '../../domain/alerts/webhook-signature';
import type { TSendAlertResult, TSenderInput } from './alert-sender-types';
import { postJson } from './post-json';

/** A header value must be visible ASCII; a key with anything else goes percent-encoded. */
function headerSafe(value: string): string {
  return /^[\x21-\x7e]+$/.test(value) ? value : encodeURIComponent(value);
}

/**
 * A generic webhook: the JSON body of render-webhook.ts, signed Stripe-style with the channel's
 * signing secret (webhook-signature.ts) at the moment of this attempt, with the dedupe key as
 * Idempotency-Key so that a receiver can drop a retried delivery it already took.
 */
export async function sendWebhook(input: TSenderInput<'webhook'>): Promise<TSendAlertResult> {
  const now = new Date();
  const body = JSON.stringify(renderWebhookBody(input.message, now));
  const timestampSeconds = Math.floor(now.getTime() / 1000);
  const posted = await postJson({
    label: 'Webhook',
    policy: input.policy,
    url: input.channel.secret.url,
    body,
    headers: {
      [WEBHOOK_SIGNATURE_HEADER]: webhookSignatureHeader(input.channel.secret.signing_secret, timestampSeconds, body),
      'Idempotency-Key': headerSafe(input.message.dedupeKey),
    },
    signal: input.signal,
  });
  return { responseMs: posted.responseMs, thread: null, detail: `HTTP ${posted.status}` };
}
