import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { TS3Server } from '../tests/support/s3-server';

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
  const { port, accessKeyId, secretAccessKey } = JSON.parse(first) as { port: number; accessKeyId: string; secretAccessKey: string };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  return {
    port,
    endpoint,
    accessKeyId,
    secretAccessKey,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    connection: (connId, overrides = {}) => ({
      connId, connType: 's3', host: null, port: null, login: accessKeyId, password: secretAccessKey, schema: null, extra: { endpoint_url: endpoint }, ...overrides,
    }),
    async stop() {
      client.destroy();
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
