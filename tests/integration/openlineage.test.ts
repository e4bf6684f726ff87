import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, createWorkspace, deployUnpaused, runToEnd, waitForRun } from '../support/dag-runs';
import { databaseEndpoint, stopProcess, TestEngine } from '../support/engine';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';
import { startWebhookReceiver, type TReceivedWebhook, type TWebhookReceiver } from '../support/webhook-receiver';

/** A fixed test value: the receiver checks it arrives as a Bearer token, and tasks must never see it. */
const API_KEY = 'ol-test-api-key-5f1c0e';

type TEvent = {
  eventType: string;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets: { parent: { job: { namespace: string; name: string }; run: { runId: string } }; errorMessage?: { message: string } } };
  job: { namespace: string; name: string };
  inputs: { namespace: string; name: string; facets: { schema?: { fields: { name: string; type: string }[] } } }[];
  outputs: { namespace: string; name: string; facets: Record<string, unknown> }[];
};

const sqlDag = (dagId: string, sql: string) => `
dag_id: ${dagId}
tasks:
  - task_id: build
    type: sql
    conn_id: warehouse
    sql: "${sql}"
    inputs: [warehouse.public.orders]
    outputs: [warehouse.public.orders_daily]
`;

/** OpenLineage out, end to end: the real worker and scheduler, a receiver on loopback standing in for Marquez. */
describe('OpenLineage run events', () => {
  let database: TTestDatabase;
  let warehouse: TWarehouseDatabase;
  let receiver: TWebhookReceiver;
  let engine: TestEngine;
  let workspaceId: string;
  const openLineageWorker = () => ({ OPENLINEAGE_URL: `http://127.0.0.1:${receiver.port}/`, OPENLINEAGE_API_KEY: API_KEY });

  beforeAll(async () => {
    database = await createTestDatabase('openlineage');
    warehouse = await createWarehouseDatabase('ol_wh');
    const client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    await client.query('create table orders (id int, total numeric); create table orders_daily (id int, total numeric)');
    await client.end();
    receiver = await startWebhookReceiver('not-used-by-openlineage');
    workspaceId = (await createWorkspace(database.db, 'acme')).id;
    engine = new TestEngine(database.url, { TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${receiver.port}` });
    const url = new URL(warehouse.url);
    await createConnection(systemContext(database.db, workspaceId, 'test'), new SecretBox(engine.secretKey), {
      connId: 'warehouse',
      connType: 'postgres',
      host: url.hostname,
      port: Number(url.port || 5432),
      login: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      schema: warehouse.name,
    });
    // As compose runs it: the scheduler knows OpenLineage is on, for the FAIL of a try whose worker died.
    engine.startScheduler({ OPENLINEAGE_URL: openLineageWorker().OPENLINEAGE_URL });
    engine.startWorker(openLineageWorker());
  });
  afterAll(async () => {
    await engine?.stop();
    await receiver?.close();
    await database?.drop();
    await warehouse?.drop();
  });

  const eventsOf = (jobName: string): (TReceivedWebhook & { json: TEvent })[] =>
    receiver.received.filter((request): request is TReceivedWebhook & { json: TEvent } => (request.json as TEvent | null)?.job?.name === jobName);
  /** The job's events once one of them is `last`. */
  const eventsUntil = (jobName: string, last: string) =>
    waitFor(async () => (eventsOf(jobName).some((request) => request.json.eventType === last) ? eventsOf(jobName) : null), {
      timeoutMs: 60_000,
      what: `${last} for ${jobName} at the receiver\n${engine.output().slice(-3000)}`,
    });
  const datasetNamed = (name: string) => database.db.dataset.findFirstOrThrow({ where: { workspaceId, name } });
  const attemptOf = async (runPk: string) => {
    const instance = await database.db.taskInstance.findFirstOrThrow({ where: { dagRunId: runPk, taskId: 'build' } });
    return database.db.taskAttempt.findFirstOrThrow({ where: { taskInstanceId: instance.id, tryNumber: 1 } });
  };

  it('sends START then COMPLETE for a sql task that succeeds: its job, the DAG run as parent, its inputs with their schema and its outputs', async () => {
    const spec = sqlDag('ol_orders', 'insert into orders_daily select * from orders');
    await deployUnpaused(database.db, workspaceId, spec);
    const orders = await datasetNamed('public.orders');
    // Columns as an introspection records them (the catalog fills dataset_column after producing runs).
    await database.db.datasetColumn.createMany({
      data: [
        { datasetId: orders.id, workspaceId, name: 'id', ordinal: 1, dataType: 'integer', nullable: true },
        { datasetId: orders.id, workspaceId, name: 'total', ordinal: 2, dataType: 'numeric', nullable: true },
      ],
    });

    const { run, states } = await runToEnd(database.db, workspaceId, spec);
    expect(states).toEqual({ build: 'success' });
    const events = await eventsUntil('ol_orders.build', 'COMPLETE');
    expect(events.map((request) => request.json.eventType)).toEqual(['START', 'COMPLETE']);
    const attempt = await attemptOf(run.id);
    const daily = await datasetNamed('public.orders_daily');
    for (const { json: event, path, headers } of events) {
      expect(path).toBe('/api/v1/lineage');
      expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(event.schemaURL).toBe('https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent');
      expect(event.producer).toMatch(/^[a-z]+:/);
      expect(event.job).toMatchObject({ namespace: 'tributary/acme', name: 'ol_orders.build' });
      expect(event.run.runId).toBe(attempt.id);
      expect(event.run.facets.parent).toMatchObject({ job: { namespace: 'tributary/acme', name: 'ol_orders' }, run: { runId: run.id } });
      expect(event.inputs).toEqual([
        expect.objectContaining({ namespace: orders.namespace, name: orders.olName, facets: expect.objectContaining({ schema: expect.objectContaining({ fields: [{ name: 'id', type: 'integer' }, { name: 'total', type: 'numeric' }] }) }) }),
      ]);
      expect(event.outputs).toEqual([{ namespace: daily.namespace, name: daily.olName, facets: {} }]);
    }
    expect(orders.olName).toBe(`${warehouse.name}.public.orders`);
    expect(Date.parse(events[0]!.json.eventTime)).toBeLessThanOrEqual(Date.parse(events[1]!.json.eventTime));
  });

  it('sends START then FAIL with the error for a sql task that fails, and the task fails as it would anyway', async () => {
    const { run, states } = await runToEnd(database.db, workspaceId, sqlDag('ol_broken', 'insert into orders_daily select * from no_such_table'));
    expect(states).toEqual({ build: 'failed' });
    const events = await eventsUntil('ol_broken.build', 'FAIL');
    expect(events.map((request) => request.json.eventType)).toEqual(['START', 'FAIL']);
    const fail = events[1]!.json;
    expect(fail.run.runId).toBe((await attemptOf(run.id)).id);
    expect(fail.run.facets.parent.run.runId).toBe(run.id);
    expect(fail.run.facets.errorMessage?.message).toMatch(/no_such_table/);
    expect(fail.inputs.map((dataset) => dataset.name).sort()).toEqual([`${warehouse.name}.public.no_such_table`, `${warehouse.name}.public.orders`]);
    expect(fail.outputs.map((dataset) => dataset.name)).toEqual([`${warehouse.name}.public.orders_daily`]);
  });

  it('retries an event the receiver answers with a 500, still sends START before COMPLETE, and the task succeeds regardless', async () => {
    receiver.answerNext({ status: 500, body: 'marquez is restarting' });
    const { states } = await runToEnd(database.db, workspaceId, `
dag_id: ol_retried
tasks:
  - { task_id: build, type: bash, bash_command: "echo done" }
`);
    expect(states).toEqual({ build: 'success' });
    const events = await eventsUntil('ol_retried.build', 'COMPLETE');
    // The first START met the 500; its retry comes 1-2 s later, and COMPLETE (queued as soon as
    // the task ended) waited for it.
    expect(events.map((request) => request.json.eventType)).toEqual(['START', 'START', 'COMPLETE']);
    expect(events[0]!.json.run.runId).toBe(events[2]!.json.run.runId);
  });

  it('never lets a task read OPENLINEAGE_API_KEY from its environment', async () => {
    const { instances, states } = await runToEnd(database.db, workspaceId, `
dag_id: ol_snoop
tasks:
  - task_id: look
    type: bash
    bash_command: |
      env
      cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'
      true
`);
    expect(states).toEqual({ look: 'success' });
    const log = await attemptLog(database.db, instances[0]!.id, 1);
    expect(log).toContain('AIRFLOW_CTX_DAG_ID=ol_snoop');
    expect(log).not.toContain(API_KEY);
    expect(log).not.toMatch(/OPENLINEAGE_/);
  });

  it('sends FAIL for a try whose worker died: the scheduler queues it as it ends the zombie, another worker sends it', async () => {
    await deployUnpaused(database.db, workspaceId, 'dag_id: ol_zombie\ntasks:\n  - { task_id: build, type: bash, bash_command: "sleep 30" }\n');
    const run = await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId: 'ol_zombie' });
    await eventsUntil('ol_zombie.build', 'START');
    const worker = engine.processes.find((p) => p.name === 'worker' && p.child.exitCode === null && p.child.signalCode === null)!;
    await stopProcess(worker, 'SIGKILL');
    engine.startWorker(openLineageWorker());
    const events = await eventsUntil('ol_zombie.build', 'FAIL');
    expect(events.map((request) => request.json.eventType)).toEqual(['START', 'FAIL']);
    expect(events[1]!.json.run.runId).toBe(events[0]!.json.run.runId);
    expect((await waitForRun(database.db, run.id)).states).toEqual({ build: 'failed' });
  });

  // The last two swap the worker for another.
  it('reaches the receiver only through the egress guard: an address TRIBUTARY_EGRESS_ALLOW does not list is refused, and the task is unaffected', async () => {
    await engine.stopWorkers();
    const worker = engine.startWorker({ ...openLineageWorker(), TRIBUTARY_EGRESS_ALLOW: databaseEndpoint(database.url) });
    const { states } = await runToEnd(database.db, workspaceId, `
dag_id: ol_refused
tasks:
  - { task_id: build, type: bash, bash_command: "echo done" }
`);
    expect(states).toEqual({ build: 'success' });
    await waitFor(async () => (worker.output().match(/OpenLineage event not sent: OpenLineage: .*127\.0\.0\.1/g) ?? []).length >= 2, {
      timeoutMs: 30_000,
      what: `both events refused by the egress guard\n${worker.output().slice(-3000)}`,
    });
    expect(eventsOf('ol_refused.build')).toEqual([]);
    expect(worker.output()).not.toContain(API_KEY);
  });

  it('queues nothing when OPENLINEAGE_URL is unset', async () => {
    await engine.stopWorkers();
    engine.startWorker();
    const before = new Date();
    const { states } = await runToEnd(database.db, workspaceId, `
dag_id: ol_off
tasks:
  - { task_id: build, type: bash, bash_command: "echo done" }
`);
    expect(states).toEqual({ build: 'success' });
    const [row] = await database.db.$queryRaw<{ count: bigint }[]>`select count(*) as count from pgboss.job where name = 'openlineage.emit' and created_on >= ${before}`;
    expect(Number(row!.count)).toBe(0);
    expect(eventsOf('ol_off.build')).toEqual([]);
  });
});
