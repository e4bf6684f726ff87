import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, createWorkspace, deployUnpaused, waitForRun } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { startS3Server, type TS3Server } from '../support/s3-server';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

const LOGICAL_DATE = new Date('2026-01-01T00:00:00Z');

/** Airflow's S3KeySensor on the real scheduler and worker processes, against s3rver. */
describe('s3 sensors, on a real worker', () => {
  let database: TTestDatabase;
  let s3: TS3Server;
  let engine: TestEngine;
  let workspaceId: string;

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.createBucket('lake');
    database = await createTestDatabase('s3_sensor');
    workspaceId = (await createWorkspace(database.db, 's3')).id;
    engine = new TestEngine(database.url, { TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${s3.port}` });
    const ctx = systemContext(database.db, workspaceId, 'test');
    const box = new SecretBox(engine.secretKey);
    const fields = { connType: 's3', login: s3.accessKeyId, password: s3.secretAccessKey };
    await createConnection(ctx, box, { connId: 'lake', ...fields, extra: { endpoint_url: s3.endpoint } });
    await createConnection(ctx, box, { connId: 'metadata', ...fields, extra: { endpoint_url: 'http://169.254.169.254' } });
    engine.startScheduler();
    engine.startWorker();
  }, 60_000);
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
    await s3?.stop();
  });

  const logOf = async (runPk: string, taskId: string) => {
    const instance = await database.db.taskInstance.findFirst({ where: { dagRunId: runPk, taskId } });
    if (!instance || instance.tryNumber === 0) return '';
    return attemptLog(database.db, instance.id, 1).catch(() => '');
  };

  it('fires, in poke and reschedule mode, when a key matching the glob appears after it started poking; an exact key too', async () => {
    await deployUnpaused(database.db, workspaceId, `dag_id: wait_for_logs
tasks:
  - { task_id: poking, type: sensor, conn_id: lake, bucket_name: lake, bucket_key: 'logs/{{ ds }}/*.csv', poke_interval: 1, timeout: 120 }
  - { task_id: rescheduled, type: sensor, conn_id: lake, bucket_key: 's3://lake/logs/{{ ds }}/*.csv', mode: reschedule, poke_interval: 1, timeout: 120 }
  - { task_id: exact, type: sensor, conn_id: lake, bucket_name: lake, bucket_key: 'done/{{ ds }}/_SUCCESS', poke_interval: 1, timeout: 120 }
`);
    const run = await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId: 'wait_for_logs', logicalDate: LOGICAL_DATE });
    await waitFor(async () => {
      const logs = await Promise.all(['poking', 'rescheduled', 'exact'].map((taskId) => logOf(run.id, taskId)));
      return logs[0]!.includes('Poke 1: no key of s3://lake matches logs/2026-01-01/*.csv yet') &&
        logs[1]!.includes('Poke: no key of s3://lake matches logs/2026-01-01/*.csv yet') &&
        logs[2]!.includes('Poke 1: s3://lake/done/2026-01-01/_SUCCESS does not exist yet');
    }, { timeoutMs: 60_000, what: 'every sensor to poke once without a match' });
    // A key of another day and one that is not a .csv do not count.
    await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'logs/2025-12-31/a.csv', Body: 'x' }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'logs/2026-01-01/a.csv.tmp', Body: 'x' }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'logs/2026-01-01/part-1.csv', Body: 'x' }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'done/2026-01-01/_SUCCESS', Body: 'ok' }));
    const done = await waitForRun(database.db, run.id, 90_000);
    expect(done.states, engine.output().slice(-3000)).toEqual({ exact: 'success', poking: 'success', rescheduled: 'success' });
    expect(await logOf(run.id, 'poking')).toMatch(/Poke \d+: s3:\/\/lake\/logs\/2026-01-01\/part-1\.csv matches logs\/2026-01-01\/\*\.csv/);
    const rescheduled = await logOf(run.id, 'rescheduled');
    expect(rescheduled).toContain('Poke: s3://lake/logs/2026-01-01/part-1.csv matches logs/2026-01-01/*.csv');
    expect(rescheduled).toMatch(/Rescheduled: the worker slot is free until the next poke at /);
    expect(await logOf(run.id, 'exact')).toMatch(/Poke \d+: s3:\/\/lake\/done\/2026-01-01\/_SUCCESS exists/);
  }, 150_000);

  it('joins the catalog: S3 sources and targets as s3://bucket datasets named by key or fixed prefix, a templated key as none', async () => {
    await deployUnpaused(database.db, workspaceId, `dag_id: lake_catalog
tasks:
  - { task_id: ingest, type: load, source: { conn_id: lake, bucket: lake, key: 'events/*.jsonl', format: jsonl }, target: { conn_id: lake, key: 's3://exports/stats.csv', format: csv } }
  - { task_id: daily, type: load, source: { conn_id: lake, bucket: lake, key: 'logs/{{ ds }}/*.csv', format: csv }, target: { conn_id: lake, bucket: exports, key: 'daily/{{ ds }}.csv', format: csv } }
`);
    const edges = await database.db.datasetEdge.findMany({ where: { dag: { dagId: 'lake_catalog' } }, include: { dataset: true } });
    expect(edges.map((edge) => [edge.taskId, edge.direction, edge.dataset.key, edge.dataset.namespace, edge.dataset.olName]).sort()).toEqual([
      ['ingest', 'read', 's3://lake/events/', 's3://lake', 'events/'],
      ['ingest', 'write', 's3://exports/stats.csv', 's3://exports', 'stats.csv'],
    ]);
  });

  it('refuses the cloud metadata address, naming the egress rule, and never shows the keys: the access key id is masked like the secret', async () => {
    await deployUnpaused(database.db, workspaceId, `dag_id: refused_sensor
tasks:
  - { task_id: refused, type: sensor, conn_id: metadata, bucket_key: 's3://lake/x', poke_interval: 1, timeout: 30, retries: 0 }
  - { task_id: leak, type: sensor, conn_id: lake, bucket_key: 's3://lake/{{ conn.lake.login }}/x', poke_interval: 1, timeout: 1, retries: 0 }
`);
    const run = await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId: 'refused_sensor', logicalDate: LOGICAL_DATE });
    const done = await waitForRun(database.db, run.id, 60_000);
    expect(done.states).toEqual({ leak: 'failed', refused: 'failed' });
    const leak = done.instances.find((ti) => ti.taskId === 'leak')!;
    expect(await logOf(run.id, 'leak')).toContain('Poke 1: s3://lake/***/x does not exist yet');
    expect(JSON.stringify(leak.renderedFields)).toContain('s3://lake/***/x');
    expect(JSON.stringify(leak.renderedFields)).not.toContain(s3.accessKeyId);
    const attempt = await database.db.taskAttempt.findFirstOrThrow({ where: { taskInstanceId: done.instances.find((ti) => ti.taskId === 'refused')!.id } });
    expect(attempt.errorMessage).toBe(
      "connection 'metadata': Refused to connect to 169.254.169.254:80 (link-local / cloud metadata address): Tributary never lets a workspace reach it.",
    );
    // With the sensors' logs too, when their test ran first.
    const other = await database.db.dagRun.findFirst({ where: { dag: { dagId: 'wait_for_logs' } } });
    const otherLogs = other === null ? [] : await Promise.all(['poking', 'rescheduled', 'exact'].map((taskId) => logOf(other.id, taskId)));
    const logs = [await logOf(run.id, 'refused'), await logOf(run.id, 'leak'), ...otherLogs].join('\n');
    expect(logs).not.toContain(s3.secretAccessKey);
    expect(logs).not.toContain(s3.accessKeyId);
  }, 90_000);
});
