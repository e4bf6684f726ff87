import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './login-rate-limiter';

describe('LoginRateLimiter', () => {
  const limit = { maxFailures: 3, windowMs: 1000 };

  it('blocks a key after its failures in the window, and forgets them when the window ends', () => {
    const limiter = new LoginRateLimiter(limit);
    for (let i = 0; i < 3; i++) limiter.recordFailure(['email:a', 'ip:1'], 100 + i);
    expect(limiter.isBlocked(['email:a'], 200)).toBe(true);
    expect(limiter.isBlocked(['ip:1'], 200)).toBe(true);
    expect(limiter.isBlocked(['email:b', 'ip:2'], 200)).toBe(false);
    expect(limiter.isBlocked(['email:a'], 1100)).toBe(false);
  });

  it('blocks when any one of the keys is blocked (a new email from a guessing IP)', () => {
    const limiter = new LoginRateLimiter(limit);
    for (let i = 0; i < 3; i++) limiter.recordFailure([`email:${i}`, 'ip:1'], 0);
    expect(limiter.isBlocked(['email:new', 'ip:1'], 10)).toBe(true);
  });

  it('clears an account after a successful sign-in', () => {
    const limiter = new LoginRateLimiter(limit);
    limiter.recordFailure(['email:a'], 0);
    limiter.recordFailure(['email:a'], 0);
    limiter.clear('email:a');
    limiter.recordFailure(['email:a'], 0);
    expect(limiter.isBlocked(['email:a'], 0)).toBe(false);
  });
});
