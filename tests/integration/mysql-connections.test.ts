import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, SecretBox } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import { startMysqlServer, type TMysqlServer } from '../support/mysql-server';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';

/**
 * `mysql` connections over REST against a real MariaDB: created like any other type with the
 * password write-only, and "Test" that logs in through the egress guard and runs select 1.
 */
describe('REST v1: mysql connections and their Test action', () => {
  const secretKey = generateKey();
  const box = new SecretBox(secretKey);
  const before = { allow: process.env.TRIBUTARY_EGRESS_ALLOW, databaseUrl: process.env.DATABASE_URL, key: process.env.TRIBUTARY_SECRET_KEY };
  let rest: TRestFixture;
  let mysql: TMysqlServer;

  const setAllow = (value: string) => {
    process.env.TRIBUTARY_EGRESS_ALLOW = value;
    resetEnvCache();
  };
  const fields = (overrides: Record<string, unknown> = {}) => ({
    conn_type: 'mysql', host: mysql.host, port: mysql.port, login: mysql.user, password: mysql.password, schema: mysql.database, ...overrides,
  });

  beforeAll(async () => {
    process.env.TRIBUTARY_SECRET_KEY = secretKey;
    mysql = await startMysqlServer();
    rest = await startRestFixture('mysql_connections');
    // As a web process is configured: its own metadata database, and loopback opened (MariaDB listens
    // on 127.0.0.1; localhost may also resolve to ::1 elsewhere).
    process.env.DATABASE_URL = rest.database.url;
    setAllow('127.0.0.1,::1');
  });
  afterAll(async () => {
    await rest?.close();
    await mysql?.stop();
    for (const [name, value] of [['TRIBUTARY_EGRESS_ALLOW', before.allow], ['DATABASE_URL', before.databaseUrl], ['TRIBUTARY_SECRET_KEY', before.key]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  it('connects and runs select 1, given the fields or a stored connection whose password is encrypted and never answered', async () => {
    const expected = { status: true, message: `Connected to 127.0.0.1:${mysql.port}/${mysql.database} and ran select 1.` };
    const given = await rest.admin('POST', '/connections/test', { connection_id: 'probe', ...fields() });
    expect(given.body).toEqual(expected);
    const created = await rest.admin('POST', '/connections', { connection_id: 'shop_db', ...fields(), extra: JSON.stringify({ ssl: false }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ connection_id: 'shop_db', conn_type: 'mysql', host: mysql.host, port: mysql.port, schema: mysql.database });
    const row = await rest.database.db.connection.findUniqueOrThrow({ where: { workspaceId_connId: { workspaceId: rest.workspaceId, connId: 'shop_db' } } });
    expect(box.decrypt(row.passwordEncrypted!)).toBe(mysql.password);
    const stored = await rest.admin('POST', '/connections/test', { connection_id: 'shop_db' });
    expect(stored.body).toEqual(expected);
    const read = await rest.viewer('GET', '/connections/shop_db');
    for (const text of [given.text, created.text, stored.text, read.text, JSON.stringify(row)]) expect(text).not.toContain(mysql.password);
  });

  it("answers the server's refusal of a wrong password in its words, without echoing the password", async () => {
    const response = await rest.admin('POST', '/connections/test', fields({ password: 'wrong-Password-1234' }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: false,
      message: expect.stringMatching(/^Could not connect to 127\.0\.0\.1:\d+\/tributary_test: Access denied for user 'tributary_user'@'127\.0\.0\.1' \(using password: YES\) \(MySQL error 1045 ER_ACCESS_DENIED_ERROR, SQLSTATE 28000\)$/),
    });
    expect(response.text).not.toContain('wrong-Password-1234');
    const unknownDatabase = await rest.admin('POST', '/connections/test', fields({ schema: 'nowhere' }));
    expect(unknownDatabase.body.message).toMatch(/Access denied for user 'tributary_user'@'%' to database 'nowhere' \(MySQL error 1044/);
  });

  it('refuses, before connecting, the cloud metadata address and a loopback port that is not allowed, naming the rule', async () => {
    const metadata = await rest.admin('POST', '/connections/test', fields({ host: '169.254.169.254' }));
    expect(metadata.body).toEqual({
      status: false,
      message: `Refused to connect to 169.254.169.254:${mysql.port} (link-local / cloud metadata address): Tributary never lets a workspace reach it.`,
    });
    // The default port when none is given: judged as 3306.
    const defaultPort = await rest.admin('POST', '/connections/test', fields({ host: '169.254.169.254', port: null }));
    expect(defaultPort.body.message).toBe('Refused to connect to 169.254.169.254:3306 (link-local / cloud metadata address): Tributary never lets a workspace reach it.');
    setAllow(`127.0.0.1:${mysql.port + 1}`);
    try {
      const notAllowed = await rest.admin('POST', '/connections/test', fields());
      expect(notAllowed.body).toEqual({
        status: false,
        message: `Refused to connect to 127.0.0.1:${mysql.port} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${mysql.port} (or a CIDR).`,
      });
      const byName = await rest.admin('POST', '/connections/test', fields({ host: 'localhost' }));
      expect(byName.body.message).toMatch(new RegExp(`^Refused to connect to localhost:${mysql.port} at (127\\.0\\.0\\.1|::1) \\(loopback\\)`));
    } finally {
      setAllow('127.0.0.1,::1');
    }
  });

  it('names a bad extra.ssl instead of connecting without TLS, and asks TLS of a server that has none', async () => {
    const bad = await rest.admin('POST', '/connections/test', { ...fields(), extra: JSON.stringify({ ssl: 'yes' }) });
    expect(bad.body).toEqual({ status: false, message: `connection 'test': extra.ssl must be true or false, not "yes"` });
    // This throwaway MariaDB has no certificate: asking for TLS must fail, never fall back to plain TCP.
    const tls = await rest.admin('POST', '/connections/test', { ...fields({ host: 'localhost' }), extra: JSON.stringify({ ssl: true }) });
    expect(tls.body).toEqual({ status: false, message: `Could not connect to localhost:${mysql.port}/tributary_test: Server does not support secure connection (HANDSHAKE_NO_SSL_SUPPORT)` });
  });
});

describe('mysql connections over TLS (extra.ssl, extra.ssl_ca)', () => {
  const before = { allow: process.env.TRIBUTARY_EGRESS_ALLOW, databaseUrl: process.env.DATABASE_URL, key: process.env.TRIBUTARY_SECRET_KEY };
  let rest: TRestFixture;
  let mysql: TMysqlServer;
  const fields = (host: string, extra: Record<string, unknown>) => ({
    conn_type: 'mysql', host, port: mysql.port, login: mysql.user, password: mysql.password, schema: mysql.database, extra: JSON.stringify(extra),
  });

  beforeAll(async () => {
    mysql = await startMysqlServer({ tls: true });
    rest = await startRestFixture('mysql_tls');
    process.env.TRIBUTARY_SECRET_KEY = generateKey();
    process.env.DATABASE_URL = rest.database.url;
    // localhost may also resolve to ::1 elsewhere.
    process.env.TRIBUTARY_EGRESS_ALLOW = '127.0.0.1,::1';
    resetEnvCache();
  });
  afterAll(async () => {
    await rest?.close();
    await mysql?.stop();
    for (const [name, value] of [['TRIBUTARY_EGRESS_ALLOW', before.allow], ['DATABASE_URL', before.databaseUrl], ['TRIBUTARY_SECRET_KEY', before.key]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  it('connects over TLS when the certificate chains to ssl_ca and names the host', async () => {
    const response = await rest.admin('POST', '/connections/test', fields('localhost', { ssl: true, ssl_ca: mysql.caPem }));
    expect(response.body).toEqual({ status: true, message: `Connected to localhost:${mysql.port}/${mysql.database} and ran select 1.` });
  });

  it('refuses TLS to an address, whose certificate name mysql2 would check against "localhost"', async () => {
    const response = await rest.admin('POST', '/connections/test', fields('127.0.0.1', { ssl: true, ssl_ca: mysql.caPem }));
    expect(response.body).toEqual({
      status: false,
      message: `Could not connect to 127.0.0.1:${mysql.port}/tributary_test: TLS needs the host name the server's certificate names, not the address 127.0.0.1: mysql2 cannot check a certificate against an address`,
    });
  });

  it('refuses a certificate from an unknown CA, never falling back to an unchecked one', async () => {
    const response = await rest.admin('POST', '/connections/test', fields('localhost', { ssl: true }));
    expect(response.body).toEqual({ status: false, message: expect.stringMatching(/^Could not connect to localhost:\d+\/tributary_test: self-signed certificate in certificate chain/) });
  });
});
