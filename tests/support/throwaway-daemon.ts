import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

/** Where Debian puts servers' programs, searched after PATH (root's PATH may lack /usr/sbin). */
const SEARCHED = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];

/** A program's path, or an error saying which Debian package gives it. */
export function findProgram(name: string, installHint: string): string {
  const fromPath = (process.env.PATH ?? '').split(':').filter(Boolean);
  for (const dir of [...fromPath, ...SEARCHED]) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found: ${installHint}`);
}

/** Stops a test's server (SIGTERM, SIGKILL after 15 s) and removes its temporary folder. */
export function daemonStopper(child: ChildProcess, dir: string): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
}
