import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginRateLimiter } from '../../server/auth/login-rate-limiter';
import { verifyCredentials } from '../../server/auth/verify-credentials';
import { signUp } from '../../server/services/users/sign-up';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

describe('sign-in throttling in the login_throttle table', () => {
  let database: TTestDatabase;
  const limit = { maxFailures: 3, windowMs: 60_000 };

  beforeAll(async () => {
    database = await createTestDatabase('login_throttle');
    await signUp(database.db, { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' });
  });
  afterAll(async () => database?.drop());

  it('shares one budget between two web processes, and forgets it when the window ends', async () => {
    const first = new LoginRateLimiter(database.db, limit);
    const second = new LoginRateLimiter(database.db, limit);
    await first.recordFailure(['email:a@x', 'ip:10.0.0.1'], 1_000);
    await second.recordFailure(['email:a@x', 'ip:10.0.0.1'], 2_000);
    expect(await first.isBlocked(['email:a@x'], 2_500)).toBe(false);
    await first.recordFailure(['email:a@x', 'ip:10.0.0.1'], 3_000);
    expect(await second.isBlocked(['email:a@x'], 3_500)).toBe(true);
    // A new email from the guessing address is blocked too.
    expect(await second.isBlocked(['email:other@x', 'ip:10.0.0.1'], 3_500)).toBe(true);
    expect(await second.isBlocked(['email:other@x', 'ip:10.0.0.2'], 3_500)).toBe(false);
    // The window opened at 1 000 ends at 61 000: the next failure starts a new one.
    expect(await first.isBlocked(['email:a@x'], 61_000)).toBe(false);
    await first.recordFailure(['email:a@x'], 61_500);
    const row = await database.db.loginThrottle.findUniqueOrThrow({ where: { key: 'email:a@x' } });
    expect(row).toMatchObject({ failures: 1, windowStart: new Date(61_500) });
    // The expired address row was pruned by that write.
    expect(await database.db.loginThrottle.findUnique({ where: { key: 'ip:10.0.0.1' } })).toBeNull();
  });

  it('counts concurrent failures exactly (one upsert per attempt)', async () => {
    const limiter = new LoginRateLimiter(database.db, { maxFailures: 100, windowMs: 60_000 });
    const now = Date.now();
    await Promise.all(Array.from({ length: 20 }, () => limiter.recordFailure(['ip:race', 'email:race@x'], now)));
    const rows = await database.db.loginThrottle.findMany({ where: { key: { in: ['ip:race', 'email:race@x'] } } });
    expect(rows.map((row) => row.failures)).toEqual([20, 20]);
  });

  it('refuses even the right password once an account is throttled, and a good sign-in clears the account', async () => {
    const now = 10_000_000;
    const wrong = { email: 'ada@example.com', password: 'wrong password' };
    const right = { email: 'ADA@example.com', password: 'correct horse battery' };
    expect(await verifyCredentials(database.db, wrong, '192.0.2.1', now, limit)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyCredentials(database.db, wrong, '192.0.2.2', now, limit)).toEqual({ ok: false, reason: 'invalid' });
    // Below the limit the right password still works, and it resets the account's counter.
    expect(await verifyCredentials(database.db, right, '192.0.2.3', now, limit)).toMatchObject({ ok: true, user: { email: 'ada@example.com' } });
    expect(await database.db.loginThrottle.findUnique({ where: { key: 'email:ada@example.com' } })).toBeNull();
    for (const ip of ['192.0.2.4', '192.0.2.5', '192.0.2.6']) await verifyCredentials(database.db, wrong, ip, now, limit);
    expect(await verifyCredentials(database.db, right, '192.0.2.7', now, limit)).toEqual({ ok: false, reason: 'rate_limited' });
    expect(await verifyCredentials(database.db, right, '192.0.2.7', now + limit.windowMs, limit)).toMatchObject({ ok: true });
  });

  it('answers an unknown email like a wrong password, and counts it', async () => {
    const outcome = await verifyCredentials(database.db, { email: 'nobody@example.com', password: 'x' }, '192.0.2.9', 20_000_000, limit);
    expect(outcome).toEqual({ ok: false, reason: 'invalid' });
    expect(await database.db.loginThrottle.findUniqueOrThrow({ where: { key: 'email:nobody@example.com' } })).toMatchObject({ failures: 1 });
  });
});
