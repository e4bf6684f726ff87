import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE, seedDemo } from '../../prisma/seed';
import { ROOT } from '../../scripts/migrate';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, deployUnpaused, waitForRun } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { checksum, redisSnapshot, startRedisServer, type TRedisServer } from '../support/redis-server';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

const FOUR_HOURS_MS = 4 * 3600_000;

/**
 * examples/connectors/course_stats_to_redis.yaml on the real scheduler and worker: the demo
 * warehouse's per-course summary, cached in a real redis-server as one hash per course.
 */
describe('course_stats_to_redis (real engine, real Redis)', () => {
  let database: TTestDatabase;
  let warehouse: TWarehouseDatabase;
  let server: TRedisServer;
  let redis: Redis;
  let client: pg.Client;
  let engine: TestEngine;
  let workspaceId: string;

  let runs = 0;
  // Each manual run at an hour of its own: two triggers within one second would otherwise share a run id.
  const trigger = async () =>
    (await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId: 'course_stats_to_redis', logicalDate: new Date(Date.UTC(2026, 0, 1, runs++)) })).id;
  /** What the backend can read: the course keys, without the load's own bookkeeping under course:__tributary:. */
  const courseKeys = async () => (await redis.keys('course:*')).filter((key) => !key.startsWith('course:__tributary:')).sort();
  const cacheSnapshot = async () => (await redisSnapshot(redis)).filter((entry) => !entry.startsWith('["course:__tributary:'));

  /** The summary again, from the raw rows, in this process: counts, and the average rounded half up. */
  const expectedHashes = async () => {
    const courses = (await client.query<{ course_id: number; num_students: number }>('select course_id, num_students from course')).rows;
    const reviews = (await client.query<{ course_id: number; rating: number }>('select course_id, rating from course_review')).rows;
    return Object.fromEntries(
      courses.map(({ course_id, num_students }) => {
        const ratings = reviews.filter((review) => review.course_id === course_id).map((review) => review.rating);
        const sum = ratings.reduce((total, rating) => total + rating, 0);
        const hash: Record<string, string> = { student_count: String(num_students), review_count: String(ratings.length) };
        // Redis has no null field: a course nobody reviewed has no avg_rating at all.
        if (ratings.length > 0) hash.avg_rating = (Math.floor((200 * sum + ratings.length) / (2 * ratings.length)) / 100).toFixed(2);
        return [`course:${course_id}`, hash];
      }),
    );
  };
  const cachedHashes = async () => Object.fromEntries(await Promise.all((await courseKeys()).map(async (key) => [key, await redis.hgetall(key)])));

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await server.connect(0);
    database = await createTestDatabase('course_redis');
    warehouse = await createWarehouseDatabase('course_redis_wh');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    engine = new TestEngine(database.url, { TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${server.port}` });
    await seedDemo({ databaseUrl: database.url, secretKey: engine.secretKey, warehouseUrl: warehouse.url });
    workspaceId = (await database.db.workspace.findUniqueOrThrow({ where: { slug: DEMO_WORKSPACE.slug } })).id;
    await createConnection(systemContext(database.db, workspaceId, 'test'), new SecretBox(engine.secretKey), {
      connId: 'cache',
      connType: 'redis',
      host: server.host,
      port: server.port,
      login: server.user,
      password: server.password,
      schema: '0',
    });
    engine.startScheduler();
    engine.startWorker();
  }, 120_000);
  afterAll(async () => {
    await engine?.stop('SIGKILL');
    redis?.disconnect();
    await client?.end();
    await database?.drop();
    await warehouse?.drop();
    await server?.stop();
  });

  it("caches the warehouse's per-course figures as one hash per course, equal to a computation of its own; a re-run leaves the same keys and values, and a deleted course loses its key", async () => {
    const example = readFileSync(path.join(ROOT, 'examples/connectors/course_stats_to_redis.yaml'), 'utf8');
    await deployUnpaused(database.db, workspaceId, example);
    const first = await waitForRun(database.db, await trigger(), 90_000);
    expect(first.states, engine.output().slice(-4000)).toEqual({ check_courses: 'success', check_reviews: 'success', push_to_redis: 'success' });

    const expected = await expectedHashes();
    expect(Object.keys(expected)).toHaveLength(6);
    expect(Object.values(expected).some((hash) => hash.avg_rating === undefined)).toBe(true);
    expect(await cachedHashes()).toEqual(expected);
    // Every course key expires within 4 hours: renewed each hour, it outlives two missed runs.
    for (const key of await courseKeys()) {
      const ttl = await redis.pttl(key);
      expect(ttl, key).toBeGreaterThan(3 * 3600_000);
      expect(ttl, key).toBeLessThanOrEqual(FOUR_HOURS_MS);
    }
    const before = await cacheSnapshot();

    const again = await waitForRun(database.db, await trigger(), 90_000);
    expect(again.run.state, engine.output().slice(-4000)).toBe('success');
    expect(checksum(await cacheSnapshot())).toBe(checksum(before));
    expect(await cachedHashes()).toEqual(expected);

    // A full refresh: the key of a course that no longer exists goes, the others stay as they were.
    await client.query('delete from course where course_id = 6 and not exists (select 1 from course_review where course_id = 6)');
    const third = await waitForRun(database.db, await trigger(), 90_000);
    expect(third.run.state, engine.output().slice(-4000)).toBe('success');
    const { 'course:6': removed, ...remaining } = expected;
    expect(removed).toBeDefined();
    expect(await cachedHashes()).toEqual(remaining);

    // The connection's password never reaches a task's log.
    const logs = await Promise.all([first, again, third].flatMap((run) => run.instances.map((ti) => attemptLog(database.db, ti.id, ti.tryNumber))));
    expect(logs.join('\n')).toContain("Loading into course:* on connection 'cache'");
    expect(logs.join('\n')).not.toContain(server.password);
  });
});
