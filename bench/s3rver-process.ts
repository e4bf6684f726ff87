import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';
import { s3ServerHandle, type TS3Server } from '../tests/support/s3-server';

/**
 * tests/support/s3-server.ts's store, but in a child process (s3rver-child.ts), as a remote S3
 * would be: the bench's own thread then runs only the load. Same shape as startS3Server's.
 */
export async function startS3ServerProcess(): Promise<TS3Server> {
  const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, 's3rver-child.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = readline.createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line as string),
    exited.then(([code]) => Promise.reject(new Error(`the s3rver process exited (${String(code)}) before it listened`))),
  ]);
  lines.close();
  const store = JSON.parse(first) as { port: number; accessKeyId: string; secretAccessKey: string };
  return s3ServerHandle(store, async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  });
}
