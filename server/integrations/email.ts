import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { env } from '../env';

/**
 * Outgoing mail over SMTP (nodemailer), configured by `SMTP_URL` and `SMTP_FROM`. Used for
 * invitations now and for task-failure alerts later; callers decide what a failed send means.
 */
/** `to` may list several recipients (an alert channel's addresses): one message, one envelope. */
export type TMail = { to: string | string[]; subject: string; text: string; html?: string };

/**
 * Seconds, not nodemailer's minutes: a send happens while an admin waits for the answer (or a
 * worker holds an alert job), and a mail server that does not answer in this time will not.
 */
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 20_000;

/** A send that did not go through, with a message fit to show an admin (never the password). */
export class EmailDeliveryError extends Error {
  override name = 'EmailDeliveryError';
}

export function smtpConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

/**
 * One transporter per SMTP_URL: a test or the launcher that changes the variable (and resets
 * the env cache) gets a transporter for the new server, without a restart.
 */
type TSmtpTransporter = Transporter<SMTPTransport.SentMessageInfo>;

let cachedTransport: { url: string; transporter: TSmtpTransporter } | null = null;

function transportFor(url: string): TSmtpTransporter {
  if (cachedTransport?.url === url) return cachedTransport.transporter;
  cachedTransport?.transporter.close();
  const options: SMTPTransport.Options = {
    url,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  };
  const transporter = nodemailer.createTransport(options);
  cachedTransport = { url, transporter };
  return transporter;
}

/**
 * Sends one message from SMTP_FROM; throws EmailDeliveryError when SMTP is unset or the send
 * fails. `response` is the server's final answer ("250 OK: queued as …"), for delivery logs.
 */
export async function sendMail(mail: TMail): Promise<{ messageId: string; response: string }> {
  const { SMTP_URL: url, SMTP_FROM: from } = env();
  if (!url) throw new EmailDeliveryError('Email is not configured: set SMTP_URL to send mail.');
  try {
    const info = await transportFor(url).sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    return { messageId: info.messageId, response: info.response };
  } catch (error) {
    throw new EmailDeliveryError(describeSmtpError(error, url), { cause: error });
  }
}

type TSmtpErrorFields = { code?: unknown; response?: unknown; message?: unknown };

const CODE_REASONS: Record<string, string> = {
  EAUTH: 'the server refused the username or password',
  ECONNECTION: 'could not connect',
  ETIMEDOUT: 'the server did not answer in time',
  ESOCKET: 'the connection failed',
  EDNS: 'the host name did not resolve',
  ETLS: 'the TLS handshake failed',
  EENVELOPE: 'the server refused the sender or recipient',
  EMESSAGE: 'the server refused the message',
  EPROTOCOL: 'the server answered something unexpected',
};

/**
 * "Could not send mail through smtp.example.com:587: the server refused the sender or
 * recipient (550 no such user)". Built from the host and nodemailer's code and server answer;
 * the password is masked in case a library message ever echoes the URL.
 */
export function describeSmtpError(error: unknown, url: string): string {
  const fields: TSmtpErrorFields = typeof error === 'object' && error !== null ? (error as TSmtpErrorFields) : {};
  const code = typeof fields.code === 'string' ? fields.code : '';
  const serverSaid = typeof fields.response === 'string' ? fields.response : typeof fields.message === 'string' ? fields.message : String(error);
  const reason = CODE_REASONS[code] ? `${CODE_REASONS[code]} (${serverSaid.trim()})` : serverSaid.trim();
  return maskPassword(`Could not send mail through ${hostOf(url)}: ${reason}`, url);
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  } catch {
    return 'the SMTP server';
  }
}

function maskPassword(message: string, url: string): string {
  let forms: string[];
  try {
    const password = new URL(url).password;
    forms = password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return message;
  }
  let masked = message;
  for (const form of forms) masked = masked.split(form).join('***');
  return masked;
}
