import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, Prisma, type PrismaClient } from '../../server/db/client';
import type { PgSql } from '../../server/db/pg-sql';
import { isWriteConflict } from '../../server/db/retry-conflicts';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

/** The engine's hot path runs its raw statements through PgSql: they must answer as through Prisma. */
describe('PgSql: raw statements on the pg driver', () => {
  let database: TTestDatabase;
  let db: PrismaClient;
  let sql: PgSql;
  const zone = process.env.TZ;
  beforeAll(async () => {
    // A process outside UTC: the pg driver's own Date handling would read and write a column
    // without a time zone in local time, hours away from what Prisma reads.
    process.env.TZ = 'Asia/Seoul';
    database = await createTestDatabase('pgsql');
    ({ db, sql } = createDatabase(database.url, { max: 3 }));
    await db.$executeRaw`create table pgsql_probe (id int primary key, at timestamp(3), label text)`;
  });
  afterAll(async () => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
    await db?.$disconnect();
    await database?.drop();
  });

  it('reads every type as Prisma reads it, and sends arrays, nulls and dates alike', async () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    const query = (client: PrismaClient | PgSql) => client.$queryRaw<Record<string, unknown>[]>`
      select count(*) as n, 12.50::numeric(10,2) as amount, ${at}::timestamptz as at_tz, ${at}::timestamp as at_plain,
             '{"a": [1, 2]}'::jsonb as doc, ${['x', 'y', null]}::text[] as names, ${[1, 2]}::int[] as numbers,
             ${[true, false]}::boolean[] as flags, '2026-07-01 23:30:00'::timestamp as literal_plain, ${null}::text as nothing, 7::int as small
      from generate_series(1, 3)`;
    const [viaPrisma] = await query(db);
    const [viaDriver] = await query(sql);
    expect(viaDriver).toEqual(viaPrisma);
    expect(viaDriver).toMatchObject({ n: 3n, at_tz: at, at_plain: at, doc: { a: [1, 2] }, names: ['x', 'y', null], numbers: [1, 2], flags: [true, false], literal_plain: new Date('2026-07-01T23:30:00Z'), nothing: null, small: 7 });
    expect(String(viaDriver!.amount)).toBe('12.5');
  });

  it('writes a Date to a column without a time zone as the same instant Prisma reads back, whatever the zone of the session', async () => {
    const at = new Date('2026-07-01T23:30:00.000Z');
    await sql.$transaction(async (tx) => {
      await tx.$executeRaw`set local time zone 'America/Los_Angeles'`;
      await tx.$executeRaw`insert into pgsql_probe (id, at, label) values (1, ${at}, 'one')`;
    });
    expect(await db.$queryRaw`select at from pgsql_probe where id = 1`).toEqual([{ at }]);
  });

  it('commits a transaction, rolls back one that throws, and bounds its statements with the timeout', async () => {
    await sql.$transaction((tx) => tx.$executeRaw`insert into pgsql_probe (id, label) values (2, 'kept')`);
    await expect(
      sql.$transaction(async (tx) => {
        await tx.$executeRaw`insert into pgsql_probe (id, label) values (3, 'rolled back')`;
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    await expect(sql.$transaction((tx) => tx.$queryRaw`select pg_sleep(5)`, { timeout: 100 })).rejects.toThrow(/statement timeout/);
    expect(await sql.$queryRaw`select id, label from pgsql_probe where id in (2, 3) order by id`).toEqual([{ id: 2, label: 'kept' }]);
    // The pool is usable afterwards: no connection was left inside a transaction.
    expect(await sql.$queryRaw`select count(*)::int as open from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`).toEqual([{ open: 0 }]);
  });

  it('runs Prisma.sql fragments and unsafe text with parameters, as pg-boss sends its statements', async () => {
    const where = Prisma.sql`id = any(${[1, 2]}::int[])`;
    expect(await sql.$queryRaw`select id from pgsql_probe where ${where} order by id`).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await sql.$queryRawUnsafe('select $1::text as label, $2::int as id', 'x', 5)).toEqual([{ label: 'x', id: 5 }]);
    expect(await sql.$executeRaw`update pgsql_probe set label = 'changed' where ${where}`).toBe(2);
  });

  it('reports a deadlock or serialization failure as a write conflict, which the engine retries', async () => {
    for (const code of ['40P01', '40001']) {
      const failure = await sql.$queryRawUnsafe(`do $$ begin raise exception 'conflict in a test' using errcode = '${code}'; end $$`).then(() => null, (error: unknown) => error);
      expect(isWriteConflict(failure), code).toBe(true);
    }
    const other = await sql.$queryRawUnsafe('select 1/0').then(() => null, (error: unknown) => error);
    expect(isWriteConflict(other)).toBe(false);
  });
});
