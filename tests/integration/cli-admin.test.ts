import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../../cli/testing/run-cli';
import { verifyPassword } from '../../server/auth/password';
import { startRestServer } from '../support/rest-server';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

describe('tributary admin: workspaces, users and tokens straight in the database', () => {
  let database: TTestDatabase;
  let server: { url: string; close: () => Promise<void> };
  let admin: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('cli_admin');
    server = await startRestServer(database.db);
    admin = { DATABASE_URL: database.url };
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('creates a workspace with its default pool, and refuses a second one with the same slug', async () => {
    const created = await runCli(['admin', 'create-workspace', 'acme', '--name', 'Acme Data'], admin);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created workspace acme (Acme Data).');
    const workspace = await database.db.workspace.findUniqueOrThrow({ where: { slug: 'acme' }, include: { pools: true } });
    expect(workspace.pools.map((pool) => pool.name)).toEqual(['default_pool']);
    const again = await runCli(['admin', 'create-workspace', 'acme'], admin);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("A workspace 'acme' already exists.");
  });

  it('creates a user with a given password (hashed) and their membership', async () => {
    const result = await runCli(['admin', 'create-user', 'Ada@Example.com', '--workspace', 'acme', '--role', 'admin', '--password', 'correct horse'], admin);
    expect(result.code, result.stderr).toBe(0);
    const user = await database.db.user.findUniqueOrThrow({ where: { email: 'ada@example.com' }, include: { memberships: true } });
    expect(user.passwordHash).not.toContain('correct horse');
    expect(await verifyPassword(user.passwordHash!, 'correct horse')).toBe(true);
    expect(user.memberships.map((m) => m.role)).toEqual(['admin']);
  });

  it('generates and prints a password once when none is given and nobody can type one', async () => {
    const created = parseJson<{ generated_password: string; role: string }>(
      await runCli(['admin', 'create-user', 'bob@example.com', '--workspace', 'acme', '--role', 'viewer', '--json'], admin),
    );
    expect(created.generated_password).toMatch(/^\S{12,}$/);
    const user = await database.db.user.findUniqueOrThrow({ where: { email: 'bob@example.com' } });
    expect(await verifyPassword(user.passwordHash!, created.generated_password)).toBe(true);
    const unknown = await runCli(['admin', 'create-user', 'eve@example.com', '--workspace', 'nope', '--role', 'viewer'], admin);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No workspace 'nope'");
  });

  it('creates a token that the server commands then use', async () => {
    const result = await runCli(['admin', 'create-token', '--workspace', 'acme', '--role', 'editor', '--name', 'ci'], admin);
    expect(result.code, result.stderr).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^trb_/);
    expect(result.stderr).toContain('shown only this once');
    const listed = await runCli(['dags', 'list'], { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: token });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('No DAGs in this workspace yet');
    const json = parseJson<{ token: string; role: string }>(await runCli(['admin', 'create-token', '--workspace', 'acme', '--role', 'viewer', '--json'], admin));
    expect(json.role).toBe('viewer');
  });

  it('says how to get a database when there is none', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'tributary-cli-admin-'));
    try {
      const result = await runCli(['admin', 'create-workspace', 'x1'], { TRIBUTARY_DATA_DIR: empty });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/No database: DATABASE_URL is not set .* Run `npm start` once/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
