import type { TAlertChannelType } from '@/server/domain/alerts/alert-channel';

/**
 * The form's fields per channel type, in the order a person fills them. Kept beside the
 * domain's ALERT_CHANNEL_FIELDS (which validates them on the server) by channel-fields.test.ts.
 * `secret` fields are write-only: a password input that the edit form leaves empty to keep.
 * `list` fields are typed comma-separated and sent as an array.
 */
export type TChannelField = { name: string; label: string; secret: boolean; list?: boolean; placeholder: string; hint?: string };

export const CHANNEL_TYPE_LABELS: Record<TAlertChannelType, string> = {
  slack: 'Slack (bot token)',
  slack_webhook: 'Slack incoming webhook',
  email: 'Email',
  webhook: 'Webhook (signed JSON)',
  pagerduty: 'PagerDuty Events v2',
};

export const CHANNEL_FIELDS: Record<TAlertChannelType, TChannelField[]> = {
  slack: [
    { name: 'channel', label: 'Slack channel', secret: false, placeholder: '#data-alerts or C0123ABCD', hint: 'Invite the bot to a private channel first.' },
    { name: 'token', label: 'Bot token', secret: true, placeholder: 'xoxb-…', hint: 'A bot token with chat:write.' },
  ],
  slack_webhook: [{ name: 'url', label: 'Webhook URL', secret: true, placeholder: 'https://hooks.slack.com/services/…' }],
  email: [{ name: 'to', label: 'Recipients', secret: false, list: true, placeholder: 'oncall@example.com, data@example.com', hint: 'Comma-separated. Sent through the server’s SMTP settings.' }],
  webhook: [
    { name: 'url', label: 'URL', secret: true, placeholder: 'https://example.com/tributary-alerts', hint: 'Write-only: a hook’s URL often carries its token.' },
    { name: 'signing_secret', label: 'Signing secret', secret: true, placeholder: 'at least 16 characters', hint: 'Signs each body with HMAC-SHA256 in the Tributary-Signature header.' },
  ],
  pagerduty: [{ name: 'routing_key', label: 'Routing key', secret: true, placeholder: '32-character integration key' }],
};

/** The shown config in one line for the list: `#data-alerts`, `a@x.com, b@x.com`, a webhook's URL. */
export function describeConfig(config: Record<string, unknown>): string {
  return Object.values(config)
    .map((value) => (Array.isArray(value) ? value.join(', ') : String(value)))
    .filter((text) => text !== '')
    .join(' · ');
}

/**
 * The form's values as the config the server takes: empty secret fields are left out (on an
 * edit they keep the stored secret; on a create the server says they are required), list
 * fields split on commas.
 */
export function configFromForm(type: TAlertChannelType, values: Readonly<Record<string, string>>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of CHANNEL_FIELDS[type]) {
    const raw = (values[field.name] ?? '').trim();
    if (field.secret && raw === '') continue;
    config[field.name] = field.list ? raw.split(',').map((item) => item.trim()).filter((item) => item !== '') : raw;
  }
  return config;
}

/** The form's starting values from a stored channel's shown config (secrets are never there). */
export function formFromConfig(type: TAlertChannelType, config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    CHANNEL_FIELDS[type].map((field) => {
      const value = config[field.name];
      return [field.name, Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : ''];
    }),
  );
}
