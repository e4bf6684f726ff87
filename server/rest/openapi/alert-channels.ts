import type { TOpenApiPaths } from './types';

const nameParameter = { name: 'name', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$' } };
const channelType = { type: 'string', enum: ['slack', 'slack_webhook', 'email', 'webhook', 'pagerduty'] };

const configDescription = [
  'The type\'s fields, shown and secret together. Secret fields are write-only: stored encrypted, never returned.',
  'slack: {channel, token (secret, xoxb-…)}; slack_webhook: {url (secret)}; email: {to: [addresses]};',
  'webhook: {url (secret), signing_secret (secret, ≥ 16 characters)}; pagerduty: {routing_key (secret, 32 characters)}.',
].join(' ');

/** What reading returns: the shown config only, and which secret fields hold a value. */
const channel = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    type: channelType,
    config: { type: 'object', description: 'The shown fields only (slack: {channel}); secrets are never returned' },
    secrets_set: { type: 'array', items: { type: 'string' }, description: 'Names of the secret fields that hold a value (slack: ["token"])' },
    is_default: { type: 'boolean', description: 'Alerts of rules that name `default` go to every default channel' },
    is_paused: { type: 'boolean', description: 'A paused channel sends nothing; its deliveries are recorded as skipped' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};

const writable = {
  name: { type: 'string', pattern: nameParameter.schema.pattern, maxLength: 100, description: "Lower-case letters, digits, '_', '.', '-'; not 'default'" },
  type: channelType,
  config: { type: 'object', description: configDescription },
  is_default: { type: 'boolean', default: false },
  is_paused: { type: 'boolean', default: false },
};

const delivery = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    channel: { type: ['string', 'null'], description: "The channel's name; null for an address from a spec's `email`" },
    channel_type: { ...channelType, type: ['string', 'null'] },
    target: { type: 'string', description: "Where it went: the channel's name or the email address" },
    kind: { type: 'string', enum: ['failure', 'retry', 'recovery', 'success', 'sla', 'digest', 'test'] },
    state: { type: 'string', enum: ['pending', 'sent', 'failed', 'skipped', 'digested'] },
    attempts: { type: 'integer' },
    last_error: { type: ['string', 'null'] },
    response_ms: { type: ['integer', 'null'] },
    created_at: { type: 'string', format: 'date-time' },
    sent_at: { type: ['string', 'null'], format: 'date-time' },
    dag_id: { type: ['string', 'null'] },
    dag_run_id: { type: ['string', 'null'] },
    task_id: { type: ['string', 'null'] },
    try_number: { type: ['integer', 'null'] },
    incident_id: { type: ['string', 'null'] },
  },
};

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const ok = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });
const page = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
];

export const alertChannelsPaths: TOpenApiPaths = {
  '/alertChannels': {
    get: {
      summary: 'List alert channels (viewer)',
      parameters: page,
      responses: { '200': ok('One page, ordered by name', { type: 'object', properties: { alert_channels: { type: 'array', items: channel }, total_entries: { type: 'integer' } } }) },
    },
    post: {
      summary: 'Create an alert channel (admin)',
      requestBody: body({ type: 'object', required: ['name', 'type', 'config'], properties: writable }),
      responses: {
        '201': ok('The channel', channel),
        '400': problem('A field is invalid; errors[].path names it (config.token, …)'),
        '403': problem('Needs the admin role'),
        '409': problem('The name is taken'),
      },
    },
  },
  '/alertChannels/{name}': {
    parameters: [nameParameter],
    get: { summary: 'Get an alert channel (viewer)', responses: { '200': ok('The channel', channel), '404': problem('No such channel in this workspace') } },
    patch: {
      summary: 'Update an alert channel (admin): only the fields given',
      description: 'A secret config field left out keeps its stored value. Changing the type needs the new type\'s whole config, secrets included.',
      requestBody: body({ type: 'object', properties: writable }),
      responses: {
        '200': ok('The channel', channel),
        '400': problem('A field is invalid'),
        '403': problem('Needs the admin role'),
        '404': problem('No such channel in this workspace'),
      },
    },
    delete: { summary: 'Delete an alert channel and its delivery records (admin)', responses: { '204': { description: 'Deleted' }, '403': problem('Needs the admin role'), '404': problem('No such channel in this workspace') } },
  },
  '/alertChannels/{name}/test': {
    parameters: [nameParameter],
    post: {
      summary: 'Send a test alert through a channel (editor)',
      description: 'Sends a real message, through the egress rules like every alert. A failed send is an answer (ok: false, with the reason in words: refused by the egress rules, invalid_auth, HTTP 500…), not an error.',
      responses: {
        '200': ok('The outcome', {
          type: 'object',
          properties: {
            ok: { type: 'boolean' },
            detail: { type: 'string', description: "When sent: the peer's answer (\"Slack: posted to C0123 (ts …)\")" },
            response_ms: { type: 'integer' },
            error: { type: 'string', description: 'When not sent: why' },
          },
        }),
        '403': problem('Needs the editor role'),
        '404': problem('No such channel in this workspace'),
      },
    },
  },
  '/alertDeliveries': {
    get: {
      summary: 'List alert deliveries, newest first (viewer)',
      parameters: [
        { name: 'dag_id', in: 'query', schema: { type: 'string' } },
        { name: 'state', in: 'query', schema: delivery.properties.state },
        { name: 'channel', in: 'query', description: 'A channel name', schema: { type: 'string' } },
        ...page,
      ],
      responses: {
        '200': ok('One page', { type: 'object', properties: { alert_deliveries: { type: 'array', items: delivery }, total_entries: { type: 'integer' } } }),
        '400': problem('A query parameter is invalid'),
      },
    },
  },
};
