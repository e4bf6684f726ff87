import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, SecretBox } from '../../server/auth/secret-box';
import { ensureDatabase, quoteIdent } from '../../server/db/embedded-postgres';
import { DEMO_LOGIN, seedDemo } from '../../prisma/seed';
import { ROOT } from '../../scripts/migrate';
import { prepareSampleWarehouse } from '../../scripts/database-roles';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { createBlankDatabase, createTestDatabase, type TTestDatabase } from '../support/test-database';
import { verifyPassword } from '../../server/auth/password';

const TABLES = [
  'user', 'workspace', 'membership', 'pool', 'connection', 'dag', 'dag_version', 'audit_log', 'dag_run', 'task_instance',
];

async function snapshot(database: TTestDatabase) {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await database.db.$queryRawUnsafe<{ count: bigint }[]>(`select count(*) from "${table}"`);
    counts[table] = Number(row?.count);
  }
  const versions = await database.db.dagVersion.findMany({ select: { id: true, contentHash: true }, orderBy: { id: 'asc' } });
  const connections = await database.db.connection.findMany({ select: { passwordEncrypted: true, updatedAt: true } });
  const users = await database.db.user.findMany({ select: { passwordHash: true, updatedAt: true } });
  return { counts, versions, connections, users };
}

async function warehouseCounts(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ t: string; n: string }>(
      `select 'course' t, count(*) n from course union all select 'course_review', count(*) from course_review
       union all select 'orders', count(*) from orders`,
    );
    return Object.fromEntries(result.rows.map((row) => [row.t, Number(row.n)]));
  } finally {
    await client.end();
  }
}

describe('seed', () => {
  let database: TTestDatabase;
  let warehouse: TTestDatabase;
  const secretKey = generateKey();

  beforeAll(async () => {
    database = await createTestDatabase('seed');
    warehouse = await createBlankDatabase('warehouse');
    await seedDemo({ databaseUrl: database.url, secretKey, warehouseUrl: warehouse.url });
  });
  afterAll(async () => {
    await database.drop();
    await warehouse.drop();
  });

  it('creates the demo workspace, its owner, the default pool and every example DAG, paused', async () => {
    const workspace = await database.db.workspace.findUniqueOrThrow({ where: { slug: 'demo' }, include: { memberships: { include: { user: true } } } });
    expect(workspace.memberships.map((m) => [m.user.email, m.role])).toEqual([[DEMO_LOGIN.email, 'owner']]);
    expect(await verifyPassword(workspace.memberships[0]!.user.passwordHash!, DEMO_LOGIN.password)).toBe(true);
    expect(await database.db.pool.findMany({ select: { name: true, slots: true } })).toEqual([{ name: 'default_pool', slots: 128 }]);
    const dags = await database.db.dag.findMany({ select: { dagId: true, isPaused: true, currentVersionId: true }, orderBy: { dagId: 'asc' } });
    // Every example, each named for its file.
    const examples = (await readdir(path.join(ROOT, 'examples'))).filter((file) => file.endsWith('.yaml')).map((file) => file.replace(/\.yaml$/, '')).sort();
    expect(examples).toContain('hello_world');
    expect(dags.map((dag) => dag.dagId)).toEqual(examples);
    expect(dags.every((dag) => dag.isPaused && dag.currentVersionId)).toBe(true);
  });

  it('stores the warehouse password encrypted, never in clear', async () => {
    const connection = await database.db.connection.findFirstOrThrow({ where: { connId: 'warehouse' } });
    const password = decodeURIComponent(new URL(warehouse.url).password);
    expect(connection.passwordEncrypted).toMatch(/^v1:/);
    expect(connection.passwordEncrypted).not.toContain(password);
  });

  it('loads the sample warehouse tables', async () => {
    const counts = await warehouseCounts(warehouse.url);
    expect(counts.course).toBe(6);
    expect(counts.course_review).toBe(60);
    expect(counts.orders).toBeGreaterThan(365 * 3);
  });

  it('changes nothing when it runs a second time', async () => {
    const before = await snapshot(database);
    const warehouseBefore = await warehouseCounts(warehouse.url);
    await seedDemo({ databaseUrl: database.url, secretKey, warehouseUrl: warehouse.url });
    expect(await snapshot(database)).toEqual(before);
    expect(await warehouseCounts(warehouse.url)).toEqual(warehouseBefore);
  });

  it('deploys a connector example of examples/connectors only once every connection it names exists, and skips the others silently', async () => {
    const connectorDags = () =>
      database.db.dag.findMany({ where: { dagId: { in: ['course_stats_to_mysql', 'course_stats_to_redis', 'events_from_lake'] } }, select: { dagId: true, isPaused: true }, orderBy: { dagId: 'asc' } });
    const examples = (await readdir(path.join(ROOT, 'examples'))).filter((file) => file.endsWith('.yaml')).length;
    const workspace = await database.db.workspace.findUniqueOrThrow({ where: { slug: 'demo' } });
    const ctx = systemContext(database.db, workspace.id, 'test');
    const box = new SecretBox(secretKey);
    // The demo alone: none of app_db, cache or lake.
    expect(await connectorDags()).toEqual([]);

    await createConnection(ctx, box, { connId: 'cache', connType: 'redis', host: '127.0.0.1', port: 6379, schema: '0' });
    const withCache = await seedDemo({ databaseUrl: database.url, secretKey, warehouseUrl: warehouse.url });
    expect(await connectorDags()).toEqual([{ dagId: 'course_stats_to_redis', isPaused: true }]);
    expect(withCache).toMatchObject({ dags: examples + 1, warnings: [] });

    await createConnection(ctx, box, { connId: 'lake', connType: 's3', login: 'test-key-id', password: 'test-secret', extra: { endpoint_url: 'http://127.0.0.1:9000' } });
    const withLake = await seedDemo({ databaseUrl: database.url, secretKey, warehouseUrl: warehouse.url });
    expect(await connectorDags()).toEqual([
      { dagId: 'course_stats_to_redis', isPaused: true },
      { dagId: 'events_from_lake', isPaused: true },
    ]);
    // course_stats_to_mysql still waits for app_db; a second seed made no new version of the redis example.
    expect(withLake).toMatchObject({ dags: examples + 2, warnings: [] });
    expect(await database.db.dagVersion.count({ where: { dag: { dagId: 'course_stats_to_redis' } } })).toBe(1);
  });
});

