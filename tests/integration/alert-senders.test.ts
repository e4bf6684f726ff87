import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TResolvedAlertChannel } from '../../server/domain/alerts/alert-channel';
import type { TAlertMessage, TThreadRef } from '../../server/domain/alerts/alert-message';
import type { TEgressPolicy } from '../../server/domain/egress/decide-egress';
import { parseEgressAllow } from '../../server/domain/egress/parse-egress-allow';
import { resetEnvCache } from '../../server/env';
import { AlertSendError, sendAlert, type TSendAlertInput } from '../../server/integrations/alert-senders/send-alert';
import { startPagerDutyStandIn, type TPagerDutyStandIn } from '../support/pagerduty-stand-in';
import { startSlackStandIn, type TSlackStandIn } from '../support/slack-stand-in';
import { startSmtpSink, type TSmtpSink } from '../support/smtp-sink';
import { startWebhookReceiver, type TWebhookReceiver } from '../support/webhook-receiver';

const BOT_TOKEN = 'xoxb-test-1234-abcdefSECRETTOKEN';
const SIGNING = 'whsec_test_signing_0123456789';
const ROUTING = 'R0123456789abcdef0123456789abcde';
const ENV_KEYS = ['SLACK_API_URL', 'PAGERDUTY_EVENTS_URL', 'SMTP_URL', 'SMTP_FROM'] as const;

function setEnv(values: Partial<Record<(typeof ENV_KEYS)[number], string>>) {
  for (const key of ENV_KEYS) {
    if (values[key] === undefined) delete process.env[key];
    else process.env[key] = values[key];
  }
  resetEnvCache();
}

function policyAllowing(...ports: number[]): TEgressPolicy {
  const parsed = parseEgressAllow(ports.map((port) => `127.0.0.1:${port}`).join(','));
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  return { allow: parsed.value, localNetworksAllowed: false, metadataDatabase: null };
}

const message = (overrides: Partial<TAlertMessage> = {}): TAlertMessage => ({
  kind: 'failure',
  title: 'orders_daily.load failed (try 3 of 3) - acme',
  text: 'orders_daily.load failed on 2026-12-01 (try 3 of 3) in acme.',
  fields: [
    { label: 'DAG', value: 'orders_daily' },
    { label: 'Task', value: 'load' },
    { label: 'Try', value: '3 of 3' },
  ],
  logTail: ['loading 120 rows', 'ERROR: duplicate key value violates unique constraint "orders_pkey"'],
  links: [{ label: 'Log', url: 'https://tributary.example.com/w/acme/dags/orders_daily/runs/r1/tasks/load?try=3' }],
  mentionSlackUserId: 'U0ADA',
  items: [],
  dedupeKey: 'acme:orders_daily:load:r1:3',
  context: { workspace: 'acme', dag_id: 'orders_daily', task_id: 'load', run_id: 'r1', incident_id: 'inc-1' },
  ...overrides,
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the send succeeded');
    },
    (error: unknown) => {
      if (!(error instanceof AlertSendError)) throw error;
      return error;
    },
  );

