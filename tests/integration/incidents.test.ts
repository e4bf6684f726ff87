import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../../cli/testing/run-cli';
import { SecretBox } from '../../server/auth/secret-box';
import { createAlertChannel } from '../../server/services/alert-channels/create-alert-channel';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { clearTaskInstances } from '../../server/services/task-instances/clear-task-instances';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { createWorkspace, deployUnpaused, waitForRun } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { restClient, tokenFor } from '../support/rest-client';
import { startRestServer } from '../support/rest-server';
import { startSlackStandIn, type TSlackStandIn } from '../support/slack-stand-in';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';
import { codeOf } from '../support/trpc-code';

const spec = (dagId: string, command: string) => `
dag_id: ${dagId}
tasks:
  - task_id: load
    type: bash
    bash_command: "${command}"
    outputs: [warehouse.public.${dagId}]
`;

/**
 * Incidents through the real engine and the real alert relay: failures open and join them, a
 * successful run resolves them with a pre-filled post-mortem; people acknowledge, resolve,
 * write post-mortems and notes through tRPC, REST and the CLI.
 */
describe('incidents and post-mortems', () => {
  let database: TTestDatabase;
  let workspaceId: string;
  let engine: TestEngine;
  let slack: TSlackStandIn;
  let rest: { url: string; close: () => Promise<void> };
  const users: Record<'editor' | 'viewer' | 'outsider', TTRPCContext['user']> = { editor: null, viewer: null, outsider: null };
  const tokens = { editor: '', viewer: '', stranger: '' };
  const as = (user: TTRPCContext['user']) => createCaller({ db: database.db, user, workspaceSlug: 'team' });
  const api = (token: keyof typeof tokens) => restClient(rest.url, tokens[token]);
  const ctx = (label = 'test') => systemContext(database.db, workspaceId, label);
  const incidentOf = (dagId: string, where: Record<string, unknown> = {}) =>
    waitFor(() => database.db.incident.findFirst({ where: { workspaceId, dag: { dagId }, ...where }, orderBy: { openedAt: 'desc' } }), { timeoutMs: 30_000, what: `an incident of ${dagId}` });
  const failedRun = async (dagId: string, day: number) => {
    const run = await triggerDagRun(ctx(), { dagId, logicalDate: new Date(Date.UTC(2026, 0, day)) });
    expect((await waitForRun(database.db, run.id)).run.state).toBe('failed');
    return run;
  };

  beforeAll(async () => {
    database = await createTestDatabase('incidents');
    workspaceId = (await createWorkspace(database.db, 'team')).id;
    const elsewhere = await createWorkspace(database.db, 'elsewhere');
    // Every incident needs a post-mortem here: any open time is past a threshold of 0 minutes.
    await database.db.workspace.update({ where: { id: workspaceId }, data: { postmortemAfterMinutes: 0 } });
    slack = await startSlackStandIn({ channels: { '#data-alerts': 'C0ALERTS' } });
    engine = new TestEngine(database.url, { SLACK_API_URL: slack.url, TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${slack.port}` });
    const box = new SecretBox(engine.secretKey);
    await createConnection(ctx(), box, { connId: 'warehouse', connType: 'postgres', host: '127.0.0.1', port: 5432, schema: 'warehouse' });
    await createAlertChannel(ctx(), box, { name: 'oncall', type: 'slack', config: { token: 'xoxb-test-token', channel: '#data-alerts' }, isDefault: true });
    for (const [key, id, role] of [['editor', workspaceId, 'editor'], ['viewer', workspaceId, 'viewer'], ['outsider', elsewhere.id, 'owner']] as const) {
      const user = await database.db.user.create({ data: { email: `${key}@example.com`, name: key } });
      await database.db.membership.create({ data: { workspaceId: id, userId: user.id, role } });
      users[key] = { id: user.id, email: user.email, name: user.name };
    }
    tokens.editor = await tokenFor(database.db, workspaceId, 'editor');
    tokens.viewer = await tokenFor(database.db, workspaceId, 'viewer');
    tokens.stranger = await tokenFor(database.db, elsewhere.id, 'owner');
    rest = await startRestServer(database.db);
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine?.stop('SIGKILL');
    await slack?.close();
    await rest?.close();
    await database?.drop();
  });

  it('opens on a failure, joins the next, is acknowledged once, and resolves with a pre-filled post-mortem', async () => {
    await deployUnpaused(database.db, workspaceId, spec('orders', "echo 'boom' >&2; exit 3"));
    const first = await failedRun('orders', 1);
    const opened = await incidentOf('orders');
    expect(opened).toMatchObject({ state: 'open', failureCount: 1, firstDagRunId: first.id });
    const second = await failedRun('orders', 2);
    await incidentOf('orders', { failureCount: 2 });

    const incident = await as(users.editor).incidents.acknowledge({ id: opened.id });
    expect(incident).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'editor@example.com', postmortemState: 'none' });
    expect(incident.ttaSeconds).toBeGreaterThanOrEqual(0);
    await expect(as(users.editor).incidents.acknowledge({ id: opened.id })).rejects.toThrow(/already acknowledged by editor@example\.com/);
    expect(await codeOf(as(users.viewer).incidents.acknowledge({ id: opened.id }))).toBe('FORBIDDEN');
    expect(await codeOf(as(users.outsider).incidents.get({ id: opened.id }))).toBe('NOT_FOUND');

    // The fix: a new version, then bob clears the first failed run, which now succeeds.
    await deployDag(ctx(), { source: spec('orders', 'echo fixed') });
    await clearTaskInstances(ctx('bob@example.com'), {
      dagId: 'orders', dagRunId: first.runId, taskIds: ['load'], dryRun: false, resetDagRuns: true, useLatestVersion: true,
      onlyFailed: false, onlyRunning: false, includeUpstream: false, includeDownstream: false,
    });
    const resolved = await incidentOf('orders', { state: 'resolved' });
    expect(resolved).toMatchObject({ resolvingDagRunId: first.id, openKey: null, postmortemRequired: true });

    const detail = await as(users.viewer).incidents.get({ id: opened.id });
    expect(detail).toMatchObject({ state: 'resolved', failureCount: 2, firstRun: { runId: first.runId }, resolvingRun: { runId: first.runId }, postmortemState: 'draft', postmortemPending: true });
    const kinds = detail.timeline.map((entry) => entry.kind);
    expect(kinds.slice(0, 2)).toEqual(['failure', 'opened']);
    expect(kinds).toEqual(expect.arrayContaining(['alert', 'acknowledged', 'clear', 'run', 'resolved']));
    // Only the recovery alert, sent once resolved, may follow the resolution.
    expect(kinds.filter((kind) => kind !== 'alert').at(-1)).toBe('resolved');
    const failure = detail.timeline[0]!;
    expect(failure).toMatchObject({ text: `load in ${first.runId} failed (try 1)`, link: `/w/team/dags/orders/runs/${encodeURIComponent(first.runId)}/tasks/load?try=1` });
    expect(detail.timeline.find((entry) => entry.kind === 'clear')).toMatchObject({ actor: 'bob@example.com', text: `load in ${first.runId} cleared by bob@example.com` });

    const draft = await as(users.viewer).incidents.postmortem({ id: opened.id });
    expect(draft).toMatchObject({ isDraft: true, author: null });
    const markdown = draft!.markdown;
    expect(markdown).toMatch(new RegExp(`- \\d{4}-.* UTC: load in ${escape(first.runId)} failed \\(try 1\\)`));
    expect(markdown).toContain('Failure alert to oncall sent (1 attempt)');
    expect(markdown).toContain(`load in ${first.runId} cleared by bob@example.com`);
    expect(markdown).toContain(`Run ${first.runId} succeeded: recovered`);
    expect(markdown).toContain(`- 2026-01-01 00:00:00 UTC (\`${first.runId}\`): re-run`);
    expect(markdown).toContain(`- 2026-01-02 00:00:00 UTC (\`${second.runId}\`): not re-run`);
    expect(markdown).toContain('- `load`: `warehouse.public.orders`');
    expect(markdown).toContain('(version 1 → 2)');
    expect(markdown).toMatch(/^-\s+bash_command: "echo 'boom' >&2; exit 3"$/m);
    expect(markdown).toContain(`tributary tasks clear orders -r ${first.runId} -t load -y`);
  }, 120_000);

  it('keeps every save of a post-mortem as a revision, and finds the incident by its words', async () => {
    const [incident] = (await as(users.viewer).incidents.list({ dagId: 'orders' })).items;
    const id = incident!.id;
    expect(await codeOf(as(users.viewer).incidents.savePostmortem({ id, markdown: 'no', isDraft: false }))).toBe('FORBIDDEN');
    await as(users.editor).incidents.savePostmortem({ id, markdown: '# Orders\n\nA thundering herd of retries.', isDraft: true });
    const written = await as(users.editor).incidents.savePostmortem({ id, markdown: '# Orders\n\nA thundering herd of retries overloaded the warehouse.', isDraft: false });
    expect(written).toMatchObject({ isDraft: false, author: 'editor@example.com' });
    expect(written.revisions.map((revision) => revision.author)).toEqual(['editor@example.com', 'editor@example.com', null]);
    const original = await as(users.viewer).incidents.revision({ id, revisionId: written.revisions[2]!.id });
    expect(original.markdown).toContain('# Post-mortem: orders is failing');
    await expect(as(users.editor).incidents.savePostmortem({ id, markdown: 'x'.repeat(200_001), isDraft: true })).rejects.toThrow(/markdown is 200,001 characters; the limit is 200,000/);

    expect((await as(users.viewer).incidents.list({ q: 'thundering warehouse' })).items.map((item) => item.id)).toEqual([id]);
    expect((await as(users.viewer).incidents.list({ q: 'ord' })).items.map((item) => item.id)).toEqual([id]);
    expect((await as(users.viewer).incidents.list({ q: 'avalanche' })).total).toBe(0);
    expect((await as(users.viewer).incidents.list({ postmortemPending: true })).items.map((item) => item.id)).not.toContain(id);
    const [stats] = await as(users.viewer).incidents.statsByDag({});
    expect(stats).toMatchObject({ dagId: 'orders', incidents: 1, open: 0, acknowledged: 0 });
    expect(stats!.ttrSecondsSum).toBeGreaterThanOrEqual(stats!.ttaSecondsSum);
  });

  it('is acknowledged and resolved by hand over REST, hidden from other workspaces, and listed by the CLI', async () => {
    await deployUnpaused(database.db, workspaceId, spec('billing', 'exit 1'));
    await failedRun('billing', 1);
    const { id } = await incidentOf('billing');
    const path = `/incidents/${id}`;
    for (const [method, url, body] of [['GET', path], ['PATCH', path, { state: 'resolved' }], ['GET', `${path}/postmortem`], ['PUT', `${path}/postmortem`, { markdown: 'x' }]] as const) {
      expect((await api('stranger')(method, url, body)).status, `${method} ${url} from another workspace`).toBe(404);
    }
    expect((await api('stranger')('GET', '/incidents')).body.total_entries).toBe(0);
    expect((await api('viewer')('PATCH', path, { state: 'acknowledged' })).status).toBe(403);
    expect((await api('editor')('PATCH', path, { state: 'acknowledged' })).body).toMatchObject({ state: 'acknowledged', acknowledged_by: expect.stringMatching(/^token editor token \(\S+…\)$/) });
    const again = await api('editor')('PATCH', path, { state: 'acknowledged' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already acknowledged by token editor token/);
    expect((await api('editor')('GET', `${path}/postmortem`)).status).toBe(404);

    const resolved = await api('editor')('PATCH', path, { state: 'resolved' });
    expect(resolved.body).toMatchObject({ state: 'resolved', resolved_by: expect.stringMatching(/^token editor token/), postmortem_state: 'draft', postmortem_pending: true });
    expect(resolved.body.timeline.at(-1)).toMatchObject({ kind: 'resolved', text: expect.stringMatching(/^Resolved by token editor token/) });
    expect((await api('editor')('PATCH', path, { state: 'resolved' })).status).toBe(409);
    expect((await api('editor')('GET', `${path}/postmortem`)).body).toMatchObject({ is_draft: true, author: null, markdown: expect.stringContaining('`billing` was failing from') });
    expect((await api('viewer')('PUT', `${path}/postmortem`, { markdown: 'x' })).status).toBe(403);
    const put = await api('editor')('PUT', `${path}/postmortem`, { markdown: '# Billing\n\nWritten.', is_draft: false });
    expect(put.body).toMatchObject({ is_draft: false, author: expect.stringMatching(/^token editor token/) });
    expect(put.body.revisions).toHaveLength(2);

    // Resolved by hand, the incident let go of the DAG: its next failure opens a new one.
    await failedRun('billing', 2);
    await incidentOf('billing', { state: 'open' });
    const list = await api('viewer')('GET', '/incidents?dag_id=billing');
    expect(list.body.incidents.map((item: { state: string }) => item.state)).toEqual(['open', 'resolved']);
    expect((await api('viewer')('GET', '/incidents?state=nope')).body.detail).toMatch(/state must be one of: open, acknowledged, resolved/);

    const cli = await runCli(['incidents', 'list', '--dag', 'billing', '--state', 'resolved', '--json'], { TRIBUTARY_URL: rest.url, TRIBUTARY_TOKEN: tokens.viewer });
    expect(parseJson<{ incidents: Array<{ id: string }> }>(cli).incidents.map((item) => item.id)).toEqual([id]);
    const table = await runCli(['incidents', 'list', '--state', 'open'], { TRIBUTARY_URL: rest.url, TRIBUTARY_TOKEN: tokens.viewer });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/billing\s+open/);
  }, 120_000);

  it('takes notes on runs and task instances through REST PATCH and tRPC', async () => {
    const run = await database.db.dagRun.findFirstOrThrow({ where: { workspaceId, dag: { dagId: 'billing' } }, orderBy: { logicalDate: 'asc' } });
    const runPath = `/dags/billing/dagRuns/${encodeURIComponent(run.runId)}`;
    const patched = await api('editor')('PATCH', runPath, { note: '  Paused upstream feed.  ' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ dag_run_id: run.runId, state: 'failed', note: 'Paused upstream feed.' });
    expect((await api('viewer')('GET', runPath)).body.note).toBe('Paused upstream feed.');
    expect((await api('viewer')('PATCH', runPath, { note: 'x' })).status).toBe(403);
    const tooLong = await api('editor')('PATCH', runPath, { note: 'x'.repeat(1_001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ path: 'note', message: expect.stringMatching(/limit is 1,000/) })]);
    expect((await api('editor')('PATCH', runPath, {})).status).toBe(400);
    expect((await api('stranger')('PATCH', runPath, { note: 'x' })).status).toBe(404);

    const tiPath = `${runPath}/taskInstances/load`;
    expect((await api('editor')('PATCH', tiPath, { note: 'Exit 1 is the feed being late.' })).body.task_instances).toEqual([
      expect.objectContaining({ task_id: 'load', state: 'failed', note: 'Exit 1 is the feed being late.' }),
    ]);
    expect((await api('viewer')('GET', tiPath)).body.note).toBe('Exit 1 is the feed being late.');

    await as(users.editor).runs.setNote({ dagId: 'billing', runId: run.runId, note: 'Re-run after the feed caught up.' });
    await as(users.editor).taskInstances.setNote({ dagId: 'billing', runId: run.runId, taskId: 'load', note: null });
    expect(await database.db.dagRun.findUniqueOrThrow({ where: { id: run.id }, select: { note: true } })).toEqual({ note: 'Re-run after the feed caught up.' });
    expect((await database.db.taskInstance.findFirstOrThrow({ where: { dagRunId: run.id, taskId: 'load' } })).note).toBeNull();
    expect(await codeOf(as(users.viewer).runs.setNote({ dagId: 'billing', runId: run.runId, note: 'x' }))).toBe('FORBIDDEN');
    const audit = await database.db.auditLog.findMany({ where: { workspaceId, action: { in: ['dag_run.note', 'task_instance.note'] } } });
    expect(audit.map((entry) => entry.action).sort()).toEqual(['dag_run.note', 'dag_run.note', 'task_instance.note', 'task_instance.note']);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
