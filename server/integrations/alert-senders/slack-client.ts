import { type FetchFunction, type Logger, LogLevel, WebClient } from '@slack/web-api';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { env } from '../../env';
import { logger } from '../../logging/logger';
import { egressFetch } from '../egress-fetch';

/** A Web API call that takes longer is an outage; the delivery job tries again later. */
export const SLACK_TIMEOUT_MS = 10_000;

/**
 * The WebClient's fetch: every request goes through the egress guard (the API host resolved,
 * every address judged, the socket pinned to them), so SLACK_API_URL cannot become a way into
 * a private network. The WebClient refuses redirects; this returns them as they are, and the
 * client reports the 3xx as an HTTP error.
 */
function guardedFetch(policy: TEgressPolicy, outer: AbortSignal | undefined): FetchFunction {
  return async (url, init = {}) => {
    if (init.body !== undefined && typeof init.body !== 'string') throw new TypeError('alerts send Slack form or JSON bodies only, not multipart uploads');
    const signals = [init.signal, outer].filter((signal): signal is AbortSignal => signal !== undefined);
    return egressFetch(policy, url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: signals.length > 0 ? AbortSignal.any(signals) : undefined,
      redirect: 'manual',
    });
  };
}

/** The client's own warnings go to our log; its request tracing (bodies included) does not. */
function slackLogger(): Logger {
  const child = logger.child({ component: 'slack-web-api' });
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts: unknown[]) => child.warn(parts.map(String).join(' ')),
    error: (...parts: unknown[]) => child.error(parts.map(String).join(' ')),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * A WebClient for one send. It never retries or waits by itself (the delivery job owns retries
 * and honours Retry-After across processes): a rate limit comes back at once as an error.
 */
export function slackClient(token: string, policy: TEgressPolicy, signal: AbortSignal | undefined): WebClient {
  return new WebClient(token, {
    slackApiUrl: env().SLACK_API_URL,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: SLACK_TIMEOUT_MS,
    fetch: guardedFetch(policy, signal),
    logger: slackLogger(),
    // A method name is never a URL here; an absolute one must not escape SLACK_API_URL.
    allowAbsoluteUrls: false,
  });
}
