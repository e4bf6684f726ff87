import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { sendJob, startBoss } from '../../server/queue/boss';
import { createAlertChannel } from '../../server/services/alert-channels/create-alert-channel';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { setDagRunState } from '../../server/services/runs/set-dag-run-state';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { clearTaskInstances } from '../../server/services/task-instances/clear-task-instances';
import { createWorkspace, deployUnpaused, waitForRun } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { startSlackStandIn, type TSlackStandIn } from '../support/slack-stand-in';
import { startSmtpSink, type TSmtpSink } from '../support/smtp-sink';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

const PUBLIC_URL = 'https://tributary.test';

/** RFC 2047 Q-encoded words (`=?UTF-8?Q?=E2=9D=8C_mailed?=`), as a mail client shows them. */
function decodeMimeWords(header: string): string {
  return header.replace(/=\?UTF-8\?Q\?(.*?)\?=\s*/gi, (_word, text: string) =>
    Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_hex, byte: string) => String.fromCharCode(parseInt(byte, 16))), 'latin1').toString('utf8'));
}

/** Failure alerts end to end: the real engine fails tasks, the relay and the worker's delivery job talk to a Slack stand-in. */
describe('alerts', () => {
  let database: TTestDatabase;
  let workspaceId: string;
  let slack: TSlackStandIn;
  let smtp: TSmtpSink;
  let engine: TestEngine;

  beforeAll(async () => {
    database = await createTestDatabase('alerts');
    workspaceId = (await createWorkspace(database.db, 'acme')).id;
    slack = await startSlackStandIn({ channels: { '#data-alerts': 'C0ALERTS' } });
    smtp = await startSmtpSink();
    engine = new TestEngine(database.url, {
      SLACK_API_URL: slack.url,
      TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${slack.port}`,
      TRIBUTARY_PUBLIC_URL: PUBLIC_URL,
      TRIBUTARY_ALERT_DIGEST_SECONDS: '3',
      SMTP_URL: smtp.url(),
    });
    await createAlertChannel(systemContext(database.db, workspaceId, 'test'), new SecretBox(engine.secretKey), {
      name: 'oncall', type: 'slack', config: { token: 'xoxb-test-token', channel: '#data-alerts' }, isDefault: true,
    });
    engine.startScheduler();
    engine.startWorker();
  });
  beforeEach(() => {
    slack.calls.length = 0;
  });
  afterEach(async () => {
    await database.db.alertChannel.updateMany({ where: { workspaceId }, data: { isPaused: false } });
  });
  afterAll(async () => {
    await engine?.stop('SIGKILL');
    await slack?.close();
    await smtp?.close();
    await database.drop();
  });

  const ctx = () => systemContext(database.db, workspaceId, 'alice@example.com');
  const posts = () => slack.calls.filter((call) => call.method === 'chat.postMessage' && call.status === 200);
  const deliveriesOf = (dagId: string) =>
    database.db.alertDelivery.findMany({ where: { workspaceId, dagPk: { not: null }, message: { path: ['context', 'dag_id'], equals: dagId } }, orderBy: { createdAt: 'asc' } });
  /** The DAG's deliveries once `count` alerts (digests not counted) exist and none is still to send. */
  const settled = async (dagId: string, count: number) =>
    waitFor(async () => {
      const rows = await deliveriesOf(dagId);
      return rows.filter((row) => row.kind !== 'digest').length >= count && rows.every((row) => row.state !== 'pending') ? rows : null;
    }, { timeoutMs: 60_000, what: `${count} deliveries of ${dagId} to settle` });
  const failingRun = async (dagId: string, extra = '') => {
    await deployUnpaused(database.db, workspaceId, `
dag_id: ${dagId}
owner: alice@example.com
tasks:
  - { task_id: flaky, type: bash, bash_command: "echo working; echo 'boom' >&2; exit 3", retries: 1, retry_delay: 1s${extra} }
`);
    const run = await triggerDagRun(ctx(), { dagId });
    await waitForRun(database.db, run.id, 60_000);
    return run;
  };

  it('sends one alert when the last try fails, none for the retry before it, with links to that try’s log and the incident', async () => {
    const run = await failingRun('nightly_orders');
    const [delivery, ...more] = await settled('nightly_orders', 1);
    expect(more).toEqual([]);
    expect(delivery).toMatchObject({ kind: 'failure', state: 'sent', attempts: 1, tryNumber: 2 });
    const [post] = posts();
    expect(posts()).toHaveLength(1);
    expect(post!.token).toBe('xoxb-test-token');
    expect(post!.args.channel).toBe('#data-alerts');
    const text = String(post!.args.text);
    expect(text).toContain('❌ nightly_orders.flaky failed (try 2 of 2) · acme');
    expect(text).toMatch(new RegExp(`Log: ${PUBLIC_URL}/w/acme/dags/nightly_orders/runs/${encodeURIComponent(run.runId).replace(/[+]/g, '\\+')}/tasks/flaky\\?try=2#L\\d+`));
    const incident = await database.db.incident.findFirstOrThrow({ where: { workspaceId, dag: { dagId: 'nightly_orders' } } });
    expect(text).toContain(`Incident: ${PUBLIC_URL}/w/acme/incidents/${incident.id}`);
    expect(incident).toMatchObject({ state: 'open', failureCount: 1, firstDagRunId: run.id });
    expect(JSON.stringify(post!.args.blocks)).toContain('boom');
  });

  it('alerts a retry only when the spec asks (on_retry)', async () => {
    await failingRun('retry_watched', ', on_retry: oncall');
    const rows = await settled('retry_watched', 2);
    expect(rows.map((row) => [row.kind, row.tryNumber, row.state])).toEqual([['retry', 1, 'sent'], ['failure', 2, 'sent']]);
  });

  it('alerts a success only where on_success asks', async () => {
    await deployUnpaused(database.db, workspaceId, `
dag_id: success_watched
tasks:
  - { task_id: quiet, type: empty }
  - { task_id: announced, type: empty, on_success: oncall, depends_on: quiet }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'success_watched' });
    await waitForRun(database.db, run.id);
    const [delivery, ...more] = await settled('success_watched', 1);
    expect(more).toEqual([]);
    expect(delivery).toMatchObject({ kind: 'success', state: 'sent' });
    expect(String(posts()[0]!.args.text)).toContain('✅ success_watched.announced succeeded');
  });

  it('edits the first message when the DAG recovers, and replies in its thread', async () => {
    const run = await failingRun('recovers');
    await settled('recovers', 1);
    const first = posts()[0]!;
    await deployDag(ctx(), { source: `
dag_id: recovers
owner: alice@example.com
tasks:
  - { task_id: flaky, type: bash, bash_command: "echo fixed", retries: 1, retry_delay: 1s }
` });
    await clearTaskInstances(ctx(), {
      dagId: 'recovers', dagRunId: run.runId, taskIds: ['flaky'], dryRun: false, resetDagRuns: true, useLatestVersion: true,
      onlyFailed: false, onlyRunning: false, includeUpstream: false, includeDownstream: false,
    });
    const rows = await settled('recovers', 2);
    expect(rows.map((row) => [row.kind, row.state])).toEqual([['failure', 'sent'], ['recovery', 'sent']]);
    const firstTs = (await database.db.alertDelivery.findFirstOrThrow({ where: { id: rows[0]!.id } })).externalRef as { ts: string; channel: string };
    const update = slack.calls.find((call) => call.method === 'chat.update');
    expect(update?.args).toMatchObject({ ts: firstTs.ts, channel: firstTs.channel });
    expect(String(update?.args.text)).toMatch(/✅ recovers recovered after \d+s · acme/);
    const reply = posts().at(-1)!;
    expect(reply).not.toBe(first);
    expect(reply.args.thread_ts).toBe(firstTs.ts);
    expect(await database.db.incident.findFirstOrThrow({ where: { workspaceId, dag: { dagId: 'recovers' } } })).toMatchObject({ state: 'resolved', resolvingDagRunId: run.id });
  });

  it.each([
    ['a Slack 429, after its Retry-After', { kind: 'ratelimited', retryAfterSeconds: 1 } as const],
    ['a Slack 500', { kind: 'server_error' } as const],
  ])('delivers the alert after %s', async (_what, fault) => {
    const dagId = fault.kind === 'ratelimited' ? 'rate_limited' : 'slack_down';
    slack.failNext(1, fault);
    await failingRun(dagId);
    const [delivery] = await settled(dagId, 1);
    expect(delivery).toMatchObject({ state: 'sent', attempts: 2 });
    expect(delivery!.lastError).toBeNull();
    expect(slack.calls.filter((call) => call.method === 'chat.postMessage').map((call) => call.status)).toEqual([fault.kind === 'ratelimited' ? 429 : 500, 200]);
  });

  it('threads a later alert under the first one posted, even when an alert created before it waits in a digest', async () => {
    // A storm decides in the order transactions take the incident's lock, and createdAt is each
    // transaction's start: an alert created earlier can be the one the storm limit held back.
    await failingRun('thread_order');
    const [posted] = await settled('thread_order', 1);
    const postedRef = (await database.db.alertDelivery.findFirstOrThrow({ where: { id: posted!.id } })).externalRef as { ts: string };
    const { id: _id, createdAt, sentAt: _sentAt, updatedAt: _updatedAt, externalRef: _ref, responseMs: _ms, ...row } = posted!;
    const message = row.message as object;
    await database.db.alertDelivery.create({ data: { ...row, message, dedupeKey: 'held-back', state: 'digested', attempts: 0, createdAt: new Date(createdAt.getTime() - 60_000) } });
    const later = await database.db.alertDelivery.create({ data: { ...row, message, dedupeKey: 'later', state: 'pending', attempts: 0 } });
    const boss = await startBoss(database.url, { supervise: false });
    try {
      await sendJob(boss, 'alert.deliver', { deliveryId: later.id });
      await waitFor(async () => (await database.db.alertDelivery.findUniqueOrThrow({ where: { id: later.id } })).state === 'sent', { timeoutMs: 30_000, what: 'the later alert to be sent' });
    } finally {
      await boss.stop({ graceful: false });
    }
    expect(posts().map((post) => post.args.thread_ts)).toEqual([undefined, postedRef.ts]);
  });

  it('mails the spec’s email addresses, as Airflow’s email_on_failure does', async () => {
    await failingRun('mailed', ', email: [oncall@example.com], on_failure: []');
    const [delivery] = await settled('mailed', 1);
    expect(delivery).toMatchObject({ kind: 'failure', state: 'sent', target: 'email:oncall@example.com' });
    const mail = smtp.messages.find((message) => message.to.includes('oncall@example.com'))!;
    expect(decodeMimeWords(mail.header('Subject') ?? '')).toBe('❌ mailed.flaky failed (try 2 of 2) · acme');
    expect(mail.decoded).toContain('boom');
    expect(posts()).toEqual([]);
  });

  it('alerts once when a run is not finished its sla after it was due', async () => {
    await deployUnpaused(database.db, workspaceId, `
dag_id: slow_nightly
sla: 2s
tasks:
  - { task_id: crawl, type: bash, bash_command: "sleep 30" }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'slow_nightly' });
    const [delivery] = await settled('slow_nightly', 1);
    expect(delivery).toMatchObject({ kind: 'sla', state: 'sent', dagRunId: run.id });
    expect(String(posts()[0]!.args.text)).toContain('⏰ slow_nightly missed its SLA · acme');
    await setDagRunState(ctx(), { dagId: 'slow_nightly', runId: run.runId, state: 'failed' });
  });

  it('sends nothing to a paused channel, and records the alert as skipped', async () => {
    await database.db.alertChannel.updateMany({ where: { workspaceId, name: 'oncall' }, data: { isPaused: true } });
    await failingRun('paused_channel');
    const [delivery] = await settled('paused_channel', 1);
    expect(delivery).toMatchObject({ state: 'skipped', lastError: 'The channel is paused.' });
    expect(posts()).toEqual([]);
  });

  it('turns a storm of 50 failures into 10 alerts and one digest', async () => {
    // A channel of its own: the storm limit counts every alert to the channel in the last 5 minutes.
    await createAlertChannel(ctx(), new SecretBox(engine.secretKey), { name: 'storm-room', type: 'slack', config: { token: 'xoxb-test-token', channel: 'C0STORM' } });
    const tasks = Array.from({ length: 50 }, (_, i) => `  - { task_id: t${i}, type: bash, bash_command: "exit 1" }`).join('\n');
    await deployUnpaused(database.db, workspaceId, `dag_id: storm\ndefault_args: { on_failure: storm-room }\ntasks:\n${tasks}\n`);
    const run = await triggerDagRun(ctx(), { dagId: 'storm' });
    await waitForRun(database.db, run.id, 120_000);
    const rows = await settled('storm', 50).catch(async (error: unknown) => {
      const states = await database.db.alertDelivery.groupBy({ by: ['state', 'kind', 'attempts'], where: { workspaceId }, _count: true });
      throw new Error(`${String(error)}\n${JSON.stringify(states)}\n${engine.output().split('\n').filter((l) => /alert|error/i.test(l)).slice(-30).join('\n')}`);
    });
    // A digest collects for TRIBUTARY_ALERT_DIGEST_SECONDS; a storm that outlasts it (a slow machine) goes on in the next one.
    const digests = rows.filter((row) => row.kind === 'digest');
    expect(digests.length).toBeGreaterThanOrEqual(1);
    expect(digests.every((row) => row.state === 'sent')).toBe(true);
    expect(rows.filter((row) => row.kind === 'failure' && row.state === 'sent')).toHaveLength(10);
    expect(rows.filter((row) => row.state === 'digested' && digests.some((digest) => digest.id === row.digestId))).toHaveLength(40);
    expect(posts()).toHaveLength(10 + digests.length);
    const digestPosts = posts().map((post) => /(\d+) more failures? in storm/.exec(String(post.args.text))).filter((match) => match !== null);
    expect(digestPosts.reduce((sum, match) => sum + Number(match[1]), 0)).toBe(40);
    // The incident's later alerts thread under its first message.
    expect(posts().filter((post) => post.args.channel === 'C0STORM' && post.args.thread_ts === undefined)).toHaveLength(1 + digests.length);
    expect(await database.db.incident.findFirstOrThrow({ where: { workspaceId, dag: { dagId: 'storm' } } })).toMatchObject({ failureCount: 50 });
  });
});
