import { z } from 'zod';

/** Where alerts go: the five kinds of channel a workspace can set up. */
export const ALERT_CHANNEL_TYPES = ['slack', 'slack_webhook', 'email', 'webhook', 'pagerduty'] as const;
export type TAlertChannelType = (typeof ALERT_CHANNEL_TYPES)[number];

/** A channel name: referenced from specs (`on_failure: [data-oncall]`) and URLs. */
export const ZAlertChannelNameSchema = z
  .string({ error: 'name must be a string' })
  .min(1, 'name must not be empty')
  .max(100, 'name is longer than 100 characters')
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, "name may contain only lower-case letters, digits, '_', '.' and '-', and starts with a letter or digit")
  .refine((name) => name !== 'default', "name must not be 'default': specs use it for the workspace's default channels");

const httpsUrl = (field: string) =>
  z
    .string({ error: `${field} must be a URL` })
    .url(`${field} must be a URL`)
    .refine((url) => /^https?:\/\//.test(url), `${field} must be an http or https URL`);

/**
 * Per type, the fields of `config` as the API takes them: `shown` ones are stored in clear and
 * read back; `secret` ones are encrypted and never read back (write-only, as Airflow's
 * connection passwords).
 */
export const ALERT_CHANNEL_FIELDS = {
  slack: {
    shown: z.object({ channel: z.string({ error: 'channel must be a string' }).min(1, 'channel must not be empty (a channel id like C0123 or a name like #data-alerts)') }),
    secret: z.object({ token: z.string({ error: 'token must be a string' }).regex(/^xox[a-z]-/, "token must be a Slack bot token (it starts with 'xoxb-')") }),
  },
  slack_webhook: {
    shown: z.object({}),
    secret: z.object({ url: httpsUrl('url') }),
  },
  email: {
    shown: z.object({
      to: z
        .array(z.email({ error: 'each address in to must be an email address' }), { error: 'to must be a list of email addresses' })
        .min(1, 'to must name at least one address'),
    }),
    secret: z.object({}),
  },
  // A webhook URL is often a credential by itself (a Zapier, Teams or Discord hook's path is its
  // token), so it is write-only like a Slack webhook's.
  webhook: {
    shown: z.object({}),
    secret: z.object({ url: httpsUrl('url'), signing_secret: z.string({ error: 'signing_secret must be a string' }).min(16, 'signing_secret must be at least 16 characters') }),
  },
  pagerduty: {
    shown: z.object({}),
    secret: z.object({ routing_key: z.string({ error: 'routing_key must be a string' }).length(32, 'routing_key must be the 32-character integration key of a PagerDuty Events v2 integration') }),
  },
} as const;

export type TAlertChannelShown<T extends TAlertChannelType = TAlertChannelType> = z.output<(typeof ALERT_CHANNEL_FIELDS)[T]['shown']>;
export type TAlertChannelSecret<T extends TAlertChannelType = TAlertChannelType> = z.output<(typeof ALERT_CHANNEL_FIELDS)[T]['secret']>;

/** A channel as a sender needs it: everything resolved, the secret decrypted. */
export type TResolvedAlertChannel = {
  [T in TAlertChannelType]: { id: string; name: string; type: T; shown: TAlertChannelShown<T>; secret: TAlertChannelSecret<T> };
}[TAlertChannelType];

export function isAlertChannelType(value: unknown): value is TAlertChannelType {
  return typeof value === 'string' && (ALERT_CHANNEL_TYPES as readonly string[]).includes(value);
}
