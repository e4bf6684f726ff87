import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, createWorkspace, deployUnpaused, waitForRun } from '../support/dag-runs';
import { databaseEndpoint, stopProcess, TestEngine } from '../support/engine';
import { startS3Server, type TS3Server } from '../support/s3-server';
import { connectionFromUrl } from '../support/task-context';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

const LOGICAL_DATE = new Date('2024-03-01T00:00:00Z');
const ROWS = 100_000;
const KEY = 'course_stats/2024-03-01.csv';

/** The CSV the load must leave, computed here from the query's definition (NULL unquoted, pg_sleep's empty text quoted). */
function expectedCsv(): string {
  const pad = 'x'.repeat(200);
  let text = 'g,pad,pause\n';
  for (let g = 1; g <= ROWS; g++) text += `${g},${pad},${g % 5000 === 0 ? '""' : ''}\n`;
  return text;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * A load into an S3 object whose worker is SIGKILLed after it uploaded a part: the object stays
 * exactly as it was, and the retry (after zombie detection) completes it.
 */
describe('an S3 load target, its worker killed halfway', () => {
  let database: TTestDatabase;
  let warehouse: TWarehouseDatabase;
  let s3: TS3Server;
  let engine: TestEngine;
  let workspaceId: string;

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.createBucket('exports');
    database = await createTestDatabase('s3_killed');
    warehouse = await createWarehouseDatabase('s3killedwh');
    workspaceId = (await createWorkspace(database.db, 's3')).id;
    engine = new TestEngine(database.url, { TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${s3.port}` });
    const ctx = systemContext(database.db, workspaceId, 'test');
    const box = new SecretBox(engine.secretKey);
    const { connId: _, extra: __, ...wh } = connectionFromUrl('wh', warehouse.url);
    await createConnection(ctx, box, { connId: 'wh', ...wh });
    await createConnection(ctx, box, { connId: 'lake', connType: 's3', login: s3.accessKeyId, password: s3.secretAccessKey, extra: { endpoint_url: s3.endpoint } });
    engine.startScheduler();
  }, 60_000);
  afterAll(async () => {
    await engine?.stop();
    await database?.drop();
    await warehouse?.drop();
    await s3?.stop();
  });

  const read = async () => (await s3.client.send(new GetObjectCommand({ Bucket: 'exports', Key: KEY }))).Body!.transformToString();

  it('leaves the object exactly as before, and the retry completes it', async () => {
    const old = 'course_id,students\n1,120\n';
    await s3.client.send(new PutObjectCommand({ Bucket: 'exports', Key: KEY, Body: old }));
    const doomed = engine.startWorker();
    // One 0.3 s pause per 5,000-row batch: the load takes ~6 s, and its first 5 MiB part is uploaded within the first ~2 s.
    await deployUnpaused(database.db, workspaceId, `dag_id: stats_to_lake
tasks:
  - task_id: export
    type: load
    retries: 2
    retry_delay: 1
    source:
      conn_id: wh
      sql: "select g, repeat('x', 200) as pad, case when g % 5000 = 0 then pg_sleep(0.3)::text end as pause from generate_series(1, ${ROWS}) g order by g"
    target: { conn_id: lake, bucket: exports, key: 'course_stats/{{ ds }}.csv', format: csv }
`);
    const run = await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId: 'stats_to_lake', logicalDate: LOGICAL_DATE });
    const instance = await waitFor(async () => {
      const found = await database.db.taskInstance.findFirst({ where: { dagRunId: run.id, taskId: 'export', tryNumber: 1 } });
      if (!found) return null;
      const log = await attemptLog(database.db, found.id, 1).catch(() => '');
      return log.includes('Uploaded part 1') ? found : null;
    }, { timeoutMs: 60_000, what: 'the first part to be uploaded' });
    await stopProcess(doomed, 'SIGKILL');
    expect(await attemptLog(database.db, instance.id, 1)).not.toContain('Replaced s3://');
    expect(await read()).toBe(old);

    engine.startWorker();
    const done = await waitForRun(database.db, run.id, 120_000);
    expect(done.states, engine.output().slice(-3000)).toEqual({ export: 'success' });
    const attempts = await database.db.taskAttempt.findMany({ where: { taskInstanceId: instance.id }, orderBy: { tryNumber: 'asc' } });
    expect(attempts.map((attempt) => [attempt.tryNumber, attempt.state])).toEqual([[1, 'up_for_retry'], [2, 'success']]);
    expect(md5(await read())).toBe(md5(expectedCsv()));
    const left = await s3.client.send(new ListObjectsV2Command({ Bucket: 'exports', Prefix: KEY }));
    expect((left.Contents ?? []).map((object) => object.Key)).toEqual([KEY]);
    const logs = `${await attemptLog(database.db, instance.id, 1)}\n${await attemptLog(database.db, instance.id, 2)}`;
    expect(logs).toContain(`Replaced s3://exports/${KEY}`);
    expect(logs).not.toContain(s3.secretAccessKey);
    expect(logs).not.toContain(s3.accessKeyId);
  }, 180_000);
});
