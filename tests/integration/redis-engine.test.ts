import type { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, createWorkspace, deployUnpaused, waitForRun } from '../support/dag-runs';
import { databaseEndpoint, TestEngine, type TEngineProcess } from '../support/engine';
import { checksum, redisSnapshot, startRedisServer, type TRedisServer } from '../support/redis-server';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/**
 * A PostgreSQL → Redis load run by the real scheduler and worker processes, whose worker is
 * SIGKILLed halfway: the keys a reader sees stay exactly as before, and the retry completes them.
 */
describe('load into Redis on a real worker, killed halfway', () => {
  let database: TTestDatabase;
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let server: TRedisServer;
  let redis: Redis;
  let engine: TestEngine;
  let worker: TEngineProcess;
  let workspaceId: string;

  /** What a reader of the cache sees: every key but this load's staging keys (its lock and loaded set included). */
  const visible = async () => (await redisSnapshot(redis)).filter((entry) => !/^\["course:__tributary:(?!keys")/.test(entry));
  const trigger = async () => (await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId: 'courses_to_redis' })).id;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await server.connect(0);
    database = await createTestDatabase('redis_engine');
    warehouse = await createWarehouseDatabase('rediswh');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    workspaceId = (await createWorkspace(database.db, 'redis')).id;
    engine = new TestEngine(database.url, { TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${server.port}` });
    const ctx = systemContext(database.db, workspaceId, 'test');
    const box = new SecretBox(engine.secretKey);
    const wh = new URL(warehouse.url);
    await createConnection(ctx, box, {
      connId: 'wh', connType: 'postgres', host: wh.hostname, port: Number(wh.port), login: decodeURIComponent(wh.username),
      password: decodeURIComponent(wh.password), schema: wh.pathname.slice(1),
    });
    await createConnection(ctx, box, { connId: 'cache', connType: 'redis', host: server.host, port: server.port, login: server.user, password: server.password, schema: '0' });
    await createConnection(ctx, box, { connId: 'cache_metadata', connType: 'redis', host: '169.254.169.254', port: server.port, password: server.password });
    // Row 5,001 (the second batch) waits while the table `slow` has a row: the first batch is staged by then.
    // The source query has no ORDER BY: a sort would evaluate every row's filter, row 5,001's pause
    // included, before the cursor's first batch.
    await client.query(`create table slow (x int); create function pause_at(id int) returns boolean language plpgsql as $$
      begin if id = 5001 and exists (select 1 from slow) then perform pg_sleep(60); end if; return true; end $$`);
    engine.startScheduler();
    worker = engine.startWorker();
  }, 120_000);
  afterAll(async () => {
    await engine?.stop('SIGKILL');
    redis?.disconnect();
    await client?.end();
    await warehouse?.drop();
    await database?.drop();
    await server?.stop();
  });

  it('leaves the keys exactly as before when the worker is SIGKILLed mid-load, and the retry completes them', async () => {
    await deployUnpaused(database.db, workspaceId, `
dag_id: courses_to_redis
default_args: { retries: 2, retry_delay: 1s }
tasks:
  - task_id: push
    type: load
    source: { conn_id: wh, sql: "select course_id, title from courses where pause_at(course_id)" }
    target: { conn_id: cache, key_prefix: "course:", key_column: course_id }
  - { task_id: refused, type: load, retries: 0, source: { conn_id: wh, sql: "select 1 as id, 'x' as v" }, target: { conn_id: cache_metadata, key_prefix: "x:", key_column: id } }
`);
    await client.query(`create table courses as select g as course_id, 'before ' || g as title from generate_series(1, 8000) g`);
    const first = await waitForRun(database.db, await trigger(), 90_000);
    expect(first.states, engine.output().slice(-4000)).toEqual({ push: 'success', refused: 'failed' });
    const refused = first.instances.find((ti) => ti.taskId === 'refused')!;
    expect(await attemptLog(database.db, refused.id, 1)).toContain(
      `connection 'cache_metadata': Refused to connect to 169.254.169.254:${server.port} (link-local / cloud metadata address): Tributary never lets a workspace reach it.`,
    );
    const before = await visible();
    expect(before).toHaveLength(8001);

    await client.query(`drop table courses; create table courses as select g as course_id, 'after ' || g as title from generate_series(1, 6000) g`);
    await client.query('insert into slow values (1)');
    const runPk = await trigger();
    const staged = async () => (await redis.scan('0', 'MATCH', 'course:__tributary:*:*', 'COUNT', 100_000))[1].length >= 5000;
    await waitFor(staged, { timeoutMs: 90_000, what: 'the first batch to be staged' });
    worker.child.kill('SIGKILL');
    await worker.exited;
    expect(checksum(await visible())).toBe(checksum(before));

    await client.query('delete from slow');
    worker = engine.startWorker();
    const after = await waitForRun(database.db, runPk, 120_000);
    expect(after.states, engine.output().slice(-4000)).toMatchObject({ push: 'success' });
    const push = after.instances.find((ti) => ti.taskId === 'push')!;
    expect(push.tryNumber).toBeGreaterThanOrEqual(2);
    const log = await attemptLog(database.db, push.id, push.tryNumber);
    expect(log).toMatch(/Deleted \d+ staging keys of earlier attempts that did not finish/);
    expect(log).toContain('Switched 6000 keys in and deleted 2000 keys of the previous load in one MULTI/EXEC');
    expect(log).not.toContain(server.password);
    const keys = (await redis.keys('course:*')).filter((key) => !key.startsWith('course:__tributary:'));
    expect(keys).toHaveLength(6000);
    expect(await redis.hgetall('course:6000')).toEqual({ title: 'after 6000' });
    expect(await redis.exists('course:6001')).toBe(0);
    expect((await redis.keys('course:__tributary:*')).sort()).toEqual(['course:__tributary:keys']);
  });
});
