import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { EgressRefusedError } from '../egress';
import { AlertSendError, isAbort, messageOf, retryableStatus } from './alert-send-error';
import { SLACK_TIMEOUT_MS } from './slack-client';

/** Codes that mean the token is no good; the fix is a new token on the channel. */
const TOKEN_CODES = new Set(['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'org_login_required', 'team_access_not_granted']);
/** Slack's own trouble: try again later. */
const TRANSIENT_CODES = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);
/** chat.update cannot edit this message any more; the recovery reply still goes into the thread. */
export const EDIT_GONE_CODES = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);
const POSTING_RESTRICTED = new Set([
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'posting_to_general_channel_denied',
  'ekm_access_denied',
  'cannot_reply_to_message',
]);

function platformProblem(code: string, channel: string, needed: string | null): string {
  if (TOKEN_CODES.has(code)) return `Slack refused the bot token (${code}): set a valid bot token (xoxb-…) on the channel; it may have been revoked or the app uninstalled`;
  if (code === 'missing_scope') return `the bot token lacks a scope Slack needs${needed ? ` (${needed})` : ''}: add chat:write to the Slack app and reinstall it`;
  if (code === 'channel_not_found') return `Slack found no channel ${channel}: use its id (C0123…) or name, and invite the bot to a private channel first`;
  if (code === 'not_in_channel') return `the bot is not in ${channel}: invite it (/invite @app) or give the app chat:write.public`;
  if (code === 'is_archived') return `${channel} is archived: unarchive it or choose another channel`;
  if (POSTING_RESTRICTED.has(code)) return `Slack does not let the bot post in ${channel} (${code}): check the channel's posting permissions`;
  if (TRANSIENT_CODES.has(code)) return `Slack is having trouble (${code}); will try again`;
  return `Slack refused the call (${code})`;
}

/** The code of a Web API error answer (`{ok: false, error}`), or null for any other failure. */
export function slackErrorCode(error: unknown): string | null {
  return error instanceof WebAPIPlatformError ? error.data.error : null;
}

function platformFailure(error: WebAPIPlatformError, channel: string): AlertSendError {
  const { data } = error;
  // missing_scope says which scope in `needed`, a field the client's types do not list.
  const needed: unknown = (data as { needed?: unknown }).needed;
  const retryAfter = data.response_metadata?.retryAfter;
  return new AlertSendError(`Slack: ${platformProblem(data.error, channel, typeof needed === 'string' ? needed : null)}`, {
    retryable: TRANSIENT_CODES.has(data.error),
    retryAfterMs: typeof retryAfter === 'number' ? retryAfter * 1000 : null,
    status: 200,
  });
}

/** Any failure of a Web API call as an AlertSendError that says what to fix, never the token. */
export function slackFailure(error: unknown, channel: string): AlertSendError {
  if (error instanceof WebAPIRateLimitedError) {
    return new AlertSendError(`Slack: rate limited (HTTP 429), retry after ${error.retryAfter} s`, { retryable: true, retryAfterMs: error.retryAfter * 1000, status: 429 });
  }
  if (error instanceof WebAPIPlatformError) return platformFailure(error, channel);
  if (error instanceof WebAPIHTTPError) {
    const status = error.statusCode;
    const hint = status >= 300 && status < 400 ? ' (a redirect: SLACK_API_URL must point at the Web API itself)' : '';
    return new AlertSendError(`Slack: the Web API answered HTTP ${status}${hint}`, { retryable: retryableStatus(status), status });
  }
  if (error instanceof WebAPIRequestError) return requestFailure(error.original);
  // A 429 without a readable Retry-After arrives as a plain Error; so do unexpected failures.
  const message = messageOf(error);
  return new AlertSendError(`Slack: ${message}`, { retryable: true, status: /rate limit|retry header/i.test(message) ? 429 : null });
}

function requestFailure(original: unknown): AlertSendError {
  if (original instanceof EgressRefusedError) return new AlertSendError(`Slack: ${original.message}`, { retryable: false });
  if (original instanceof TypeError) return new AlertSendError(`Slack: ${original.message}`, { retryable: false });
  if (isAbort(original)) return new AlertSendError(`Slack: the Web API did not answer within ${SLACK_TIMEOUT_MS / 1000} s (or the send was cancelled)`, { retryable: true });
  return new AlertSendError(`Slack: could not reach the Web API: ${messageOf(original)}`, { retryable: true });
}
