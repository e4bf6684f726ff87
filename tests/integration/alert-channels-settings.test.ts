import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../../cli/testing/run-cli';
import { generateKey } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import { systemContext, type TRole } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { createWorkspace } from '../support/dag-runs';
import { restClient, tokenFor } from '../support/rest-client';
import { startRestServer } from '../support/rest-server';
import { startSlackStandIn, type TSlackStandIn } from '../support/slack-stand-in';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { codeOf } from '../support/trpc-code';

const TOKEN = 'xoxb-test-5555-6666-settings';
const SPEC = `dag_id: nightly
schedule: null
start_date: 2024-01-01
tasks:
  - task_id: load
    type: bash
    bash_command: exit 1
`;

type TUser = NonNullable<TTRPCContext['user']>;
const NAMES = ['owner', 'admin', 'editor', 'viewer', 'outsider'] as const;

describe('alert channels: tRPC for the settings page, the delivery list and the CLI', () => {
  let database: TTestDatabase;
  let server: { url: string; close: () => Promise<void> };
  let slackApi: TSlackStandIn;
  let teamId: string;
  let otherId: string;
  const users = {} as Record<(typeof NAMES)[number], TUser>;
  const as = (name: (typeof NAMES)[number]) => createCaller({ db: database.db, user: users[name], workspaceSlug: 'team', origin: 'http://localhost:3000' });

  beforeAll(async () => {
    slackApi = await startSlackStandIn({ channels: { alerts: 'C0ALERTS' }, tokens: [TOKEN] });
    Object.assign(process.env, { TRIBUTARY_SECRET_KEY: generateKey(), SLACK_API_URL: slackApi.url, TRIBUTARY_EGRESS_ALLOW: `127.0.0.1:${slackApi.port}` });
    resetEnvCache();
    database = await createTestDatabase('alert_settings');
    teamId = (await createWorkspace(database.db, 'team')).id;
    otherId = (await createWorkspace(database.db, 'other')).id;
    for (const name of NAMES) {
      const user = await database.db.user.create({ data: { email: `${name}@example.com`, name } });
      users[name] = { id: user.id, email: user.email, name: user.name };
      await database.db.membership.create({ data: { workspaceId: name === 'outsider' ? otherId : teamId, userId: user.id, role: name === 'outsider' ? 'owner' : name } });
    }
    server = await startRestServer(database.db);
  });
  afterAll(async () => {
    for (const name of ['SLACK_API_URL', 'TRIBUTARY_EGRESS_ALLOW']) delete process.env[name];
    resetEnvCache();
    await server?.close();
    await slackApi?.close();
    await database?.drop();
  });

  it('lets admins manage channels and editors send tests; the list says which secrets are set', async () => {
    const channel = { name: 'oncall', type: 'slack' as const, config: { channel: '#alerts', token: TOKEN } };
    expect(await codeOf(as('editor').alertChannels.create(channel))).toBe('FORBIDDEN');
    expect(await codeOf(as('admin').alertChannels.create(channel))).toBe('OK');
    const { channels } = await as('viewer').alertChannels.list();
    expect(channels).toEqual([expect.objectContaining({ name: 'oncall', type: 'slack', config: { channel: '#alerts' }, secretsSet: ['token'], isDefault: false })]);
    expect(JSON.stringify(channels)).not.toContain(TOKEN);
    expect(await codeOf(as('viewer').alertChannels.test({ name: 'oncall' }))).toBe('FORBIDDEN');
    const sent = await as('editor').alertChannels.test({ name: 'oncall' });
    expect(sent).toMatchObject({ ok: true });
    // Without TRIBUTARY_PUBLIC_URL the link uses the page's own origin.
    expect(JSON.stringify(slackApi.calls.at(-1)?.args)).toContain('http://localhost:3000/w/team/settings/alerts');
    expect(await codeOf(as('editor').alertChannels.update({ name: 'oncall', isPaused: true }))).toBe('FORBIDDEN');
    expect(await codeOf(as('admin').alertChannels.update({ name: 'oncall', isDefault: true }))).toBe('OK');
    expect(await codeOf(as('outsider').alertChannels.delete({ name: 'oncall' }))).toBe('NOT_FOUND');
  });

  it('names the config field a refused channel got wrong', async () => {
    const error = await as('admin').alertChannels.create({ name: 'bad', type: 'slack', config: { channel: '', token: 'nope' } }).catch((caught: unknown) => caught);
    const problems = (error as { cause?: { problems?: { path: string; message: string }[] } }).cause?.problems ?? [];
    expect(problems.map((problem) => problem.path).sort()).toEqual(['config.channel', 'config.token']);
  });

  it('sets the post-mortem threshold for admins only, within bounds', async () => {
    expect(await as('viewer').alertChannels.postmortemThreshold()).toEqual({ postmortemAfterMinutes: 60 });
    expect(await codeOf(as('editor').alertChannels.setPostmortemThreshold({ postmortemAfterMinutes: 30 }))).toBe('FORBIDDEN');
    expect(await codeOf(as('admin').alertChannels.setPostmortemThreshold({ postmortemAfterMinutes: 0 }))).toBe('BAD_REQUEST');
    expect(await as('admin').alertChannels.setPostmortemThreshold({ postmortemAfterMinutes: 45 })).toEqual({ postmortemAfterMinutes: 45 });
    expect((await database.db.workspace.findUniqueOrThrow({ where: { id: teamId } })).postmortemAfterMinutes).toBe(45);
    expect((await database.db.workspace.findUniqueOrThrow({ where: { id: otherId } })).postmortemAfterMinutes).toBe(60);
  });

  it("lets each member link their own Slack user id, and admins anyone's", async () => {
    const set = (who: (typeof NAMES)[number], whose: (typeof NAMES)[number], slackUserId: string | null) =>
      as(who).alertChannels.setSlackUserId({ userId: users[whose].id, slackUserId });
    expect(await codeOf(set('viewer', 'viewer', 'U024BE7LH'))).toBe('OK');
    expect(await codeOf(set('editor', 'viewer', 'U999'))).toBe('FORBIDDEN');
    expect(await codeOf(set('viewer', 'viewer', 'not-an-id'))).toBe('BAD_REQUEST');
    expect(await codeOf(set('admin', 'editor', 'W0ENTERPRISE'))).toBe('OK');
    expect(await codeOf(set('admin', 'outsider', 'U777'))).toBe('NOT_FOUND');
    const ids = await as('viewer').alertChannels.slackUserIds();
    expect(ids[users.viewer.id]).toBe('U024BE7LH');
    expect(ids[users.editor.id]).toBe('W0ENTERPRISE');
    expect(ids[users.outsider.id]).toBeUndefined();
    expect(await codeOf(set('viewer', 'viewer', null))).toBe('OK');
    expect((await as('viewer').alertChannels.slackUserIds())[users.viewer.id]).toBeNull();
  });

  it("lists the workspace's deliveries newest first, with names, filters and pages; never another workspace's", async () => {
    const ctx = systemContext(database.db, teamId, 'test');
    const dag = (await deployDag(ctx, { source: SPEC })).dag;
    const run = await triggerDagRun(ctx, { dagId: 'nightly' });
    const instance = await database.db.taskInstance.findFirstOrThrow({ where: { dagRunId: run.id, taskId: 'load' } });
    const channel = await database.db.alertChannel.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: teamId, name: 'oncall' } } });
    const other = await database.db.alertChannel.create({ data: { workspaceId: otherId, name: 'oncall', type: 'email', config: { to: ['x@example.com'] } } });
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    const base = { workspaceId: teamId, message: {}, dagPk: dag.id, dagRunId: run.id, taskInstanceId: instance.id, tryNumber: 1, kind: 'failure' };
    await database.db.alertDelivery.createMany({
      data: [
        { ...base, target: `channel:${channel.id}`, channelId: channel.id, dedupeKey: 'a', state: 'sent', attempts: 1, responseMs: 42, createdAt: at(1), sentAt: at(1) },
        { ...base, target: `channel:${channel.id}`, channelId: channel.id, dedupeKey: 'b', state: 'failed', attempts: 5, lastError: 'Slack: rate limited', createdAt: at(2) },
        { ...base, target: 'email:owner@example.com', dedupeKey: 'c', state: 'skipped', createdAt: at(3) },
        { workspaceId: otherId, message: {}, kind: 'failure', target: `channel:${other.id}`, channelId: other.id, dedupeKey: 'd', state: 'sent', createdAt: at(4) },
      ],
    });
    const all = await as('viewer').alertChannels.deliveries({});
    expect(all.total).toBe(3);
    expect(all.deliveries.map((row) => [row.target, row.state])).toEqual([['owner@example.com', 'skipped'], ['oncall', 'failed'], ['oncall', 'sent']]);
    expect(all.deliveries[1]).toMatchObject({ channel: 'oncall', channelType: 'slack', dagId: 'nightly', runId: run.runId, taskId: 'load', tryNumber: 1, attempts: 5, lastError: 'Slack: rate limited' });
    expect((await as('viewer').alertChannels.deliveries({ state: 'sent' })).deliveries.map((row) => row.responseMs)).toEqual([42]);
    expect((await as('viewer').alertChannels.deliveries({ dagId: 'missing' })).total).toBe(0);
    expect((await as('viewer').alertChannels.deliveries({ channel: 'oncall', limit: 1, offset: 1 })).deliveries.map((row) => row.state)).toEqual(['sent']);

    const api = restClient(server.url, await tokenFor(database.db, teamId, 'viewer'));
    const page = await api('GET', '/alertDeliveries?dag_id=nightly&state=failed');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total_entries: 1, alert_deliveries: [{ channel: 'oncall', dag_id: 'nightly', dag_run_id: run.runId, task_id: 'load', try_number: 1, state: 'failed', attempts: 5 }] });
    expect((await api('GET', '/alertDeliveries?state=lost')).body.errors[0].path).toBe('state');
    const stranger = restClient(server.url, await tokenFor(database.db, otherId, 'owner'));
    expect((await stranger('GET', '/alertDeliveries')).body.alert_deliveries.map((row: { dedupe_key?: string; target: string }) => row.target)).toEqual(['oncall']);
    expect((await stranger('GET', '/alertDeliveries?dag_id=nightly')).body.total_entries).toBe(0);
  });

  it("keeps a deleted channel's record of deliveries under its name, and fails the ones it had not sent yet", async () => {
    await as('admin').alertChannels.create({ name: 'retired', type: 'slack', config: { channel: '#old', token: TOKEN } });
    const channel = await database.db.alertChannel.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: teamId, name: 'retired' } } });
    const base = { workspaceId: teamId, message: {}, kind: 'failure', target: 'channel:retired', channelId: channel.id };
    const [sent, pending, held] = await Promise.all([
      database.db.alertDelivery.create({ data: { ...base, dedupeKey: 'retired-sent', state: 'sent', attempts: 1, sentAt: new Date() } }),
      database.db.alertDelivery.create({ data: { ...base, dedupeKey: 'retired-pending', state: 'pending' } }),
      database.db.alertDelivery.create({ data: { ...base, dedupeKey: 'retired-held', state: 'digested' } }),
    ]);
    expect(await codeOf(as('editor').alertChannels.delete({ name: 'retired' }))).toBe('FORBIDDEN');
    await as('admin').alertChannels.delete({ name: 'retired' });
    const rows = await database.db.alertDelivery.findMany({ where: { id: { in: [sent.id, pending.id, held.id] } }, orderBy: { dedupeKey: 'asc' } });
    expect(rows.map((row) => [row.dedupeKey, row.state, row.channelId, row.lastError])).toEqual([
      ['retired-held', 'failed', null, 'The channel was deleted before this alert was sent.'],
      ['retired-pending', 'failed', null, 'The channel was deleted before this alert was sent.'],
      ['retired-sent', 'sent', null, null],
    ]);
    const listed = (await as('viewer').alertChannels.deliveries({})).deliveries.filter((row) => [sent.id, pending.id, held.id].includes(row.id));
    expect(listed.map((row) => [row.target, row.channel, row.state]).sort((a, b) => String(a[2]).localeCompare(String(b[2])))).toEqual([['retired', null, 'failed'], ['retired', null, 'failed'], ['retired', null, 'sent']]);
  });

  it('`tributary alerts channels list` and `test` work over REST; a failed test exits 1 with the reason', async () => {
    const env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: await tokenFor(database.db, teamId, 'editor' satisfies TRole) };
    await as('admin').alertChannels.create({ name: 'broken', type: 'slack', config: { channel: '#nowhere', token: TOKEN } });
    const listed = await runCli(['alerts', 'channels', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/oncall\s+slack\s+channel=#alerts\s+token\s+yes\s+active/);
    expect(listed.stdout).not.toContain(TOKEN);
    const json = parseJson<{ alert_channels: { name: string }[] }>(await runCli(['alerts', 'channels', 'list', '--json'], env));
    expect(json.alert_channels.map((channel) => channel.name)).toEqual(['broken', 'oncall']);

    const sent = await runCli(['alerts', 'channels', 'test', 'oncall'], env);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/Sent a test alert through oncall in \d+ ms: Slack: posted to C0ALERTS/);
    const failed = await runCli(['alerts', 'channels', 'test', 'broken'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('found no channel #nowhere');
    const missing = await runCli(['alerts', 'channels', 'test', 'nope'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("Alert channel 'nope' does not exist");
  }, 60_000);
});
