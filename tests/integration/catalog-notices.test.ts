import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { createAlertChannel } from '../../server/services/alert-channels/create-alert-channel';
import { deprecateDataset, undeprecateDataset } from '../../server/services/catalog/deprecate-dataset';
import { updateDataset } from '../../server/services/catalog/update-dataset';
import { systemContext } from '../../server/services/context';
import { deployUnpaused } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';
import { startSlackStandIn, type TSlackStandIn } from '../support/slack-stand-in';
import { waitFor } from '../support/test-database';

/** Deprecation notices and review asks sent by the catalog loop of the real scheduler process, to a Slack stand-in. */
describe('data catalog: deprecation notices and review asks', () => {
  let rest: TRestFixture;
  let engine: TestEngine;
  let slack: TSlackStandIn;
  const db = () => rest.database.db;
  const ctx = () => systemContext(db(), rest.workspaceId, 'test');

  beforeAll(async () => {
    rest = await startRestFixture('catalog_notices');
    await db().connection.create({ data: { workspaceId: rest.workspaceId, connId: 'wh', connType: 'postgres', host: 'warehouse.internal', port: 5432, schema: 'analytics' } });
    slack = await startSlackStandIn({ channels: { '#data-alerts': 'C0ALERTS', '#reports': 'C0REPORTS' } });
    engine = new TestEngine(rest.database.url, {
      SLACK_API_URL: slack.url,
      TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(rest.database.url)},127.0.0.1:${slack.port}`,
    });
    const box = new SecretBox(engine.secretKey);
    await createAlertChannel(ctx(), box, { name: 'oncall', type: 'slack', config: { token: 'xoxb-test-token', channel: '#data-alerts' }, isDefault: true });
    await createAlertChannel(ctx(), box, { name: 'reports-room', type: 'slack', config: { token: 'xoxb-test-token', channel: '#reports' }, isDefault: false });
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine?.stop('SIGKILL');
    await slack?.close();
    await rest?.close();
  });

  const datasetId = async (connId: string, name: string) =>
    (await db().dataset.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, connId, name } })).id;
  const posts = (text: string) => slack.calls.filter((call) => call.method === 'chat.postMessage' && String(call.args.text).includes(text));
  const deliveries = (kind: string, datasetIdValue: string) =>
    db().alertDelivery.count({ where: { workspaceId: rest.workspaceId, kind, dedupeKey: { contains: datasetIdValue } } });

  /**
   * A whole notice pass ran after this call: a marker deprecated now is announced by a pass that
   * started later; a second marker deprecated after that is announced by the pass after it, which
   * began only once the first pass (its review asks included) had finished.
   */
  let markers = 0;
  const aNoticePassRan = async () => {
    for (let i = 0; i < 2; i += 1) {
      markers += 1;
      await deployUnpaused(db(), rest.workspaceId, `dag_id: marker_${markers}\ntasks:\n  - { task_id: w, type: bash, bash_command: "exit 0", outputs: [wh.public.marker_${markers}] }\n`);
      const id = await datasetId('wh', `public.marker_${markers}`);
      await deprecateDataset(ctx(), { id, note: null });
      await waitFor(async () => (await db().dataset.findUniqueOrThrow({ where: { id } })).deprecationNotifiedAt !== null, { what: `marker ${markers} announced`, timeoutMs: 30_000 });
    }
  };

  it("tells each DAG that reads a deprecated dataset through that DAG's on_failure channels, once", async () => {
    await deployUnpaused(db(), rest.workspaceId, `
dag_id: orders_report
default_args: { on_failure: [reports-room] }
tasks:
  - { task_id: read, type: bash, bash_command: "exit 0", inputs: [wh.public.orders] }
`);
    const id = await datasetId('wh', 'public.orders');
    await deprecateDataset(ctx(), { id, note: 'use wh.public.orders_v2' });

    const post = await waitFor(async () => posts('wh.public.orders is deprecated')[0], { what: 'the deprecation notice', timeoutMs: 30_000 });
    expect(post.args.channel).toBe('#reports');
    expect(String(post.args.text)).toMatch(/^⚠️ wh\.public\.orders is deprecated — read by orders_report · /);
    expect(String(post.args.text)).toContain('Note: use wh.public.orders_v2');
    expect(String(post.args.text)).toContain(`/datasets/${id}`);

    // Deprecating again edits the note; the consumers were already told.
    await deprecateDataset(ctx(), { id, note: 'use wh.public.orders_v3' });
    await aNoticePassRan();
    expect(await deliveries('deprecation', id)).toBe(1);
    expect(posts('wh.public.orders is deprecated')).toHaveLength(1);

    // Taken back, then deprecated anew: that deprecation is announced too.
    await undeprecateDataset(ctx(), { id });
    expect(await db().dataset.findUniqueOrThrow({ where: { id } })).toMatchObject({ deprecatedAt: null, deprecationNote: null, deprecationNotifiedAt: null });
    await deprecateDataset(ctx(), { id, note: 'gone for good' });
    await waitFor(async () => posts('wh.public.orders is deprecated').length === 2, { what: 'the second deprecation notice', timeoutMs: 30_000 });
    expect(String(posts('wh.public.orders is deprecated')[1]!.args.text)).toContain('Note: gone for good');
  });

  it('asks the producer whether a dataset whose review date passed is still needed, once, and not again after "keep"', async () => {
    await deployUnpaused(db(), rest.workspaceId, `
dag_id: legacy_load
tasks:
  - { task_id: write, type: bash, bash_command: "exit 0", outputs: [wh.public.legacy] }
`);
    const id = await datasetId('wh', 'public.legacy');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await updateDataset(ctx(), id, { requested_by: 'bob@example.com', requested_reason: 'finance report', review_after: yesterday });

    const post = await waitFor(async () => posts('Is wh.public.legacy still needed?')[0], { what: 'the review ask', timeoutMs: 30_000 });
    expect(post.args.channel).toBe('#data-alerts');
    expect(String(post.args.text)).toContain(`Requested by bob@example.com (reason: finance report), review was due ${yesterday}.`);
    expect(String(post.args.text)).toContain(`/datasets/${id}`);
    expect((await db().dataset.findUniqueOrThrow({ where: { id } })).reviewAskedAt).not.toBeNull();

    await aNoticePassRan();
    expect(await deliveries('review', id)).toBe(1);

    // "Keep — review again in 90 days": a future date is not due.
    const later = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await updateDataset(ctx(), id, { review_after: later });
    await aNoticePassRan();
    expect(await deliveries('review', id)).toBe(1);
    expect(posts('Is wh.public.legacy still needed?')).toHaveLength(1);
  });

  it('lists datasets by tag over REST', async () => {
    await deployUnpaused(db(), rest.workspaceId, `
dag_id: tagged_load
tasks:
  - { task_id: write, type: bash, bash_command: "exit 0", outputs: [wh.public.tagged_a, wh.public.tagged_b] }
`);
    await updateDataset(ctx(), await datasetId('wh', 'public.tagged_a'), { tags: ['finance'] });
    const response = await rest.viewer('GET', '/datasets?tag=finance');
    expect(response.status).toBe(200);
    const body = response.body as { datasets: { dataset: string }[]; total_entries: number };
    expect(body.datasets.map((dataset) => dataset.dataset)).toEqual(['wh.public.tagged_a']);
    expect(body.total_entries).toBe(1);
  });
});