describe('alert senders against real protocol peers on loopback', () => {
  let slack: TSlackStandIn;
  let hooks: TWebhookReceiver;
  let slackHook: TWebhookReceiver;
  let pagerDuty: TPagerDutyStandIn;
  let smtp: TSmtpSink;
  let policy: TEgressPolicy;

  const slackChannel: TResolvedAlertChannel = { id: 'ch1', name: 'data-oncall', type: 'slack', shown: { channel: '#data-alerts' }, secret: { token: BOT_TOKEN } };
  const send = (channel: TResolvedAlertChannel, overrides: Partial<TSendAlertInput> = {}) =>
    sendAlert({ channel, message: message(), thread: null, replace: null, policy, ...overrides });

  beforeAll(async () => {
    slack = await startSlackStandIn({ channels: { 'data-alerts': 'C0DATA' }, tokens: [BOT_TOKEN] });
    hooks = await startWebhookReceiver(SIGNING);
    slackHook = await startWebhookReceiver('unused-by-slack-webhooks');
    pagerDuty = await startPagerDutyStandIn();
    smtp = await startSmtpSink();
    policy = policyAllowing(slack.port, hooks.port, slackHook.port, pagerDuty.port);
    setEnv({ SLACK_API_URL: slack.url, PAGERDUTY_EVENTS_URL: pagerDuty.url, SMTP_URL: smtp.url(), SMTP_FROM: 'Tributary <alerts@tributary.test>' });
  });
  afterAll(async () => {
    setEnv({});
    await Promise.all([slack, hooks, slackHook, pagerDuty, smtp].map((peer) => peer?.close()));
  });
  beforeEach(() => {
    for (const list of [slack.calls, hooks.received, slackHook.received, pagerDuty.events, smtp.messages]) list.length = 0;
  });

  describe('Slack Web API', () => {
    it('posts text for notifications and Block Kit blocks, with the bot token, and says where the message lives', async () => {
      const result = await send(slackChannel);
      expect(slack.calls.map((call) => [call.method, call.token])).toEqual([['chat.postMessage', BOT_TOKEN]]);
      const args = slack.calls[0]!.args;
      expect(args.channel).toBe('#data-alerts');
      expect(args.text).toBe('orders_daily.load failed on 2026-12-01 (try 3 of 3) in acme.');
      expect(args.thread_ts).toBeUndefined();
      const blocks = JSON.stringify(args.blocks);
      for (const part of ['"type":"header"', 'orders_daily.load failed (try 3 of 3) - acme', '*Owner:* <@U0ADA>', '*Try*\\n3 of 3', '```\\nloading 120 rows\\nERROR: duplicate key', 'tasks/load?try=3']) {
        expect(blocks).toContain(part);
      }
      expect(result.thread).toEqual({ channel: 'C0DATA', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
      expect(result.detail).toBe(`Slack: posted to C0DATA (ts ${result.thread!.ts})`);
      expect(result.responseMs).toBeGreaterThanOrEqual(0);
    });

    it('posts a later failure into the thread of the first', async () => {
      const first = await send(slackChannel);
      const later = await send(slackChannel, { thread: first.thread });
      expect(slack.calls[1]!.args).toMatchObject({ channel: 'C0DATA', thread_ts: first.thread!.ts });
      expect(later.thread?.ts).not.toBe(first.thread!.ts);
      expect(later.detail).toContain(`in the thread of ${first.thread!.ts}`);
    });

    it('on recovery, edits the first message (green) and then replies in its thread', async () => {
      const first = await send(slackChannel);
      const recovery = message({ kind: 'recovery', title: 'orders_daily recovered after 2 h 14 min', text: 'orders_daily recovered after 2 h 14 min.' });
      const result = await send(slackChannel, { message: recovery, replace: first.thread });
      expect(slack.calls.slice(1).map((call) => call.method)).toEqual(['chat.update', 'chat.postMessage']);
      const [update, reply] = slack.calls.slice(1);
      expect(update!.args).toMatchObject({ channel: 'C0DATA', ts: first.thread!.ts, text: 'orders_daily recovered after 2 h 14 min.' });
      expect(update!.args.attachments).toEqual([{ color: '#2EB67D', fallback: 'Recovered', text: 'Recovered' }]);
      expect(JSON.stringify(update!.args.blocks)).toContain('recovered after 2 h 14 min');
      expect(slack.messages.get(`C0DATA/${first.thread!.ts}`)?.text).toBe('orders_daily recovered after 2 h 14 min.');
      expect(reply!.args).toMatchObject({ channel: 'C0DATA', thread_ts: first.thread!.ts, text: 'orders_daily recovered after 2 h 14 min.' });
      expect(result.detail).toMatch(/^Slack: updated C0DATA \(ts [\d.]+\) and replied in its thread \(ts [\d.]+\)$/);
    });

    it('still replies when the first message can no longer be edited', async () => {
      const result = await send(slackChannel, { message: message({ kind: 'recovery' }), replace: { channel: 'C0DATA', ts: '1.000001' } });
      expect(slack.calls.map((call) => [call.method, call.args.thread_ts])).toEqual([
        ['chat.update', undefined],
        ['chat.postMessage', '1.000001'],
      ]);
      expect(result.detail).toContain('could not edit it: message_not_found');
    });

    it("turns a 429 into a retryable error with Slack's Retry-After, without waiting or retrying itself", async () => {
      slack.failNext(1, { kind: 'ratelimited', retryAfterSeconds: 7 });
      const error = await failureOf(send(slackChannel));
      expect({ retryable: error.retryable, retryAfterMs: error.retryAfterMs, status: error.status }).toEqual({ retryable: true, retryAfterMs: 7000, status: 429 });
      expect(slack.calls.map((call) => call.status)).toEqual([429]);
    });

    it('turns a 500 into a retryable error after one call', async () => {
      slack.failNext(1, { kind: 'server_error' });
      const error = await failureOf(send(slackChannel));
      expect({ retryable: error.retryable, status: error.status }).toEqual({ retryable: true, status: 500 });
      expect(slack.calls).toHaveLength(1);
    });

    it('says a refused token is the problem, without the token, and does not retry it', async () => {
      const error = await failureOf(send({ ...slackChannel, secret: { token: 'xoxb-revoked-SECRET-999' } }));
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(/^Slack: Slack refused the bot token \(invalid_auth\): set a valid bot token/);
      expect(error.message).not.toContain('xoxb-revoked-SECRET-999');
    });

    it('names a channel Slack does not know', async () => {
      const error = await failureOf(send({ ...slackChannel, shown: { channel: '#nowhere' } }));
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('Slack found no channel #nowhere');
    });

    it('refuses an API host the egress policy does not allow, before connecting', async () => {
      const error = await failureOf(send(slackChannel, { policy: policyAllowing(hooks.port) }));
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(`TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${slack.port}`);
      expect(slack.calls).toEqual([]);
    });
  });

  describe('Slack incoming webhook', () => {
    const hookChannel = (path = '/services/T000/B000/XXXXSECRETPATH'): TResolvedAlertChannel => ({
      id: 'ch2',
      name: 'slack-hook',
      type: 'slack_webhook',
      shown: {},
      secret: { url: `http://127.0.0.1:${slackHook.port}${path}` },
    });

    it('posts text and blocks, and ignores a thread (webhooks cannot thread)', async () => {
      slackHook.answerNext({ status: 200, body: 'ok' });
      const result = await send(hookChannel(), { thread: { channel: 'C0DATA', ts: '1.000001' } });
      const json = slackHook.received[0]!.json as Record<string, unknown>;
      expect(json.text).toBe('orders_daily.load failed on 2026-12-01 (try 3 of 3) in acme.');
      expect(JSON.stringify(json.blocks)).toContain('orders_daily.load failed (try 3 of 3) - acme');
      expect(json.thread_ts).toBeUndefined();
      expect(result).toMatchObject({ thread: null, detail: 'Slack webhook: HTTP 200 ok' });
    });

    it('says a revoked webhook must be replaced, without its URL', async () => {
      slackHook.answerNext({ status: 404, body: 'no_service' });
      const error = await failureOf(send(hookChannel()));
      expect(error).toMatchObject({ retryable: false, status: 404 });
      expect(error.message).toContain('create a new incoming webhook');
      expect(error.message).not.toContain('XXXXSECRETPATH');
    });
  });

  describe('signed webhook', () => {
    const hookChannel = (url = hooks.url): TResolvedAlertChannel => ({ id: 'ch3', name: 'hook', type: 'webhook', shown: {}, secret: { url, signing_secret: SIGNING } });

    it('posts the JSON body signed so the receiver verifies it; a tampered body does not verify', async () => {
      const result = await send(hookChannel());
      const [request] = hooks.received;
      expect(request!.signature).toEqual({ ok: true });
      expect(request!.headers['idempotency-key']).toBe('acme:orders_daily:load:r1:3');
      expect(request!.headers['content-type']).toBe('application/json');
      expect(request!.json).toMatchObject({ kind: 'failure', dedupe_key: 'acme:orders_daily:load:r1:3', log_tail: message().logTail, context: { incident_id: 'inc-1' } });
      expect(result).toEqual({ responseMs: expect.any(Number), thread: null, detail: 'HTTP 200' });
      const tampered = hooks.verify({ headers: request!.headers, body: request!.body.replace('"failure"', '"success"') });
      expect(tampered).toMatchObject({ ok: false, problem: { code: 'mismatch' } });
      expect(hooks.verify(request!, Math.floor(Date.now() / 1000) + 600)).toMatchObject({ ok: false, problem: { code: 'outside_tolerance' } });
    });

    it("retries a 503 after the receiver's Retry-After, not a 410, and never repeats the secret it echoes", async () => {
      hooks.answerNext({ status: 503, headers: { 'retry-after': '30' } }, { status: 410, body: `gone; your secret was ${SIGNING}` });
      expect(await failureOf(send(hookChannel()))).toMatchObject({ retryable: true, retryAfterMs: 30_000, status: 503 });
      const gone = await failureOf(send(hookChannel()));
      expect(gone).toMatchObject({ retryable: false, status: 410 });
      expect(gone.message).toBe('Webhook: HTTP 410: gone; your secret was ***');
    });

    it('refuses the metadata address and an unlisted loopback port before connecting', async () => {
      const metadata = await failureOf(send(hookChannel('http://169.254.169.254/latest/meta-data/')));
      expect(metadata.retryable).toBe(false);
      expect(metadata.message).toMatch(/^Webhook: Refused to connect to 169\.254\.169\.254:80/);
      const loopback = await failureOf(send(hookChannel(), { policy: policyAllowing(slack.port) }));
      expect(loopback.message).toContain(`TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${hooks.port}`);
      expect(hooks.received).toEqual([]);
    });
  });

  describe('email', () => {
    const mailChannel: TResolvedAlertChannel = { id: 'ch4', name: 'mail', type: 'email', shown: { to: ['ada@example.com', 'grace@example.com'] }, secret: {} };

    it('sends one message to every address: title as subject, text part, the log tail in the HTML part', async () => {
      const result = await send(mailChannel);
      expect(smtp.messages).toHaveLength(1);
      const [mail] = smtp.messages;
      expect(mail!.to).toEqual(['ada@example.com', 'grace@example.com']);
      expect(mail!.header('Subject')).toBe('orders_daily.load failed (try 3 of 3) - acme');
      expect(mail!.decoded).toContain('orders_daily.load failed on 2026-12-01 (try 3 of 3) in acme.');
      expect(mail!.decoded).toContain('ERROR: duplicate key value violates unique constraint &quot;orders_pkey&quot;</pre>');
      expect(mail!.decoded).toContain('href="https://tributary.example.com/w/acme/dags/orders_daily/runs/r1/tasks/load?try=3"');
      expect(result.detail).toMatch(/^SMTP: 250 .+ \(2 recipients\)$/);
    });

    it('retries when the mail server cannot be reached; not when mail is not configured', async () => {
      const closed = await startSmtpSink();
      await closed.close();
      try {
        setEnv({ SLACK_API_URL: slack.url, PAGERDUTY_EVENTS_URL: pagerDuty.url, SMTP_URL: closed.url() });
        expect(await failureOf(send(mailChannel))).toMatchObject({ retryable: true });
        setEnv({ SLACK_API_URL: slack.url, PAGERDUTY_EVENTS_URL: pagerDuty.url });
        expect(await failureOf(send(mailChannel))).toMatchObject({ retryable: false, message: 'Email is not configured: set SMTP_URL to send mail.' });
      } finally {
        setEnv({ SLACK_API_URL: slack.url, PAGERDUTY_EVENTS_URL: pagerDuty.url, SMTP_URL: smtp.url(), SMTP_FROM: 'Tributary <alerts@tributary.test>' });
      }
    });
  });

  describe('PagerDuty Events v2', () => {
    const pdChannel = (routingKey = ROUTING): TResolvedAlertChannel => ({ id: 'ch5', name: 'pd', type: 'pagerduty', shown: {}, secret: { routing_key: routingKey } });

    it('triggers a failure and resolves it on recovery under the same dedup_key', async () => {
      // Different per-failure keys: the incident they share is what PagerDuty folds on.
      const trigger = await send(pdChannel(), { message: message({ dedupeKey: 'failure:acme:orders_daily:load:r1:3' }) });
      const resolve = await send(pdChannel(), { message: message({ kind: 'recovery', dedupeKey: 'recovery:inc-1' }) });
      expect(pagerDuty.events.map((event) => [event.event_action, event.dedup_key, event.routing_key])).toEqual([
        ['trigger', 'tributary-incident:inc-1', ROUTING],
        ['resolve', 'tributary-incident:inc-1', ROUTING],
      ]);
      expect(pagerDuty.events[0]!.payload).toMatchObject({ summary: 'orders_daily.load failed (try 3 of 3) - acme', source: 'tributary', severity: 'error' });
      expect(trigger.detail).toBe('PagerDuty: trigger accepted (HTTP 202, dedup_key tributary-incident:inc-1)');
      expect(resolve.detail).toBe('PagerDuty: resolve accepted (HTTP 202, dedup_key tributary-incident:inc-1)');
    });

    it('retries a 429; not an event PagerDuty refuses, whose message keeps the routing key out', async () => {
      pagerDuty.failNext(1, 429);
      expect(await failureOf(send(pdChannel()))).toMatchObject({ retryable: true, status: 429 });
      const refused = await failureOf(send(pdChannel('short-key-SECRET')));
      expect(refused).toMatchObject({ retryable: false, status: 400 });
      expect(refused.message).toContain("Length of 'routing_key' is incorrect");
      expect(refused.message).not.toContain('short-key-SECRET');
    });
  });

  it('a cancelled send is retryable and reaches no one', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failureOf(send({ id: 'ch3', name: 'hook', type: 'webhook', shown: {}, secret: { url: hooks.url, signing_secret: SIGNING } }, { signal: controller.signal }));
    expect(error).toMatchObject({ retryable: true, message: 'Webhook: the send was cancelled' });
    expect(hooks.received).toEqual([]);
  });
});
