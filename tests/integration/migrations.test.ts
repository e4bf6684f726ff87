import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, ROOT } from '../../scripts/migrate';
import { createBlankDatabase, type TTestDatabase } from '../support/test-database';

describe('migrations', () => {
  let database: TTestDatabase;

  beforeAll(async () => {
    database = await createBlankDatabase('migrations');
    await migrateDatabase(database.url);
  });
  afterAll(() => database.drop());

  it('create every table of the data model in an empty database', async () => {
    const rows = await database.db.$queryRaw<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'account', 'api_token', 'audit_log', 'backfill', 'connection', 'dag', 'dag_run', 'dag_version',
        'job', 'log_chunk', 'membership', 'pool', 'session', 'task_attempt', 'task_instance', 'user',
        'variable', 'verification_token', 'workspace',
      ]),
    );
  });

  it('apply again as a no-op', async () => {
    await migrateDatabase(database.url);
    const [row] = await database.db.$queryRaw<{ count: bigint }[]>`select count(*) from _prisma_migrations where finished_at is not null`;
    const migrationCount = (await import('node:fs')).readdirSync(path.join(ROOT, 'prisma', 'migrations')).filter((name) => /^\d/.test(name)).length;
    expect(Number(row?.count)).toBe(migrationCount);
  });

  it('match prisma/schema.prisma exactly (a schema change without a migration fails here)', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, 'scripts', 'prisma.mjs'), 'migrate', 'diff', '--from-config-datasource', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url }, encoding: 'utf8' },
    );
    expect(result.stdout + result.stderr).not.toMatch(/ALTER|CREATE|DROP/);
    expect(result.status).toBe(0);
  });

  it.each([
    ['a task instance state', `insert into task_instance (id, "workspaceId", "dagRunId", "taskId", "taskType", state, "updatedAt") values ('x', 'w', 'r', 't', 'bash', 'exploded', now())`],
    ['a job type', `insert into job (id, "jobType", hostname, pid) values ('j', 'poller', 'h', 1)`],
    ['a membership role', `insert into membership (id, "workspaceId", "userId", role) values ('m', 'w', 'u', 'superuser')`],
  ])('reject an unknown value for %s with a CHECK constraint', async (_what, sql) => {
    await expect(database.db.$executeRawUnsafe(sql)).rejects.toThrow(/check constraint|violates/i);
  });
});
