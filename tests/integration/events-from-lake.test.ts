import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE, seedDemo } from '../../prisma/seed';
import { ROOT } from '../../scripts/migrate';
import { SecretBox } from '../../server/auth/secret-box';
import { createBackfill, type TCreateBackfillInput } from '../../server/services/backfills/create-backfill';
import { getBackfill } from '../../server/services/backfills/get-backfill';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext, type TServiceContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { attemptLog } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { startS3Server, type TS3Server } from '../support/s3-server';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

type TEvent = { event_id: string; event_date: string; event_time: string; event_type: string; user_id?: number; properties?: Record<string, unknown> };

const event = (day: string, n: number, extra: Partial<TEvent> = {}): TEvent => ({
  event_id: `${day}-${n}`,
  event_date: day,
  event_time: `${day}T${String(8 + n).padStart(2, '0')}:15:00Z`,
  event_type: n % 2 === 0 ? 'page_view' : 'enrol',
  ...extra,
});

/** Two days of the lake, in several files; the third day is there too and must not be loaded by a backfill of the first two. */
const FILES: Record<string, TEvent[]> = {
  'events/2025-03-01/part-0001.jsonl': [
    event('2025-03-01', 1, { user_id: 11, properties: { course_id: 2, source: 'mail' } }),
    event('2025-03-01', 2),
    event('2025-03-01', 3, { user_id: 12 }),
  ],
  'events/2025-03-01/part-0002.jsonl': [event('2025-03-01', 4, { user_id: 13, properties: { course_id: 5 } }), event('2025-03-01', 5)],
  'events/2025-03-02/part-0001.jsonl': [
    event('2025-03-02', 1, { user_id: 11, properties: { course_id: 1 } }),
    event('2025-03-02', 2, { user_id: 14 }),
    event('2025-03-02', 3),
    event('2025-03-02', 4, { user_id: 15 }),
  ],
  'events/2025-03-03/part-0001.jsonl': [event('2025-03-03', 1, { user_id: 16 })],
};

const TABLE_CHECKSUM = `select count(*)::int as n, md5(string_agg(e::text, ',' order by event_date, event_id)) as sum from events e`;

/**
 * examples/connectors/events_from_lake.yaml on the real scheduler and worker, against s3rver:
 * two days of JSON-lines files backfilled into the warehouse, then one day re-run.
 */
