import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { PrismaClient } from '../db/client';
import { LOGIN_RATE_LIMIT, LoginRateLimiter, type TRateLimit } from './login-rate-limiter';
import { hashPassword, verifyPassword } from './password';

export const ZCredentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

export type TCredentialsOutcome =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: 'invalid' | 'rate_limited' };

// A hash of a random password, made once: an unknown email costs the same argon2 work as a
// known one, so response time does not tell which emails have accounts.
let dummyHash: Promise<string> | null = null;

/**
 * Email + password sign-in. Every failure looks the same to the caller ('invalid'), whether
 * the email is unknown, the account has no password (OAuth only) or the password is wrong.
 */
export async function verifyCredentials(
  db: PrismaClient,
  input: unknown,
  clientIp: string,
  now: number = Date.now(),
  limit: TRateLimit = LOGIN_RATE_LIMIT,
): Promise<TCredentialsOutcome> {
  const limiter = new LoginRateLimiter(db, limit);
  const parsed = ZCredentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;
  const keys = [`email:${email}`, `ip:${clientIp}`];
  if (await limiter.isBlocked(keys, now)) return { ok: false, reason: 'rate_limited' };
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
  const valid = await verifyPassword(user?.passwordHash ?? (await (dummyHash ??= hashPassword(randomBytes(16).toString('hex')))), password);
  if (!user || !user.passwordHash || !valid) {
    await limiter.recordFailure(keys, now);
    return { ok: false, reason: 'invalid' };
  }
  await limiter.clear(keys[0] ?? '');
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

/** The first address of X-Forwarded-For (set by Next's server or the proxy in front of it). */
export function clientIpOf(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || headers.get('x-real-ip') || 'unknown';
}
