/**
 * Failed sign-in attempts, counted per key (an email, an IP address) in a fixed window.
 *
 * In-process on purpose: it needs no table and no write per attempt, and a sign-in storm is
 * best absorbed before it reaches the database. The cost: with N web processes an attacker
 * gets N times the budget per key. That still bounds guessing to a few hundred tries per hour
 * per account; move the counters to a table when the web tier grows beyond a handful of
 * processes. The clock is an argument, so the limiter is tested without waiting.
 */
export type TRateLimit = { maxFailures: number; windowMs: number };

type TWindow = { startedAt: number; failures: number };

export const LOGIN_RATE_LIMIT: TRateLimit = { maxFailures: 10, windowMs: 15 * 60 * 1000 };

export class LoginRateLimiter {
  private readonly windows = new Map<string, TWindow>();

  constructor(private readonly limit: TRateLimit = LOGIN_RATE_LIMIT) {}

  /** True when any of the keys has used up its failures in the current window. */
  isBlocked(keys: readonly string[], now: number): boolean {
    return keys.some((key) => {
      const window = this.current(key, now);
      return window !== null && window.failures >= this.limit.maxFailures;
    });
  }

  recordFailure(keys: readonly string[], now: number): void {
    this.prune(now);
    for (const key of keys) {
      const window = this.current(key, now) ?? { startedAt: now, failures: 0 };
      window.failures++;
      this.windows.set(key, window);
    }
  }

  /** A successful sign-in clears its account's counter (not its IP's: one good password does not vouch for the rest). */
  clear(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, now: number): TWindow | null {
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.limit.windowMs) return null;
    return window;
  }

  /** Drops expired windows so keys from a scan of many emails do not accumulate forever. */
  private prune(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.limit.windowMs) this.windows.delete(key);
    }
  }
}
