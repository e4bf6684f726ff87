import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, SecretBox } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import { encryptMovedChannelSecrets } from '../../server/services/alert-channels/encrypt-moved-secrets';
import { resolveAlertChannel, resolvedChannel } from '../../server/services/alert-channels/resolve-alert-channel';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';
import { startSlackStandIn, type TSlackStandIn } from '../support/slack-stand-in';
import { startWebhookReceiver, type TWebhookReceiver } from '../support/webhook-receiver';

// Fixed test values: a bot token and a PagerDuty routing key no real service knows.
const TOKEN = 'xoxb-test-1111-2222-secretpart';
const NEW_TOKEN = 'xoxb-test-3333-4444-rotatedpart';
const ROUTING = 'r0ut1ngk3yr0ut1ngk3yr0ut1ngk3y12';
const SIGNING = 'whsec-0123456789abcdef';
const PUBLIC_URL = 'https://tributary.example.com';

describe('alert channels: services and REST v1', () => {
  const secretKey = generateKey();
  const box = new SecretBox(secretKey);
  let rest: TRestFixture;
  let slackApi: TSlackStandIn;
  /** A peer the egress rules do not allow: it must never hear from us. */
  let outside: TWebhookReceiver;

  beforeAll(async () => {
    slackApi = await startSlackStandIn({ channels: { 'data-alerts': 'C0DATA' }, tokens: [TOKEN, NEW_TOKEN] });
    outside = await startWebhookReceiver(SIGNING);
    // The REST handlers read these through server/env.ts, like the web app. Only the stand-in's
    // port is allowed on loopback, so the receiver above is as unreachable as a private host.
    Object.assign(process.env, {
      TRIBUTARY_SECRET_KEY: secretKey,
      SLACK_API_URL: slackApi.url,
      TRIBUTARY_EGRESS_ALLOW: `127.0.0.1:${slackApi.port}`,
      TRIBUTARY_PUBLIC_URL: PUBLIC_URL,
    });
    resetEnvCache();
    rest = await startRestFixture('alert_channels');
  });
  afterAll(async () => {
    for (const name of ['SLACK_API_URL', 'TRIBUTARY_EGRESS_ALLOW', 'TRIBUTARY_PUBLIC_URL']) delete process.env[name];
    resetEnvCache();
    await rest?.close();
    await slackApi?.close();
    await outside?.close();
  });

  const storedRow = (name: string) => rest.database.db.alertChannel.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: rest.workspaceId, name } } });
  const slack = (name: string, extra: Record<string, unknown> = {}) => ({ name, type: 'slack', config: { channel: '#data-alerts', token: TOKEN }, ...extra });

  it('creates, reads, lists, patches and deletes a Slack channel; no answer holds the token', async () => {
    const created = await rest.admin('POST', '/alertChannels', slack('oncall', { is_default: true }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'oncall', type: 'slack', config: { channel: '#data-alerts' }, secrets_set: ['token'], is_default: true, is_paused: false });
    const read = await rest.viewer('GET', '/alertChannels/oncall');
    expect(read.status).toBe(200);
    expect(read.body.config).toEqual({ channel: '#data-alerts' });
    const listed = await rest.viewer('GET', '/alertChannels');
    expect(listed.body.alert_channels.map((channel: { name: string }) => channel.name)).toEqual(['oncall']);
    expect(listed.body.total_entries).toBe(1);

    // PATCH without the token keeps the stored one; the channel changes.
    const patched = await rest.admin('PATCH', '/alertChannels/oncall', { config: { channel: 'C0123ABC' }, is_paused: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ config: { channel: 'C0123ABC' }, secrets_set: ['token'], is_paused: true, is_default: true });
    expect(JSON.parse(box.decrypt((await storedRow('oncall')).secretEncrypted!))).toEqual({ token: TOKEN });
    // A new token replaces it.
    await rest.admin('PATCH', '/alertChannels/oncall', { config: { token: NEW_TOKEN } });
    const resolved = await resolveAlertChannel(rest.database.db, rest.workspaceId, (await storedRow('oncall')).id, box);
    expect(resolved).toMatchObject({ name: 'oncall', type: 'slack', shown: { channel: 'C0123ABC' }, secret: { token: NEW_TOKEN } });

    for (const text of [created.text, read.text, listed.text, patched.text]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('xoxb-');
    }
    expect((await rest.admin('DELETE', '/alertChannels/oncall')).status).toBe(204);
    expect((await rest.viewer('GET', '/alertChannels/oncall')).status).toBe(404);
    expect((await rest.admin('DELETE', '/alertChannels/oncall')).status).toBe(404);
  });

  it('stores the secret encrypted, not in clear, and only the shown fields in config', async () => {
    await rest.admin('POST', '/alertChannels', { name: 'pd', type: 'pagerduty', config: { routing_key: ROUTING } });
    const row = await storedRow('pd');
    expect(JSON.stringify(row)).not.toContain(ROUTING);
    expect(row.config).toEqual({});
    expect(JSON.parse(box.decrypt(row.secretEncrypted!))).toEqual({ routing_key: ROUTING });
    // Several channels may be default.
    await rest.admin('POST', '/alertChannels', { name: 'mail', type: 'email', config: { to: ['ops@example.com'] }, is_default: true });
    await rest.admin('PATCH', '/alertChannels/pd', { is_default: true });
    const defaults = (await rest.viewer('GET', '/alertChannels')).body.alert_channels.filter((channel: { is_default: boolean }) => channel.is_default);
    expect(defaults.map((channel: { name: string }) => channel.name)).toEqual(['mail', 'pd']);
    expect((await storedRow('mail')).secretEncrypted).toBeNull();
  });

  it('changing the type needs the new type\'s secrets, and then forgets the old ones', async () => {
    await rest.admin('POST', '/alertChannels', slack('moving'));
    const refused = await rest.admin('PATCH', '/alertChannels/moving', { type: 'webhook', config: { url: 'https://hooks.example.com/in' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: { path: string }) => error.path)).toEqual(['config.signing_secret']);
    expect((await rest.admin('PATCH', '/alertChannels/moving', { type: 'webhook' })).body.errors[0].path).toBe('config');
    const moved = await rest.admin('PATCH', '/alertChannels/moving', { type: 'webhook', config: { url: 'https://hooks.example.com/in', signing_secret: 'whsec-0123456789abcdef' } });
    // A webhook's URL is write-only: a hook's path is often its token.
    expect(moved.body).toMatchObject({ type: 'webhook', config: {}, secrets_set: ['url', 'signing_secret'] });
    expect(JSON.parse(box.decrypt((await storedRow('moving')).secretEncrypted!))).toEqual({ url: 'https://hooks.example.com/in', signing_secret: 'whsec-0123456789abcdef' });
    expect((await storedRow('moving')).config).toEqual({});
  });

  it('never shows the URL of a webhook channel stored in clear before it was write-only, still sends to it, and encrypts it at its next save', async () => {
    const url = 'https://hooks.example.com/catch/123/s3cr3t-path';
    await rest.database.db.alertChannel.create({
      data: { workspaceId: rest.workspaceId, name: 'old-hook', type: 'webhook', config: { url }, secretEncrypted: box.encrypt(JSON.stringify({ signing_secret: 'whsec-0123456789abcdef' })) },
    });
    const shown = await rest.viewer('GET', '/alertChannels/old-hook');
    expect(shown.body).toMatchObject({ config: {}, secrets_set: ['url', 'signing_secret'] });
    expect(JSON.stringify((await rest.viewer('GET', '/alertChannels')).body)).not.toContain('s3cr3t-path');
    const row = await storedRow('old-hook');
    expect(resolvedChannel(row, box)).toMatchObject({ type: 'webhook', shown: {}, secret: { url, signing_secret: 'whsec-0123456789abcdef' } });
    expect((await rest.admin('PATCH', '/alertChannels/old-hook', { is_paused: true })).status).toBe(200);
    expect((await storedRow('old-hook')).config).toEqual({});
    expect(JSON.parse(box.decrypt((await storedRow('old-hook')).secretEncrypted!))).toEqual({ url, signing_secret: 'whsec-0123456789abcdef' });

    // The scheduler's start encrypts the ones nobody saves, once; other channels are left as they are.
    await rest.database.db.alertChannel.create({
      data: { workspaceId: rest.workspaceId, name: 'old-hook-2', type: 'webhook', config: { url }, secretEncrypted: box.encrypt(JSON.stringify({ signing_secret: 'whsec-0123456789abcdef' })) },
    });
    await rest.admin('POST', '/alertChannels', slack('untouched'));
    const slackBefore = await storedRow('untouched');
    expect(await encryptMovedChannelSecrets(rest.database.db, box)).toBe(1);
    expect((await storedRow('old-hook-2')).config).toEqual({});
    expect(JSON.parse(box.decrypt((await storedRow('old-hook-2')).secretEncrypted!))).toEqual({ url, signing_secret: 'whsec-0123456789abcdef' });
    expect(await storedRow('untouched')).toEqual(slackBefore);
    expect(await encryptMovedChannelSecrets(rest.database.db, box)).toBe(0);
  });

  it.each([
    ['a Slack channel without its token', slack('x1', { config: { channel: '#a' } }), 'config.token', /token is required/],
    ['a token that is not a bot token', slack('x2', { config: { channel: '#a', token: 'hunter2' } }), 'config.token', /xoxb-/],
    ['a field the type does not have', slack('x3', { config: { channel: '#a', token: TOKEN, colour: 'red' } }), 'config.colour', /not a field of a slack channel/],
    ['an email channel without addresses', { name: 'x4', type: 'email', config: { to: [] } }, 'config.to', /at least one address/],
    ['a webhook URL that is not a URL', { name: 'x5', type: 'webhook', config: { url: 'not a url', signing_secret: 'whsec-0123456789abcdef' } }, 'config.url', /URL/],
    ['an unknown type', { name: 'x6', type: 'carrier_pigeon', config: {} }, 'type', /must be one of/],
    ['a name with capitals', slack('Data Alerts'), 'name', /lower-case/],
    ['the name default', slack('default'), 'name', /must not be 'default'/],
    ['a config that is not an object', { name: 'x7', type: 'slack', config: 'token' }, 'config', /JSON object/],
    ['a field the API does not have', slack('x8', { colour: 'red' }), '', /colour/],
  ])('answers 400 naming the field for %s', async (_label, body, path, reason) => {
    const response = await rest.admin('POST', '/alertChannels', body);
    expect(response.status).toBe(400);
    const error = path === '' ? response.body.errors[0] : response.body.errors.find((item: { path: string }) => item.path === path);
    expect(error, JSON.stringify(response.body)).toBeDefined();
    expect(`${error.path} ${error.message}`).toMatch(reason);
    expect(response.text).not.toContain(TOKEN);
  });

  it('answers 409 for a name that is taken', async () => {
    await rest.admin('POST', '/alertChannels', slack('taken'));
    expect((await rest.admin('POST', '/alertChannels', slack('taken'))).status).toBe(409);
  });

  it('lets only admins change channels; viewers read them', async () => {
    expect((await rest.viewer('POST', '/alertChannels', slack('v1'))).status).toBe(403);
    expect((await rest.editor('POST', '/alertChannels', slack('v1'))).status).toBe(403);
    await rest.admin('POST', '/alertChannels', slack('guarded'));
    expect((await rest.editor('PATCH', '/alertChannels/guarded', { is_paused: true })).status).toBe(403);
    expect((await rest.editor('DELETE', '/alertChannels/guarded')).status).toBe(403);
    expect((await rest.viewer('GET', '/alertChannels/guarded')).status).toBe(200);
    expect((await storedRow('guarded')).isPaused).toBe(false);
  });

  it("answers 404 for another workspace's channel, whatever the verb", async () => {
    await rest.admin('POST', '/alertChannels', slack('private'));
    expect((await rest.stranger('GET', '/alertChannels/private')).status).toBe(404);
    expect((await rest.stranger('PATCH', '/alertChannels/private', { is_paused: true })).status).toBe(404);
    expect((await rest.stranger('DELETE', '/alertChannels/private')).status).toBe(404);
    expect((await rest.stranger('POST', '/alertChannels/private/test')).status).toBe(404);
    expect((await rest.stranger('GET', '/alertChannels')).body.alert_channels).toEqual([]);
    const row = await storedRow('private');
    expect(row.isPaused).toBe(false);
    await expect(resolveAlertChannel(rest.database.db, rest.otherWorkspaceId, row.id, box)).rejects.toThrow(/does not exist/);
  });

  it('audits every change with the secrets masked', async () => {
    await rest.admin('POST', '/alertChannels', slack('audited'));
    await rest.admin('PATCH', '/alertChannels/audited', { config: { token: NEW_TOKEN }, is_default: true });
    await rest.admin('DELETE', '/alertChannels/audited');
    const entries = await rest.database.db.auditLog.findMany({ where: { workspaceId: rest.workspaceId, targetType: 'alert_channel', targetId: 'audited' }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => entry.action)).toEqual(['alert_channel.create', 'alert_channel.update', 'alert_channel.delete']);
    expect(entries[0]!.details).toMatchObject({ type: 'slack', config: { channel: '#data-alerts', token: '***' } });
    expect(entries[1]!.details).toEqual({ fields: ['config.token', 'is_default'] });
    const details = JSON.stringify(entries.map((entry) => entry.details));
    expect(details).not.toContain(TOKEN);
    expect(details).not.toContain(NEW_TOKEN);
  });

  it('sends a test through Slack for an editor: the stand-in got the text, with a link to the settings page', async () => {
    await rest.admin('POST', '/alertChannels', slack('tested'));
    const before = slackApi.calls.length;
    const result = await rest.editor('POST', '/alertChannels/tested/test');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: true, detail: expect.stringContaining('C0DATA') });
    expect(result.body.response_ms).toBeGreaterThanOrEqual(0);
    const calls = slackApi.calls.slice(before);
    expect(calls.map((call) => [call.method, call.token, call.status])).toEqual([['chat.postMessage', TOKEN, 200]]);
    expect(calls[0]!.args.channel).toBe('#data-alerts');
    expect(String(calls[0]!.args.text)).toContain('Test alert from Tributary — team');
    expect(JSON.stringify(calls[0]!.args)).toContain(`${PUBLIC_URL}/w/team/settings/alerts`);
    expect(result.text).not.toContain(TOKEN);
    expect((await rest.viewer('POST', '/alertChannels/tested/test')).status).toBe(403);
  });

  it("reports Slack's refusal and an HTTP 500 in words, as answers", async () => {
    await rest.admin('POST', '/alertChannels', slack('revoked', { config: { channel: '#data-alerts', token: 'xoxb-revoked-0000' } }));
    const refused = await rest.editor('POST', '/alertChannels/revoked/test');
    expect(refused.status).toBe(200);
    expect(refused.body.ok).toBe(false);
    expect(refused.body.error).toContain('invalid_auth');
    expect(refused.text).not.toContain('xoxb-revoked-0000');
    await rest.admin('POST', '/alertChannels', slack('outage'));
    slackApi.failNext(1, { kind: 'server_error' });
    const outage = await rest.editor('POST', '/alertChannels/outage/test');
    expect(outage.body).toMatchObject({ ok: false, error: expect.stringContaining('HTTP 500') });
  });

  it('reports a destination the egress rules refuse, and the peer hears nothing', async () => {
    await rest.admin('POST', '/alertChannels', { name: 'inside', type: 'webhook', config: { url: `${outside.url}/hook`, signing_secret: SIGNING } });
    const result = await rest.editor('POST', '/alertChannels/inside/test');
    expect(result.status).toBe(200);
    expect(result.body.ok).toBe(false);
    expect(result.body.error).toMatch(/Refused to connect to 127\.0\.0\.1/);
    expect(result.body.error).toContain('TRIBUTARY_EGRESS_ALLOW');
    expect(outside.received).toEqual([]);
    const audit = await rest.database.db.auditLog.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, action: 'alert_channel.test', targetId: 'inside' } });
    expect(audit.details).toMatchObject({ ok: false });
    expect(JSON.stringify(audit.details)).not.toContain(SIGNING);
  });
});
