import { renderAlertEmail } from '../../domain/alerts/render-email';
import { EmailDeliveryError, sendMail } from '../email';
import { AlertSendError, messageOf } from './alert-send-error';
import type { TSendAlertResult, TSenderInput } from './alert-sender-types';

/** Failures before the server said no: it may well say yes in a minute. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS']);

type TSmtpCause = { code?: unknown; responseCode?: unknown };

/** SMTP's own rule: 4xx is "try again later", 5xx is "no". Without an answer, the network decides. */
function emailFailure(error: unknown): AlertSendError {
  if (!(error instanceof EmailDeliveryError)) return new AlertSendError(`Email: ${messageOf(error)}`, { retryable: true });
  const cause: TSmtpCause = typeof error.cause === 'object' && error.cause !== null ? (error.cause as TSmtpCause) : {};
  if (error.cause === undefined) return new AlertSendError(error.message, { retryable: false });
  const responseCode = typeof cause.responseCode === 'number' ? cause.responseCode : null;
  if (responseCode !== null) return new AlertSendError(error.message, { retryable: responseCode >= 400 && responseCode < 500 });
  const code = typeof cause.code === 'string' ? cause.code : '';
  return new AlertSendError(error.message, { retryable: TRANSIENT_CODES.has(code) || code === '' });
}

/**
 * Email through the product's SMTP server (SMTP_URL, an operator's setting, so not through the
 * workspace egress guard): one message to all of the channel's addresses.
 */
export async function sendEmail(input: TSenderInput<'email'>): Promise<TSendAlertResult> {
  const mail = renderAlertEmail(input.message);
  const started = performance.now();
  try {
    const sent = await sendMail({ to: input.channel.shown.to, subject: mail.subject, text: mail.text, html: mail.html });
    const count = input.channel.shown.to.length;
    return {
      responseMs: Math.round(performance.now() - started),
      thread: null,
      detail: `SMTP: ${sent.response.trim()} (${count} recipient${count === 1 ? '' : 's'})`,
    };
  } catch (error) {
    throw emailFailure(error);
  }
}