describe('seed, on a demo workspace made by an earlier version', () => {
  let database: TTestDatabase;
  let folder: string;
  const secretKey = generateKey();

  beforeAll(async () => {
    database = await createTestDatabase('seed_upgrade');
    folder = await mkdtemp(path.join(os.tmpdir(), 'tributary-seed-'));
  });
  afterAll(async () => {
    await database.drop();
    const client = new pg.Client({ connectionString: database.serverUrl });
    await client.connect();
    const warehouse = quoteIdent(`${database.name}_warehouse`);
    await client.query(`drop database if exists ${warehouse} with (force)`);
    await client.query(`drop role if exists ${warehouse}`);
    await client.end();
    await rm(folder, { recursive: true, force: true });
  });

  it("moves the `warehouse` connection off the metadata role onto the warehouse's own role", async () => {
    // Earlier versions: the warehouse made, filled and logged into as the metadata role.
    const oldUrl = Object.assign(new URL(database.url), { pathname: `/${database.name}_warehouse` }).toString();
    await ensureDatabase(database.serverUrl, `${database.name}_warehouse`);
    await seedDemo({ databaseUrl: database.url, secretKey, warehouseUrl: oldUrl });
    const metadataLogin = new URL(database.url).username;
    expect((await database.db.connection.findFirstOrThrow({ where: { connId: 'warehouse' } })).login).toBe(metadataLogin);

    const said: string[] = [];
    const passwordFile = path.join(folder, 'warehouse.password');
    const warehouseUrl = await prepareSampleWarehouse({ databaseUrl: database.url, passwordFile, say: (line) => said.push(line) });
    expect(said).toEqual([]);
    const seeded = await seedDemo({ databaseUrl: database.url, secretKey, warehouseUrl });

    const connection = await database.db.connection.findFirstOrThrow({ where: { connId: 'warehouse' } });
    expect(connection.login).toBe(`${database.name}_warehouse`);
    expect(seeded.warnings).toEqual([]);
    expect(new SecretBox(secretKey).decrypt(connection.passwordEncrypted!)).toBe((await readFile(passwordFile, 'utf8')).trim());
    const audit = await database.db.auditLog.findMany({ where: { action: 'connection.update', targetId: 'warehouse' } });
    expect(audit).toHaveLength(1);
    expect(await warehouseCounts(warehouseUrl!)).toMatchObject({ course: 6, course_review: 60 });
  });

  it('warns when a connection still logs in as the metadata role and no warehouse role could be made', async () => {
    const connection = await database.db.connection.findFirstOrThrow({ where: { connId: 'warehouse' } });
    const metadataLogin = new URL(database.url).username;
    await database.db.connection.update({ where: { id: connection.id }, data: { login: metadataLogin } });
    const seeded = await seedDemo({ databaseUrl: database.url, secretKey, warehouseUrl: null });
    expect(seeded.warnings).toEqual([expect.stringContaining(`logs in as the metadata database's role '${metadataLogin}'`)]);
  });
});
