import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account.js';
import type { TResolvedConnection } from '../../server/tasks/task-type';

/**
 * A throwaway S3-compatible store (s3rver from npm) for the S3 connector's tests: 127.0.0.1 on
 * a free port, its objects in a temp folder, and a random key pair of its own, so a test can
 * look for the keys in logs and answers without matching s3rver's fixed S3RVER. s3rver refuses
 * an unknown access key id but does not check SigV4 signatures: a wrong secret passes.
 */
export type TS3Server = {
  port: number;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A client with the right keys straight to the store (no egress guard), for setting up and reading objects. */
  client: S3Client;
  createBucket(name: string): Promise<void>;
  /** The connection a task receives for this store. */
  connection(connId: string, overrides?: Partial<TResolvedConnection>): TResolvedConnection;
  stop(): Promise<void>;
};

export async function startS3Server(): Promise<TS3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'tributary-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = `s3-secret-${randomBytes(16).toString('hex')}`;
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  return s3ServerHandle({ port, accessKeyId, secretAccessKey }, async () => {
    DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });
}

/** A running store's handle (in this process or another): a client, buckets, connections, and `stop` after the client closes. */
export function s3ServerHandle(store: { port: number; accessKeyId: string; secretAccessKey: string }, stop: () => Promise<void>): TS3Server {
  const { port, accessKeyId, secretAccessKey } = store;
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
      await stop();
    },
  };
}