describe('events_from_lake (real engine, s3rver)', () => {
  let database: TTestDatabase;
  let warehouse: TWarehouseDatabase;
  let s3: TS3Server;
  let client: pg.Client;
  let engine: TestEngine;
  let ctx: TServiceContext;

  const sql = async <T extends pg.QueryResultRow>(text: string) => (await client.query<T>(text)).rows;
  const backfill = async (input: Omit<TCreateBackfillInput, 'dagId'>) => {
    const created = await createBackfill(ctx, { dagId: 'events_from_lake', ...input });
    const id = created.backfill!.id;
    return waitFor(
      async () => {
        const current = await getBackfill(ctx, id);
        return current.state === 'completed' ? current : null;
      },
      { timeoutMs: 120_000, what: `backfill ${id} to complete` },
    );
  };
  const runOf = (day: string) =>
    database.db.dagRun.findFirstOrThrow({
      where: { dag: { dagId: 'events_from_lake' }, logicalDate: new Date(`${day}T00:00:00Z`) },
      include: { taskInstances: { orderBy: { taskId: 'asc' } } },
    });

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.createBucket('lake');
    database = await createTestDatabase('events_lake');
    warehouse = await createWarehouseDatabase('events_lake_wh');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    engine = new TestEngine(database.url, { TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${s3.port}` });
    await seedDemo({ databaseUrl: database.url, secretKey: engine.secretKey, warehouseUrl: warehouse.url });
    const workspaceId = (await database.db.workspace.findUniqueOrThrow({ where: { slug: DEMO_WORKSPACE.slug } })).id;
    ctx = systemContext(database.db, workspaceId, 'test');
    await createConnection(ctx, new SecretBox(engine.secretKey), {
      connId: 'lake',
      connType: 's3',
      login: s3.accessKeyId,
      password: s3.secretAccessKey,
      extra: { endpoint_url: s3.endpoint },
    });
    for (const [key, events] of Object.entries(FILES)) {
      await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: events.map((line) => JSON.stringify(line)).join('\n') + '\n' }));
    }
    // Not a .jsonl file: the glob leaves it out.
    await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'events/2025-03-01/_SUCCESS', Body: 'done' }));
    engine.startScheduler();
    engine.startWorker();
  }, 120_000);
  afterAll(async () => {
    await engine?.stop('SIGKILL');
    await client?.end();
    await database?.drop();
    await warehouse?.drop();
    await s3?.stop();
  });

  it("backfills two days, each day's rows loaded once, and a re-run of one day leaves the same table", async () => {
    // Deployed as the seed deploys it: paused, so only the backfill makes runs.
    await deployDag(ctx, { source: readFileSync(path.join(ROOT, 'examples/connectors/events_from_lake.yaml'), 'utf8') });
    const done = await backfill({ fromDate: '2025-03-01', toDate: '2025-03-02', maxActiveRuns: 2 });
    expect(done.progress, engine.output().slice(-4000)).toEqual({ total: 2, queued: 0, running: 0, success: 2, failed: 0 });

    const expected = Object.entries(FILES)
      .filter(([key]) => !key.includes('2025-03-03'))
      .flatMap(([, events]) => events)
      .map((e) => ({ ...e, user_id: e.user_id === undefined ? null : String(e.user_id), properties: e.properties ?? null }))
      .sort((a, b) => a.event_id.localeCompare(b.event_id));
    const rows = await sql(`select event_id, to_char(event_date, 'YYYY-MM-DD') as event_date,
      to_char(event_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as event_time, event_type, user_id::text, properties
      from events order by event_id`);
    expect(rows).toEqual(expected.map(({ event_id, event_date, event_time, event_type, user_id, properties }) => ({ event_id, event_date, event_time, event_type, user_id, properties })));
    expect(await sql(`select to_char(event_date, 'YYYY-MM-DD') as day, count(*)::int as n from events group by 1 order by 1`)).toEqual([
      { day: '2025-03-01', n: 5 },
      { day: '2025-03-02', n: 4 },
    ]);
    // The sensor found the day's files at its first poke, in reschedule mode.
    const firstDay = await runOf('2025-03-01');
    const sensor = firstDay.taskInstances.find((ti) => ti.taskId === 'wait_for_events')!;
    expect(await attemptLog(database.db, sensor.id, sensor.tryNumber)).toContain('Poke: s3://lake/events/2025-03-01/part-0001.jsonl matches events/2025-03-01/*.jsonl');

    const before = await sql(TABLE_CHECKSUM);
    const rerun = await backfill({ fromDate: '2025-03-01', toDate: '2025-03-01', reprocessBehavior: 'completed' });
    expect(rerun.progress, engine.output().slice(-4000)).toMatchObject({ total: 1, success: 1, failed: 0 });
    expect(await sql(TABLE_CHECKSUM)).toEqual(before);
    // It did run again: the day's partition was deleted and loaded anew.
    const load = (await runOf('2025-03-01')).taskInstances.find((ti) => ti.taskId === 'load_events')!;
    expect(load.output).toMatchObject({ rows_read: 5, rows_deleted: 5, rows_written: 5 });

    const runs = await database.db.dagRun.findMany({ where: { dag: { dagId: 'events_from_lake' } }, include: { taskInstances: true } });
    const logs = await Promise.all(runs.flatMap((run) => run.taskInstances.map((ti) => attemptLog(database.db, ti.id, ti.tryNumber))));
    expect(logs.join('\n')).not.toContain(s3.secretAccessKey);
    expect(logs.join('\n')).not.toContain(s3.accessKeyId);
  });
});
