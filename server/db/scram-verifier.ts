import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5803 format, as psql's
 * \password computes it). `ALTER ROLE ... PASSWORD '<verifier>'` then sets the password
 * without the plain text ever reaching the server, so it cannot land in the server's log
 * (which records a failing statement's text) or in pg_stat_activity.
 *
 * The passwords we generate are ASCII letters and digits, so SASLprep leaves them unchanged.
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16)): string {
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** A new random password: 32 bytes, hex (safe in a URL, a shell and a SQL literal). */
export function generateDatabasePassword(): string {
  return randomBytes(32).toString('hex');
}
