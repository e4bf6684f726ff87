import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature, webhookSignatureHeader } from './webhook-signature';

const SIGNING = 'whsec_test_0123456789abcdef';
const T = 1733421600;
const BODY = '{"kind":"test"}';
/** `printf '%s' '1733421600.{"kind":"test"}' | openssl dgst -sha256 -hmac 'whsec_test_0123456789abcdef'` */
const OPENSSL_HEX = '39285252a6d5e6f24cad9a045f8991423375df0b57296cfdeca57aa766b7b85d';

describe('signWebhookPayload', () => {
  it('is the HMAC-SHA256 of "<t>.<body>", as openssl computes it', () => {
    expect(signWebhookPayload(SIGNING, T, BODY)).toBe(OPENSSL_HEX);
    expect(webhookSignatureHeader(SIGNING, T, BODY)).toBe(`t=${T},v1=${OPENSSL_HEX}`);
  });
});

describe('verifyWebhookSignature', () => {
  const header = webhookSignatureHeader(SIGNING, T, BODY);
  const verify = (overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
    verifyWebhookSignature({ secret: SIGNING, header, body: BODY, nowSeconds: T + 10, ...overrides });

  it.each([
    ['the signed request', {}, null],
    ['a second v1 (a secret being rotated) when one matches', { header: `t=${T},v1=${'0'.repeat(64)},v1=${OPENSSL_HEX}` }, null],
    ['the edge of the tolerance', { nowSeconds: T + 300 }, null],
    ['a tampered body', { body: '{"kind":"failure"}' }, 'mismatch'],
    ['another secret', { secret: 'whsec_other_0123456789abcdef' }, 'mismatch'],
    ['a timestamp moved (the signature covers it)', { header: header.replace(`t=${T}`, `t=${T + 1}`) }, 'mismatch'],
    ['a signature that is not hex', { header: `t=${T},v1=zz` }, 'mismatch'],
    ['a replay after the tolerance', { nowSeconds: T + 301 }, 'outside_tolerance'],
    ['a timestamp from the future', { nowSeconds: T - 301 }, 'outside_tolerance'],
    ['a custom tolerance', { nowSeconds: T + 61, toleranceSeconds: 60 }, 'outside_tolerance'],
    ['no header', { header: null }, 'no_signature'],
    ['a header without v1', { header: `t=${T}` }, 'no_signature'],
    ['a header without t', { header: `v1=${OPENSSL_HEX}` }, 'malformed'],
  ] as const)('%s', (_name, overrides, problem) => {
    const result = verify(overrides);
    if (problem === null) expect(result).toEqual({ ok: true, value: { timestampSeconds: T } });
    else expect(result.ok ? null : result.error.code).toBe(problem);
  });
});
