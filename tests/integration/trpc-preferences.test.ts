import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

describe('tRPC: a user\'s time-zone preference', () => {
  let database: TTestDatabase;
  let alice: NonNullable<TTRPCContext['user']>;
  let bob: NonNullable<TTRPCContext['user']>;
  const as = (user: TTRPCContext['user']) => createCaller({ db: database.db, user, workspaceSlug: null });

  beforeAll(async () => {
    database = await createTestDatabase('trpc_preferences');
    for (const name of ['alice', 'bob'] as const) {
      const user = await database.db.user.create({ data: { email: `${name}@example.com`, name } });
      if (name === 'alice') alice = { id: user.id, email: user.email, name: user.name };
      else bob = { id: user.id, email: user.email, name: user.name };
    }
  });
  afterAll(() => database.drop());

  it('prints UTC until the user chooses, then keeps the choice on their own row only', async () => {
    expect(await as(alice).preferences.get()).toEqual({ timeZone: 'utc' });
    expect(await as(alice).preferences.setTimeZone({ timeZone: 'local' })).toEqual({ timeZone: 'local' });
    expect(await as(alice).preferences.get()).toEqual({ timeZone: 'local' });
    expect(await as(bob).preferences.get()).toEqual({ timeZone: 'utc' });
    const row = await database.db.user.findUniqueOrThrow({ where: { id: alice.id }, select: { timeZonePreference: true } });
    expect(row.timeZonePreference).toBe('local');
    await as(alice).preferences.setTimeZone({ timeZone: 'utc' });
    expect(await as(alice).preferences.get()).toEqual({ timeZone: 'utc' });
  });

  it('refuses a zone name or any other value, naming the field', async () => {
    const refused = await as(alice).preferences.setTimeZone({ timeZone: 'Europe/Berlin' as 'local' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('BAD_REQUEST');
    expect((refused as TRPCError).message).toContain('timeZone');
  });

  it('refuses a visitor without a session', async () => {
    const refused = await as(null).preferences.setTimeZone({ timeZone: 'local' }).catch((error: unknown) => error);
    expect((refused as TRPCError).code).toBe('UNAUTHORIZED');
  });

  it('the database refuses a value outside the two choices', async () => {
    await expect(database.db.user.update({ where: { id: bob.id }, data: { timeZonePreference: 'Mars/Olympus' } })).rejects.toThrow(/user_time_zone_preference_check/);
  });
});
