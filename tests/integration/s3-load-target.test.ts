import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZLoadConfigSchema } from '../../server/domain/dag/task-configs';
import { loadTask } from '../../server/tasks/load';
import type { TResolvedConnection } from '../../server/tasks/task-type';
import { startS3Server, type TS3Server } from '../support/s3-server';
import { connectionFromUrl, taskContext } from '../support/task-context';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/** The course's production data job towards the lake: warehouse results written to one S3 object, replaced whole. */
describe('load from PostgreSQL into an S3 object', () => {
  let s3: TS3Server;
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let connections: TResolvedConnection[];

  const load = async (config: Record<string, unknown>) => {
    const ctx = taskContext('load', config, { connections });
    try {
      return { ctx, output: (await loadTask.run(ctx)).output };
    } finally {
      expect(ctx.log.text()).not.toContain(s3.secretAccessKey);
    }
  };
  const read = async (key: string) => {
    const object = await s3.client.send(new GetObjectCommand({ Bucket: 'exports', Key: key }));
    return object.Body!.transformToString();
  };
  const keys = async (prefix = 'course_stats/2024-03-01.csv') =>
    ((await s3.client.send(new ListObjectsV2Command({ Bucket: 'exports', Prefix: prefix }))).Contents ?? []).map((object) => object.Key).sort();
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  const stats = (sql: string, key = 'course_stats/2024-03-01.csv', format = 'csv') => ({
    source: { conn_id: 'wh', sql },
    target: { conn_id: 'lake', bucket: 'exports', key, format },
  });

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.createBucket('exports');
    warehouse = await createWarehouseDatabase('s3target');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    connections = [connectionFromUrl('wh', warehouse.url), s3.connection('lake')];
    await client.query(`create table course_stats (course_id integer, title text, students bigint, rating numeric(3,2), active boolean, meta jsonb)`);
    await client.query(`insert into course_stats values (1, 'SQL, the basics', 120, 4.50, true, '{"tags": ["db"]}'), (2, 'Airflow "intro"', 8, null, false, null), (3, '', 0, 1, null, null)`);
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await warehouse?.drop();
    await s3?.stop();
  });
  beforeEach(async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: 'exports', Key: 'course_stats/2024-03-01.csv', Body: 'old object\n' }));
  });

  it('replaces the object with CSV the CSV source reads back, and a re-run gives the same bytes', async () => {
    const sql = 'select course_id, title, students, rating, active from course_stats order by course_id';
    const { output, ctx } = await load(stats(sql));
    expect(output).toMatchObject({ table: 's3://exports/course_stats/2024-03-01.csv', rows_read: 3, rows_written: 3 });
    const text = await read('course_stats/2024-03-01.csv');
    expect(text).toBe('course_id,title,students,rating,active\n1,"SQL, the basics",120,4.50,t\n2,"Airflow ""intro""",8,,f\n3,"",0,1.00,\n');
    expect(ctx.log.text()).toMatch(/Replaced s3:\/\/exports\/course_stats\/2024-03-01\.csv \(\d+ bytes\) in one copy/);
    await load(stats(sql));
    expect(md5(await read('course_stats/2024-03-01.csv'))).toBe(md5(text));
    expect(await keys()).toEqual(['course_stats/2024-03-01.csv']);
  });

  it('writes JSON lines with numbers, booleans and json as JSON', async () => {
    await load(stats('select course_id, students, rating, active, meta from course_stats order by course_id', 'course_stats/2024-03-01.jsonl', 'jsonl'));
    expect((await read('course_stats/2024-03-01.jsonl')).trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { course_id: 1, students: 120, rating: '4.50', active: true, meta: { tags: ['db'] } },
      { course_id: 2, students: 8, rating: null, active: false, meta: null },
      { course_id: 3, students: 0, rating: '1.00', active: null, meta: null },
    ]);
  });

  it('leaves the old object exactly as it was when the load fails after parts were uploaded, and removes its temporary object', async () => {
    // ~10 MB of rows (a part of 5 MiB or more uploaded) before row 50,000 divides by zero.
    const failing = `select g, repeat('x', 200) as pad, 1 / (50000 - g) as boom from generate_series(1, 60000) g`;
    const { ctx, promise } = (() => {
      const context = taskContext('load', stats(failing), { connections });
      return { ctx: context, promise: loadTask.run(context) };
    })();
    await expect(promise).rejects.toThrow(/division by zero/);
    expect(ctx.log.text()).toContain('Uploaded part 1');
    expect(await read('course_stats/2024-03-01.csv')).toBe('old object\n');
    expect(await keys()).toEqual(['course_stats/2024-03-01.csv']);
  });

  it('removes a temporary object an earlier (killed) attempt left, and refuses an incremental load by name', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: 'exports', Key: 'course_stats/2024-03-01.csv.tributary-tmp-killed', Body: 'partial' }));
    const { ctx } = await load(stats('select 1 as one'));
    expect(ctx.log.text()).toContain('Deleted s3://exports/course_stats/2024-03-01.csv.tributary-tmp-killed, left by an earlier attempt');
    expect(await keys()).toEqual(['course_stats/2024-03-01.csv']);
    const incremental = ZLoadConfigSchema.safeParse({ ...stats('select 1 as day'), mode: 'incremental', partition_column: 'day' });
    expect(incremental.error?.issues.map((issue) => issue.message)).toEqual([
      'an S3 object is replaced whole: use mode full_refresh, with {{ ds }} in target.key for one object per logical date',
    ]);
  });

  it('names what an s3 connection given a table target takes instead', async () => {
    await expect(load({ source: { conn_id: 'wh', sql: 'select 1 as one' }, target: { conn_id: 'lake', table: 'course_stats' } })).rejects.toThrow(
      "connection 'lake' is an s3 connection: its target takes bucket, key and format, not table",
    );
  });
});
