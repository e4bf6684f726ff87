import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { EgressRefusedError } from '../egress';
import { slackErrorCode, slackFailure } from './slack-errors';

const platform = (error: string, extra: Record<string, unknown> = {}) => new WebAPIPlatformError({ ok: false, error, ...extra });
const summary = (error: unknown) => {
  const failure = slackFailure(error, '#data-alerts');
  return { retryable: failure.retryable, retryAfterMs: failure.retryAfterMs, status: failure.status, message: failure.message };
};

describe('slackFailure', () => {
  it.each([
    ['a 429', new WebAPIRateLimitedError(12), { retryable: true, retryAfterMs: 12_000, status: 429 }],
    ['ratelimited in a 200', platform('ratelimited', { response_metadata: { retryAfter: 3 } }), { retryable: true, retryAfterMs: 3000, status: 200 }],
    ['a 500', new WebAPIHTTPError(500, 'Internal Server Error', {}), { retryable: true, retryAfterMs: null, status: 500 }],
    ['a 302', new WebAPIHTTPError(302, 'Found', {}), { retryable: false, retryAfterMs: null, status: 302 }],
    ['internal_error', platform('internal_error'), { retryable: true, retryAfterMs: null, status: 200 }],
    ['invalid_auth', platform('invalid_auth'), { retryable: false, retryAfterMs: null, status: 200 }],
    ['a network error', new WebAPIRequestError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })), { retryable: true, retryAfterMs: null, status: null }],
    ['a refusal by the egress guard', new WebAPIRequestError(new EgressRefusedError('loopback', 'Refused to connect to 127.0.0.1:9 (loopback)')), { retryable: false, retryAfterMs: null, status: null }],
  ])('%s', (_name, error, expected) => expect(summary(error)).toMatchObject(expected));

  it.each([
    ['invalid_auth', 'Slack refused the bot token (invalid_auth)'],
    ['token_revoked', 'Slack refused the bot token (token_revoked)'],
    ['channel_not_found', 'Slack found no channel #data-alerts'],
    ['not_in_channel', 'the bot is not in #data-alerts: invite it'],
    ['is_archived', '#data-alerts is archived'],
    ['restricted_action', 'Slack does not let the bot post in #data-alerts (restricted_action)'],
    ['invalid_blocks', 'Slack refused the call (invalid_blocks)'],
  ])('says what to fix for %s', (code, text) => expect(slackFailure(platform(code), '#data-alerts').message).toContain(text));

  it('names the scope a token lacks', () => {
    expect(slackFailure(platform('missing_scope', { needed: 'chat:write' }), '#x').message).toContain('lacks a scope Slack needs (chat:write)');
  });
});

describe('slackErrorCode', () => {
  it('reads the code of an error answer only', () => {
    expect(slackErrorCode(platform('message_not_found'))).toBe('message_not_found');
    expect(slackErrorCode(new WebAPIRateLimitedError(1))).toBeNull();
  });
});
