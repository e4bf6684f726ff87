import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, SecretBox } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import { startRedisServer, type TRedisServer } from '../support/redis-server';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';

/**
 * `redis` connections over REST against a real redis-server: created like any other type with
 * the password write-only, and "Test" that logs in through the egress guard and runs PING.
 */
describe('REST v1: redis connections and their Test action', () => {
  const secretKey = generateKey();
  const box = new SecretBox(secretKey);
  const before = { allow: process.env.TRIBUTARY_EGRESS_ALLOW, databaseUrl: process.env.DATABASE_URL, key: process.env.TRIBUTARY_SECRET_KEY };
  let rest: TRestFixture;
  let redis: TRedisServer;
  let version: string;

  const setAllow = (value: string) => {
    process.env.TRIBUTARY_EGRESS_ALLOW = value;
    resetEnvCache();
  };
  const fields = (overrides: Record<string, unknown> = {}) => ({
    conn_type: 'redis', host: redis.host, port: redis.port, login: redis.user, password: redis.password, schema: '2', ...overrides,
  });

  beforeAll(async () => {
    process.env.TRIBUTARY_SECRET_KEY = secretKey;
    redis = await startRedisServer();
    const session = await redis.connect();
    version = /^redis_version:(\S+)/m.exec(await session.info('server'))![1]!;
    session.disconnect();
    rest = await startRestFixture('redis_connections');
    process.env.DATABASE_URL = rest.database.url;
    setAllow('127.0.0.1,::1');
  });
  afterAll(async () => {
    await rest?.close();
    await redis?.stop();
    for (const [name, value] of [['TRIBUTARY_EGRESS_ALLOW', before.allow], ['DATABASE_URL', before.databaseUrl], ['TRIBUTARY_SECRET_KEY', before.key]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  it('authenticates as the ACL user and runs PING, given the fields or a stored connection whose password is encrypted and never answered', async () => {
    const expected = { status: true, message: `Connected to 127.0.0.1:${redis.port} db 2 (Redis ${version}) and ran PING.` };
    const given = await rest.admin('POST', '/connections/test', { connection_id: 'probe', ...fields() });
    expect(given.body).toEqual(expected);
    const created = await rest.admin('POST', '/connections', { connection_id: 'cache', ...fields() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ connection_id: 'cache', conn_type: 'redis', host: redis.host, port: redis.port, schema: '2' });
    const row = await rest.database.db.connection.findUniqueOrThrow({ where: { workspaceId_connId: { workspaceId: rest.workspaceId, connId: 'cache' } } });
    expect(box.decrypt(row.passwordEncrypted!)).toBe(redis.password);
    const stored = await rest.admin('POST', '/connections/test', { connection_id: 'cache' });
    expect(stored.body).toEqual(expected);
    const read = await rest.viewer('GET', '/connections/cache');
    const listed = await rest.viewer('GET', '/connections');
    for (const text of [given.text, created.text, stored.text, read.text, listed.text, JSON.stringify(row)]) expect(text).not.toContain(redis.password);
  });

  it("answers the server's refusal in its words (WRONGPASS, NOAUTH), without echoing the password", async () => {
    const wrong = await rest.admin('POST', '/connections/test', fields({ password: 'wrong-Password-1234' }));
    expect(wrong.status).toBe(200);
    expect(wrong.body).toEqual({
      status: false,
      message: `Could not connect to 127.0.0.1:${redis.port} db 2: WRONGPASS invalid username-password pair or user is disabled.`,
    });
    expect(wrong.text).not.toContain('wrong-Password-1234');
    const noPassword = await rest.admin('POST', '/connections/test', fields({ login: null, password: null }));
    expect(noPassword.body).toEqual({ status: false, message: `Could not connect to 127.0.0.1:${redis.port} db 2: NOAUTH Authentication required.` });
    const badDb = await rest.admin('POST', '/connections/test', fields({ schema: 'cache' }));
    expect(badDb.body).toEqual({ status: false, message: `connection 'test': schema is the Redis database number and must be 0 to 15, not "cache"` });
    const closed = await rest.admin('POST', '/connections/test', fields({ port: redis.port + 1 }));
    expect(closed.body).toEqual({ status: false, message: `Could not connect to 127.0.0.1:${redis.port + 1} db 2: connect ECONNREFUSED 127.0.0.1:${redis.port + 1}` });
  });

  it('refuses, before connecting, the cloud metadata address and a loopback port that is not allowed, naming the rule', async () => {
    const metadata = await rest.admin('POST', '/connections/test', fields({ host: '169.254.169.254' }));
    expect(metadata.body).toEqual({
      status: false,
      message: `Refused to connect to 169.254.169.254:${redis.port} (link-local / cloud metadata address): Tributary never lets a workspace reach it.`,
    });
    const defaultPort = await rest.admin('POST', '/connections/test', fields({ host: '169.254.169.254', port: null }));
    expect(defaultPort.body.message).toBe('Refused to connect to 169.254.169.254:6379 (link-local / cloud metadata address): Tributary never lets a workspace reach it.');
    setAllow(`127.0.0.1:${redis.port + 1}`);
    try {
      const notAllowed = await rest.admin('POST', '/connections/test', fields());
      expect(notAllowed.body).toEqual({
        status: false,
        message: `Refused to connect to 127.0.0.1:${redis.port} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${redis.port} (or a CIDR).`,
      });
    } finally {
      setAllow('127.0.0.1,::1');
    }
  });

  it('refuses a cluster, and asks TLS of a server that has none instead of falling back to plain TCP', async () => {
    const cluster = await rest.admin('POST', '/connections/test', { ...fields(), extra: JSON.stringify({ cluster: true }) });
    expect(cluster.body).toEqual({
      status: false,
      message: `connection 'test': extra.cluster: Redis Cluster and Sentinel are not supported; give the host and port of one Redis server (the primary)`,
    });
    const tls = await rest.admin('POST', '/connections/test', { ...fields({ host: 'localhost' }), extra: JSON.stringify({ ssl: true }) });
    expect(tls.body.status).toBe(false);
    expect(tls.body.message).toMatch(new RegExp(`^Could not connect to localhost:${redis.port} db 2: `));
  });
});
