import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, SecretBox } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';
import { startS3Server, type TS3Server } from '../support/s3-server';

/**
 * `s3` connections over REST against a real S3-compatible store (s3rver): the access key id and
 * the secret write-only, and "Test" that lists through the egress guard.
 */
describe('REST v1: s3 connections and their Test action', () => {
  const secretKey = generateKey();
  const box = new SecretBox(secretKey);
  const before = { allow: process.env.TRIBUTARY_EGRESS_ALLOW, databaseUrl: process.env.DATABASE_URL, key: process.env.TRIBUTARY_SECRET_KEY };
  let rest: TRestFixture;
  let s3: TS3Server;

  const setAllow = (value: string) => {
    process.env.TRIBUTARY_EGRESS_ALLOW = value;
    resetEnvCache();
  };
  const fields = (extra: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) => ({
    conn_type: 's3', login: s3.accessKeyId, password: s3.secretAccessKey, extra: JSON.stringify({ endpoint_url: s3.endpoint, ...extra }), ...overrides,
  });
  const where = () => `${s3.endpoint} (region us-east-1)`;

  beforeAll(async () => {
    process.env.TRIBUTARY_SECRET_KEY = secretKey;
    s3 = await startS3Server();
    await s3.createBucket('lake');
    await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'a.csv', Body: 'x\n1\n' }));
    rest = await startRestFixture('s3_connections');
    process.env.DATABASE_URL = rest.database.url;
    setAllow('127.0.0.1');
  });
  afterAll(async () => {
    await rest?.close();
    await s3?.stop();
    for (const [name, value] of [['TRIBUTARY_EGRESS_ALLOW', before.allow], ['DATABASE_URL', before.databaseUrl], ['TRIBUTARY_SECRET_KEY', before.key]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  it('lists the bucket the connection names, or the buckets, given the fields or a stored connection', async () => {
    const given = await rest.admin('POST', '/connections/test', { connection_id: 'probe', ...fields({ bucket: 'lake' }) });
    expect(given.body).toEqual({ status: true, message: `Connected to ${where()} and listed bucket lake.` });
    const created = await rest.admin('POST', '/connections', { connection_id: 'lake', ...fields() });
    expect(created.status).toBe(201);
    const stored = await rest.admin('POST', '/connections/test', { connection_id: 'lake' });
    expect(stored.body).toEqual({ status: true, message: `Connected to ${where()} and listed 1 bucket.` });
  });

  it('keeps the access key id and the secret write-only: encrypted or masked, never answered, and kept by a round trip', async () => {
    await rest.admin('POST', '/connections', { connection_id: 'kept', ...fields({ region_name: 'us-east-1' }) });
    const read = await rest.viewer('GET', '/connections/kept');
    expect(read.body).toMatchObject({ connection_id: 'kept', conn_type: 's3', login: '***' });
    const listed = await rest.viewer('GET', '/connections');
    const row = await rest.database.db.connection.findUniqueOrThrow({ where: { workspaceId_connId: { workspaceId: rest.workspaceId, connId: 'kept' } } });
    expect(box.decrypt(row.passwordEncrypted!)).toBe(s3.secretAccessKey);
    // What a client read, sent back with one field changed: the masked login keeps the stored key id.
    const patched = await rest.admin('PATCH', '/connections/kept', { ...read.body, extra: JSON.stringify({ endpoint_url: s3.endpoint, bucket: 'lake' }) });
    expect(patched.status).toBe(200);
    const test = await rest.admin('POST', '/connections/test', { connection_id: 'kept' });
    expect(test.body).toEqual({ status: true, message: `Connected to ${where()} and listed bucket lake.` });
    for (const text of [read.text, listed.text, patched.text, test.text]) {
      expect(text).not.toContain(s3.secretAccessKey);
      expect(text).not.toContain(s3.accessKeyId);
    }
  });

  it("answers the store's refusal in its words: an unknown key id, a missing bucket, a connection without its secret", async () => {
    // s3rver does not check SigV4 signatures (its code says so): a wrong secret cannot be refused by it.
    const unknownKey = await rest.admin('POST', '/connections/test', fields({}, { login: 'AKIAUNKNOWN' }));
    expect(unknownKey.body.message).toBe(`Could not list buckets on ${where()}: InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records. (HTTP 403)`);
    const noBucket = await rest.admin('POST', '/connections/test', fields({ bucket: 'nowhere' }));
    expect(noBucket.body.message).toBe(`Could not list bucket nowhere on ${where()}: NoSuchBucket: The specified bucket does not exist (HTTP 404)`);
    const noSecret = await rest.admin('POST', '/connections/test', fields({}, { password: null }));
    expect(noSecret.body.message).toBe("connection 'test': an s3 connection needs login (the access key id) and password (the secret access key)");
  });

  it('refuses, before connecting, the cloud metadata address and a loopback port that is not allowed, naming the rule', async () => {
    const metadata = await rest.admin('POST', '/connections/test', fields({ endpoint_url: 'http://169.254.169.254' }));
    expect(metadata.body).toEqual({
      status: false,
      message: 'Refused to connect to 169.254.169.254:80 (link-local / cloud metadata address): Tributary never lets a workspace reach it.',
    });
    setAllow(`127.0.0.1:${s3.port + 1}`);
    try {
      const notAllowed = await rest.admin('POST', '/connections/test', fields());
      expect(notAllowed.body).toEqual({
        status: false,
        message: `Refused to connect to 127.0.0.1:${s3.port} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${s3.port} (or a CIDR).`,
      });
    } finally {
      setAllow('127.0.0.1');
    }
  });
});
