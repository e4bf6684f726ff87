import { assertExhaustive } from '../../domain/errors';
import type { TResolvedAlertChannel } from '../../domain/alerts/alert-channel';
import { AlertSendError, messageOf, withoutSecrets } from './alert-send-error';
import type { TSendAlertInput, TSendAlertResult } from './alert-sender-types';
import { sendEmail } from './send-email';
import { sendPagerDuty } from './send-pagerduty';
import { sendSlack } from './send-slack';
import { sendSlackWebhook } from './send-slack-webhook';
import { sendWebhook } from './send-webhook';

export { AlertSendError } from './alert-send-error';
export type { TSendAlertInput, TSendAlertResult } from './alert-sender-types';

function dispatch(input: TSendAlertInput): Promise<TSendAlertResult> {
  const { channel } = input;
  switch (channel.type) {
    case 'slack':
      return sendSlack({ ...input, channel });
    case 'slack_webhook':
      return sendSlackWebhook({ ...input, channel });
    case 'email':
      return sendEmail({ ...input, channel });
    case 'webhook':
      return sendWebhook({ ...input, channel });
    case 'pagerduty':
      return sendPagerDuty({ ...input, channel });
    default:
      return assertExhaustive(channel);
  }
}

function secretsOf(channel: TResolvedAlertChannel): string[] {
  const values = Object.values(channel.secret).filter((value): value is string => typeof value === 'string');
  // A Slack webhook URL's secret part is its path; a message may quote the path without the host.
  const paths = channel.type === 'slack_webhook' ? values.flatMap((url) => (URL.canParse(url) ? [new URL(url).pathname] : [])).filter((path) => path.length > 8) : [];
  return [...values, ...paths];
}

/**
 * Puts one alert on the wire through its channel's type: Slack's Web API, a Slack incoming
 * webhook, email, a signed webhook or PagerDuty. Throws AlertSendError only: whether trying again
 * can help, and a message without any of the channel's secrets (whatever a library or a peer
 * put in it).
 */
export async function sendAlert(input: TSendAlertInput): Promise<TSendAlertResult> {
  const secrets = secretsOf(input.channel);
  try {
    const result = await dispatch(input);
    return { ...result, detail: withoutSecrets(result.detail, secrets) };
  } catch (error) {
    if (error instanceof AlertSendError) {
      throw new AlertSendError(withoutSecrets(error.message, secrets), { retryable: error.retryable, retryAfterMs: error.retryAfterMs, status: error.status });
    }
    throw new AlertSendError(withoutSecrets(`${input.channel.type}: ${messageOf(error)}`, secrets), { retryable: true });
  }
}
