import type { PrismaClient } from '../db/client';

/**
 * Failed sign-in attempts, counted per key (an email, an IP address) in a fixed window, in the
 * `login_throttle` table: every web process shares the same budget, so adding processes does
 * not multiply an attacker's guesses. One row per key; a failure after the window has ended
 * starts a new window in the same upsert. The clock is an argument, so tests do not wait.
 */
export type TRateLimit = { maxFailures: number; windowMs: number };

export const LOGIN_RATE_LIMIT: TRateLimit = { maxFailures: 10, windowMs: 15 * 60 * 1000 };

export class LoginRateLimiter {
  constructor(
    private readonly db: PrismaClient,
    private readonly limit: TRateLimit = LOGIN_RATE_LIMIT,
  ) {}

  /** True when any of the keys has used up its failures in its current window. */
  async isBlocked(keys: readonly string[], now: number): Promise<boolean> {
    const blocked = await this.db.loginThrottle.count({
      where: { key: { in: [...keys] }, windowStart: { gt: this.windowOpenedAfter(now) }, failures: { gte: this.limit.maxFailures } },
    });
    return blocked > 0;
  }

  async recordFailure(keys: readonly string[], now: number): Promise<void> {
    const at = new Date(now);
    const expired = this.windowOpenedAfter(now);
    // Sorted keys: two failures racing on the same keys lock the rows in the same order.
    await this.db.$executeRaw`
      INSERT INTO login_throttle (key, "windowStart", failures)
      SELECT key, ${at}, 1 FROM unnest(${[...keys].sort()}::text[]) AS key
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle."windowStart" <= ${expired} THEN 1 ELSE login_throttle.failures + 1 END,
        "windowStart" = CASE WHEN login_throttle."windowStart" <= ${expired} THEN ${at} ELSE login_throttle."windowStart" END`;
    // Rows of a scan over many emails would otherwise stay forever.
    await this.db.loginThrottle.deleteMany({ where: { windowStart: { lte: expired } } });
  }

  /** A successful sign-in clears its account's counter (not its IP's: one good password does not vouch for the rest). */
  async clear(key: string): Promise<void> {
    await this.db.loginThrottle.deleteMany({ where: { key } });
  }

  private windowOpenedAfter(now: number): Date {
    return new Date(now - this.limit.windowMs);
  }
}
