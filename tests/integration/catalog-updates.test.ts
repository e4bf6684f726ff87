import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { createAlertChannel } from '../../server/services/alert-channels/create-alert-channel';
import { getDagDatasetSchedule } from '../../server/services/catalog/get-dag-dataset-schedule';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { deployUnpaused, waitForRun } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';
import { startSlackStandIn, type TSlackStandIn } from '../support/slack-stand-in';
import { waitFor } from '../support/test-database';

/** Dataset updates, DAGs scheduled on datasets and freshness, with the real scheduler and worker processes. */
describe('data catalog: updates, dataset-scheduled DAGs and freshness', () => {
  let rest: TRestFixture;
  let engine: TestEngine;
  let slack: TSlackStandIn;
  const db = () => rest.database.db;
  const ctx = () => systemContext(db(), rest.workspaceId, 'test');

  beforeAll(async () => {
    rest = await startRestFixture('catalog_updates');
    await rest.database.db.connection.create({
      data: { workspaceId: rest.workspaceId, connId: 'wh', connType: 'postgres', host: 'warehouse.internal', port: 5432, schema: 'analytics' },
    });
    slack = await startSlackStandIn({ channels: { '#data-alerts': 'C0ALERTS' } });
    engine = new TestEngine(rest.database.url, {
      SLACK_API_URL: slack.url,
      TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(rest.database.url)},127.0.0.1:${slack.port}`,
    });
    await createAlertChannel(systemContext(db(), rest.workspaceId, 'test'), new SecretBox(engine.secretKey), {
      name: 'oncall', type: 'slack', config: { token: 'xoxb-test-token', channel: '#data-alerts' }, isDefault: true,
    });
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine?.stop('SIGKILL');
    await slack?.close();
    await rest?.close();
  });

  const datasetId = async (shortForm: string) => {
    const [connId, ...table] = shortForm.split('.');
    const found = await db().dataset.findFirst({ where: { workspaceId: rest.workspaceId, connId, name: table.join('.') } });
    expect(found, `${shortForm} is registered`).not.toBeNull();
    return found!.id;
  };
  const eventsOf = async (shortForm: string) => db().datasetEvent.findMany({ where: { datasetId: await datasetId(shortForm) }, orderBy: { createdAt: 'asc' } });
  const producer = (dagId: string, output: string, command = 'exit 0') => `
dag_id: ${dagId}
tasks:
  - { task_id: write, type: bash, bash_command: "${command}", outputs: [${output}] }
`;
  const runProducer = async (dagId: string) => waitForRun(db(), (await triggerDagRun(ctx(), { dagId })).id);
  const runsOf = (dagId: string) => db().dagRun.findMany({ where: { dag: { dagId, workspaceId: rest.workspaceId } }, orderBy: { queuedAt: 'asc' } });
  /** A scheduler tick has passed since now: a manual run of a marker DAG only starts in a tick (after the tick's dataset step). */
  let ticks = 0;
  const aTickPassed = async () => {
    // A run id and logical date that say which tick it marks.
    ticks += 1;
    const run = await triggerDagRun(ctx(), { dagId: 'tick_marker', dagRunId: `tick_${ticks}`, logicalDate: new Date(Date.UTC(2020, 0, 1, 0, 0, ticks)) });
    await waitForRun(db(), run.id);
  };
  const postEvent = (dataset: string, extra: Record<string, unknown> = {}) => rest.editor('POST', '/datasets/events', { dataset, extra });

  beforeAll(async () => {
    await deployUnpaused(db(), rest.workspaceId, 'dag_id: tick_marker\ntasks: [{task_id: t, type: empty}]\n');
  });

  it('records a dataset update when a producing task succeeds, and none when it fails', async () => {
    await deployUnpaused(db(), rest.workspaceId, producer('orders_failing', 'wh.public.broken', 'exit 1'));
    await deployUnpaused(db(), rest.workspaceId, producer('orders_load', 'wh.public.orders'));
    const failed = await runProducer('orders_failing');
    expect(failed.run.state).toBe('failed');
    const { run } = await runProducer('orders_load');
    expect(run.state).toBe('success');

    const [event, ...more] = await waitFor(async () => {
      const events = await eventsOf('wh.public.orders');
      return events.length > 0 ? events : null;
    }, { what: 'the update of wh.public.orders' });
    expect(more).toEqual([]);
    expect(event).toMatchObject({ source: 'task', dagRunId: run.id, taskId: 'write', tryNumber: 1 });
    const dataset = await db().dataset.findUniqueOrThrow({ where: { id: event!.datasetId } });
    expect(dataset.lastUpdateEventId).toBe(event!.id);
    expect(dataset.lastUpdatedAt).toEqual(event!.createdAt);
    // The failed run's events came before the successful one's: the relay has read past them.
    expect(await eventsOf('wh.public.broken')).toEqual([]);

    const listed = await rest.viewer('GET', `/datasets/${dataset.id}/events`);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.dataset_events).toEqual([expect.objectContaining({ source: 'task', source_dag_id: 'orders_load', source_run_id: run.runId, source_task_id: 'write', try_number: 1 })]);
  });

  it('takes updates from outside: an editor may send one, a viewer may not, another workspace sees no such dataset', async () => {
    const sent = await postEvent('wh.public.orders', { rows: 12 });
    expect(sent.status, sent.text).toBe(201);
    expect(sent.body).toMatchObject({ source: 'api', extra: { rows: 12 } });
    const event = await db().datasetEvent.findUniqueOrThrow({ where: { id: sent.body.id } });
    expect(event).toMatchObject({ source: 'api', actor: expect.any(String), extra: { rows: 12 }, dagRunId: null });
    expect((await db().dataset.findUniqueOrThrow({ where: { id: event.datasetId } })).lastUpdateEventId).toBe(event.id);

    const byId = await rest.editor('POST', '/datasets/events', { dataset_id: event.datasetId });
    expect(byId.status, byId.text).toBe(201);
    expect((await rest.viewer('POST', '/datasets/events', { dataset: 'wh.public.orders' })).status).toBe(403);
    expect((await rest.stranger('POST', '/datasets/events', { dataset: 'wh.public.orders' })).status).toBe(404);
    expect((await rest.stranger('POST', '/datasets/events', { dataset_id: event.datasetId })).status).toBe(404);
    expect((await rest.editor('POST', '/datasets/events', { dataset: 'wh.public.nothing_here' })).status).toBe(404);
    expect((await rest.editor('POST', '/datasets/events', {})).status).toBe(400);
  });

  it('runs a DAG scheduled on two datasets once both were updated, not after one, and hands it the triggering events', async () => {
    await deployUnpaused(db(), rest.workspaceId, producer('load_a', 'wh.public.input_a'));
    await deployUnpaused(db(), rest.workspaceId, `
dag_id: consumer_all
schedule:
  datasets: [wh.public.input_a, wh.public.input_b]
tasks:
  - task_id: report
    type: bash
    bash_command: "echo {{ triggering_dataset_events['wh.public.input_b'][0].extra.batch }} from {{ triggering_dataset_events['wh.public.input_a'][0].source_dag_id }}"
`);
    await runProducer('load_a');
    await waitFor(async () => (await eventsOf('wh.public.input_a')).length > 0, { what: 'the update of input_a' });
    await aTickPassed();
    expect(await runsOf('consumer_all')).toEqual([]);
    const waiting = await getDagDatasetSchedule(ctx(), 'consumer_all');
    expect(waiting).toMatchObject({ kind: 'condition', op: 'all', satisfied: false });
    expect(waiting!.items.map((item) => item.kind === 'dataset' && [item.dataset, item.updated])).toEqual([['wh.public.input_a', true], ['wh.public.input_b', false]]);

    expect((await postEvent('wh.public.input_b', { batch: 'b42' })).status).toBe(201);
    const [run] = await waitFor(async () => {
      const runs = await runsOf('consumer_all');
      return runs.length > 0 ? runs : null;
    }, { what: 'the dataset-triggered run' });
    expect(run!.runType).toBe('dataset_triggered');
    const finished = await waitForRun(db(), run!.id);
    expect(finished.run.state).toBe('success');
    expect(finished.instances[0]!.renderedFields).toMatchObject({ bash_command: 'echo b42 from load_a' });
    expect(await db().dagRunDatasetEvent.count({ where: { dagRunId: run!.id } })).toBe(2);
    await aTickPassed();
    expect(await runsOf('consumer_all')).toHaveLength(1);
    expect((await getDagDatasetSchedule(ctx(), 'consumer_all'))!.items.every((item) => item.kind === 'dataset' && !item.updated)).toBe(true);
    expect(await getDagDatasetSchedule(ctx(), 'load_a')).toBeNull();
  });

  it('collapses many updates of both datasets into one run', async () => {
    await db().dag.updateMany({ where: { dagId: 'consumer_all', workspaceId: rest.workspaceId }, data: { isPaused: true } });
    for (let i = 0; i < 3; i += 1) {
      expect((await postEvent('wh.public.input_a', { i })).status).toBe(201);
      expect((await postEvent('wh.public.input_b', { i })).status).toBe(201);
    }
    await db().dag.updateMany({ where: { dagId: 'consumer_all', workspaceId: rest.workspaceId }, data: { isPaused: false } });
    const runs = await waitFor(async () => {
      const found = await runsOf('consumer_all');
      return found.length === 2 ? found : null;
    }, { what: 'the second dataset-triggered run' });
    expect(await db().dagRunDatasetEvent.count({ where: { dagRunId: runs[1]!.id } })).toBe(6);
    await aTickPassed();
    expect(await runsOf('consumer_all')).toHaveLength(2);
  });

  it('runs a DAG scheduled on any of its datasets after one update', async () => {
    await deployUnpaused(db(), rest.workspaceId, `
dag_id: consumer_any
schedule:
  datasets:
    any: [wh.public.any_a, wh.public.any_b]
tasks: [{task_id: t, type: empty}]
`);
    expect((await postEvent('wh.public.any_b')).status).toBe(201);
    const [run, ...more] = await waitFor(async () => {
      const runs = await runsOf('consumer_any');
      return runs.length > 0 ? runs : null;
    }, { what: 'the run of consumer_any' });
    expect(more).toEqual([]);
    expect(run!.runType).toBe('dataset_triggered');
  });

  it('turns a dataset late when its producer misses a run, alerting once, and fresh again quietly after an update', async () => {
    await deployUnpaused(db(), rest.workspaceId, producer('hourly_load', 'wh.public.hourly'));
    const id = await datasetId('wh.public.hourly');
    await db().dataset.update({ where: { id }, data: { freshnessWarnAfterSeconds: 2, freshnessErrorAfterSeconds: 3_600 } });
    const post = await waitFor(async () => slack.calls.find((call) => call.method === 'chat.postMessage' && String(call.args.text).includes('wh.public.hourly')), {
      what: 'the freshness alert',
      timeoutMs: 30_000,
    });
    expect(String(post.args.text)).toContain('dataset wh.public.hourly is late: never updated');
    expect(String(post.args.text)).toMatch(/^⏳ wh\.public\.hourly is late · /);
    expect(String(post.args.text)).toContain(`/datasets/${id}`);
    expect(await db().dataset.findUniqueOrThrow({ where: { id } })).toMatchObject({ freshnessState: 'late' });

    expect((await postEvent('wh.public.hourly')).status).toBe(201);
    await waitFor(async () => (await db().dataset.findUniqueOrThrow({ where: { id } })).freshnessState === 'fresh', { what: 'the dataset to be fresh again' });
    expect(slack.calls.filter((call) => call.method === 'chat.postMessage' && String(call.args.text).includes('wh.public.hourly'))).toHaveLength(1);
  });
});
