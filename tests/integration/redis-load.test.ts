import type { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTask } from '../../server/tasks/load';
import type { TResolvedConnection } from '../../server/tasks/task-type';
import { checksum, redisSnapshot, startRedisServer, type TRedisServer } from '../support/redis-server';
import { connectionFromUrl, taskContext, testEgressPolicy } from '../support/task-context';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/** The course's cache job: warehouse results pushed into Redis, one key per course. */
describe('load into Redis (a real redis-server)', () => {
  let server: TRedisServer;
  let redis: Redis;
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let connections: TResolvedConnection[];

  const load = async (config: Record<string, unknown>, options: { egress?: string } = {}) => {
    const ctx = taskContext('load', config, { connections, ...(options.egress === undefined ? {} : { egress: testEgressPolicy(options.egress) }) });
    return { ctx, output: (await loadTask.run(ctx)).output };
  };
  const courses = (target: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
    source: { conn_id: 'wh', sql: 'select course_id, students, rating, title, active from course_stats order by course_id' },
    target: { conn_id: 'cache', key_prefix: 'course:', key_column: 'course_id', ...target },
    mode: 'full_refresh',
    ...extra,
  });
  const rowKeys = async () => (await redis.keys('course:*')).filter((key) => !key.startsWith('course:__tributary:')).sort();

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await server.connect(1);
    warehouse = await createWarehouseDatabase('rediswh');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    connections = [connectionFromUrl('wh', warehouse.url), server.connection('cache', { schema: '1' })];
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await client?.end();
    await warehouse?.drop();
    await server?.stop();
  });
  beforeEach(async () => {
    await redis.flushdb();
    await redis.set('other:1', 'not ours');
    await client.query('drop table if exists course_stats');
    await client.query('create table course_stats (course_id integer primary key, students bigint not null, rating numeric(3,2), title text, active boolean)');
    await client.query(`insert into course_stats select g, g * 10, 4.50, 'course ' || g, g % 2 = 0 from generate_series(1, 12000) g`);
    await client.query(`update course_stats set rating = null where course_id = 2`);
  });

  it('writes one hash per row (null columns left out), and a re-run leaves the identical keys and values', async () => {
    const first = await load(courses());
    expect(first.output).toEqual({ table: 'course:*', mode: 'full_refresh', rows_read: 12_000, rows_deleted: 0, rows_written: 12_000 });
    expect(await redis.hgetall('course:1')).toEqual({ students: '10', rating: '4.50', title: 'course 1', active: 'f' });
    expect(await redis.hgetall('course:2')).toEqual({ students: '20', title: 'course 2', active: 't' });
    expect(await redis.pttl('course:1')).toBe(-1);
    expect(await redis.scard('course:__tributary:keys')).toBe(12_000);
    const before = await redisSnapshot(redis);
    expect(before).toHaveLength(12_002);
    const again = await load(courses());
    expect(again.output).toMatchObject({ rows_deleted: 12_000, rows_written: 12_000 });
    expect(checksum(await redisSnapshot(redis))).toBe(checksum(before));
    expect(await redis.get('other:1')).toBe('not ours');
    expect(first.ctx.log.text() + again.ctx.log.text()).not.toContain(server.password);
  });

  it('writes the row as JSON with its types, applies ttl, and a load with fewer rows deletes the keys it no longer has', async () => {
    await load(courses({ value: 'json', ttl: '1h' }));
    expect(JSON.parse((await redis.get('course:2'))!)).toEqual({ course_id: 2, students: 20, rating: null, title: 'course 2', active: true });
    const ttl = await redis.pttl('course:2');
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    await client.query('delete from course_stats where course_id > 3');
    const { output } = await load(courses({ value: 'json' }));
    expect(output).toMatchObject({ rows_deleted: 12_000, rows_written: 3 });
    expect(await rowKeys()).toEqual(['course:1', 'course:2', 'course:3']);
    // No ttl this time: the keys persist.
    expect(await redis.pttl('course:2')).toBe(-1);
    expect(await redis.smembers('course:__tributary:keys').then((ids) => ids.sort())).toEqual(['1', '2', '3']);
  });

  it('upserts by key_column: only the written keys change, nothing is deleted', async () => {
    await load(courses());
    await client.query('delete from course_stats where course_id > 2');
    await client.query(`update course_stats set title = 'renamed' where course_id = 1`);
    await client.query(`insert into course_stats values (20000, 1, null, 'new', true)`);
    const { output } = await load(courses({}, { mode: 'incremental', key: 'course_id' }));
    expect(output).toMatchObject({ rows_deleted: 0, rows_written: 3 });
    expect(await redis.hget('course:1', 'title')).toBe('renamed');
    expect(await redis.hget('course:20000', 'title')).toBe('new');
    expect(await redis.hget('course:12000', 'title')).toBe('course 12000');
    expect(await redis.scard('course:__tributary:keys')).toBe(12_001);
  });

  it('a null key_column in row 7,000 (after the first batch was staged) leaves every key exactly as before, and no staging key', async () => {
    await load(courses());
    const before = await redisSnapshot(redis);
    await client.query('update course_stats set title = title || \' v2\'');
    await client.query('alter table course_stats drop constraint course_stats_pkey, alter column course_id drop not null');
    await client.query('update course_stats set course_id = null where course_id = 7000');
    const nullIn7000 = { ...courses(), source: { conn_id: 'wh', sql: 'select course_id, students, rating, title, active from course_stats order by coalesce(course_id, 7000)' } };
    await expect(load(nullIn7000)).rejects.toThrow('source row 7000: key_column course_id is null: every row needs a key (nothing was changed)');
    expect(checksum(await redisSnapshot(redis))).toBe(checksum(before));
  });

  it('refuses a repeated key, an incremental load by partition, and a redis connection given a table', async () => {
    await client.query(`insert into course_stats values (12001, 1, null, 'x', true)`);
    const repeated = { ...courses(), source: { conn_id: 'wh', sql: 'select course_id % 12000 as course_id, title from course_stats order by 1, 2' } };
    await expect(load(repeated)).rejects.toThrow(/^source row \d+ repeats the key_column value "1" of an earlier row \(nothing was changed\)$/);
    expect(await rowKeys()).toEqual([]);
    expect(() => taskContext('load', courses({}, { mode: 'incremental', partition_column: 'course_id' }))).toThrow('a Redis target cannot replace one partition');
    await expect(load({ ...courses(), target: { conn_id: 'cache', table: 'courses' } })).rejects.toThrow(
      "connection 'cache' is a redis connection: its target takes key_prefix and key_column, not table",
    );
  });

  it('reaches Redis only where the egress rules allow, naming the rule', async () => {
    await expect(load(courses(), { egress: '10.0.0.0/8' })).rejects.toThrow(
      `connection 'cache': Refused to connect to 127.0.0.1:${server.port} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${server.port} (or a CIDR).`,
    );
    expect(await rowKeys()).toEqual([]);
  });
});
