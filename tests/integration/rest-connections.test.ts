import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, SecretBox } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import { createTestDatabase } from '../support/test-database';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

const PASSWORD = 'pw-Very-Secret-9d1c';
const API_KEY = 'ak-also-secret-77e2';

describe('REST v1: connections', () => {
  const secretKey = generateKey();
  const box = new SecretBox(secretKey);
  let rest: TRestFixture;

  beforeAll(async () => {
    // The REST handlers read the key through server/env.ts, like the web app.
    process.env.TRIBUTARY_SECRET_KEY = secretKey;
    resetEnvCache();
    rest = await startRestFixture('rest_connections');
  });
  afterAll(async () => {
    await rest.close();
  });

  const storedRow = (connId: string) =>
    rest.database.db.connection.findUniqueOrThrow({ where: { workspaceId_connId: { workspaceId: rest.workspaceId, connId } } });

  it('creates, reads, lists, patches and deletes a connection, never returning the password', async () => {
    const bodies: string[] = [];
    const created = await rest.admin('POST', '/connections', {
      connection_id: 'warehouse', conn_type: 'postgres', host: 'db.internal', port: 5432, login: 'etl',
      password: PASSWORD, schema: 'analytics', extra: JSON.stringify({ sslmode: 'require' }), description: 'the warehouse',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      connection_id: 'warehouse', conn_type: 'postgres', description: 'the warehouse', host: 'db.internal',
      login: 'etl', schema: 'analytics', port: 5432, extra: '{"sslmode":"require"}',
    });
    bodies.push(created.text);

    const read = await rest.viewer('GET', '/connections/warehouse');
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('password');
    const listed = await rest.viewer('GET', '/connections');
    expect(listed.body.connections.map((c: { connection_id: string }) => c.connection_id)).toContain('warehouse');
    // PATCH: only the given field changes; the password (absent) is kept.
    const patched = await rest.admin('PATCH', '/connections/warehouse', { host: 'db2.internal' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ host: 'db2.internal', login: 'etl', port: 5432, schema: 'analytics', description: 'the warehouse' });
    expect(box.decrypt((await storedRow('warehouse')).passwordEncrypted!)).toBe(PASSWORD);
    bodies.push(read.text, listed.text, patched.text);
    for (const text of bodies) expect(text).not.toContain(PASSWORD);

    expect((await rest.admin('DELETE', '/connections/warehouse')).status).toBe(204);
    expect((await rest.admin('GET', '/connections/warehouse')).status).toBe(404);
    expect((await rest.admin('DELETE', '/connections/warehouse')).status).toBe(404);
  });

  it('stores the password and the extra encrypted, not in clear', async () => {
    await rest.admin('POST', '/connections', { connection_id: 'enc', conn_type: 'http', password: PASSWORD, extra: { api_key: API_KEY } });
    const row = await storedRow('enc');
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(JSON.stringify(row)).not.toContain(API_KEY);
    expect(box.decrypt(row.passwordEncrypted!)).toBe(PASSWORD);
    expect(JSON.parse(box.decrypt(row.extraEncrypted!))).toEqual({ api_key: API_KEY });
  });

  it("masks extra's secret-named fields at any depth and keeps them on a masked round trip", async () => {
    const extra = { region: 'eu', API_KEY, nested: { Client_Secret: 's3', timeout: 5 }, headers: { 'X-Auth-Token': 't0k' }, private_key: 'pk' };
    const created = await rest.admin('POST', '/connections', { connection_id: 'masked', conn_type: 'http', host: 'api.example.com', extra });
    expect(JSON.parse(created.body.extra)).toEqual({
      region: 'eu', API_KEY: '***', nested: { Client_Secret: '***', timeout: 5 }, headers: { 'X-Auth-Token': '***' }, private_key: '***',
    });
    for (const secret of [API_KEY, 's3', 't0k', '"pk"']) expect(created.text).not.toContain(secret);

    // A client edits one field of what it read and sends the rest back, masks included.
    const edited = { ...JSON.parse(created.body.extra), region: 'us' };
    const patched = await rest.admin('PATCH', '/connections/masked', { extra: JSON.stringify(edited) });
    expect(JSON.parse(patched.body.extra).region).toBe('us');
    const stored = JSON.parse(box.decrypt((await storedRow('masked')).extraEncrypted!));
    expect(stored).toEqual({ ...extra, region: 'us' });
  });

  it('clears the password on null, keeps it when absent, and honours update_mask', async () => {
    await rest.admin('POST', '/connections', { connection_id: 'pw', conn_type: 'postgres', host: 'a', login: 'u', password: PASSWORD });
    await rest.admin('PATCH', '/connections/pw', { login: 'v' });
    expect((await storedRow('pw')).passwordEncrypted).not.toBeNull();
    const masked = await rest.admin('PATCH', '/connections/pw?update_mask=host', { host: 'b', login: 'ignored', password: null });
    expect(masked.body).toMatchObject({ host: 'b', login: 'v' });
    expect((await storedRow('pw')).passwordEncrypted).not.toBeNull();
    await rest.admin('PATCH', '/connections/pw', { password: null, description: null });
    expect((await storedRow('pw')).passwordEncrypted).toBeNull();
  });

  it('audits every mutation without the secret values', async () => {
    await rest.admin('POST', '/connections', { connection_id: 'audited', conn_type: 'http', password: PASSWORD });
    await rest.admin('PATCH', '/connections/audited', { password: `${PASSWORD}-2`, extra: { token: API_KEY } });
    await rest.admin('DELETE', '/connections/audited');
    const entries = await rest.database.db.auditLog.findMany({ where: { workspaceId: rest.workspaceId, targetType: 'connection', targetId: 'audited' }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => entry.action)).toEqual(['connection.create', 'connection.update', 'connection.delete']);
    expect(entries[1]!.details).toEqual({ fields: ['password', 'extra'] });
    const details = JSON.stringify(entries.map((entry) => entry.details));
    expect(details).not.toContain(PASSWORD);
    expect(details).not.toContain(API_KEY);
  });

  it.each([
    ['a duplicate connection_id', { connection_id: 'dup', conn_type: 'http' }, 409, null],
    ['a connection_id with a space', { connection_id: 'bad id', conn_type: 'http' }, 400, 'connection_id'],
    ['a missing conn_type', { connection_id: 'no_type' }, 400, 'conn_type'],
    ['an extra that is not a JSON object', { connection_id: 'bad_extra', conn_type: 'http', extra: '[1,2]' }, 400, 'extra'],
    ['a port out of range', { connection_id: 'bad_port', conn_type: 'http', port: 70000 }, 400, 'port'],
  ])('refuses %s', async (_label, body, status, field) => {
    await rest.admin('POST', '/connections', { connection_id: 'dup', conn_type: 'http' });
    const response = await rest.admin('POST', '/connections', body);
    expect(response.status).toBe(status);
    if (field) expect(response.body.errors[0].path).toBe(field);
  });

  it('refuses renaming through PATCH, naming the field', async () => {
    await rest.admin('POST', '/connections', { connection_id: 'fixed', conn_type: 'http' });
    const response = await rest.admin('PATCH', '/connections/fixed', { connection_id: 'renamed' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('connection_id');
  });

  it('lets a viewer read but not change anything, and an editor neither (connections hold credentials)', async () => {
    await rest.admin('POST', '/connections', { connection_id: 'guarded', conn_type: 'http', host: 'h' });
    expect((await rest.viewer('GET', '/connections/guarded')).status).toBe(200);
    expect((await rest.viewer('GET', '/connections')).status).toBe(200);
    for (const client of [rest.viewer, rest.editor]) {
      expect((await client('POST', '/connections', { connection_id: 'nope', conn_type: 'http' })).status).toBe(403);
      expect((await client('PATCH', '/connections/guarded', { host: 'x' })).status).toBe(403);
      expect((await client('DELETE', '/connections/guarded')).status).toBe(403);
      expect((await client('POST', '/connections/test', { connection_id: 'guarded' })).status).toBe(403);
    }
    expect((await rest.admin('GET', '/connections/guarded')).body.host).toBe('h');
  });

  it("answers 404 for another workspace's connection, exactly as for a missing one", async () => {
    await rest.admin('POST', '/connections', { connection_id: 'mine', conn_type: 'http' });
    const theirs = await rest.stranger('GET', '/connections/mine');
    const missing = await rest.stranger('GET', '/connections/never-existed');
    expect(theirs.status).toBe(404);
    expect(theirs.body.detail).toBe(missing.body.detail.replace('never-existed', 'mine'));
    expect((await rest.stranger('PATCH', '/connections/mine', { host: 'x' })).status).toBe(404);
    expect((await rest.stranger('DELETE', '/connections/mine')).status).toBe(404);
    expect((await rest.stranger('POST', '/connections/test', { connection_id: 'mine' })).status).toBe(404);
    expect((await rest.stranger('GET', '/connections')).body.total_entries).toBe(0);
    expect((await rest.admin('GET', '/connections/mine')).status).toBe(200);
  });

  it('pages with limit and offset in connection_id order', async () => {
    for (const id of ['page_e', 'page_c', 'page_a', 'page_d', 'page_b']) await rest.admin('POST', '/connections', { connection_id: id, conn_type: 'http' });
    const all = await rest.admin('GET', '/connections?limit=1000');
    const ids: string[] = all.body.connections.map((c: { connection_id: string }) => c.connection_id);
    expect(ids).toEqual([...ids].sort());
    const page = await rest.admin('GET', '/connections?limit=2&offset=1');
    expect(page.body.total_entries).toBe(ids.length);
    expect(page.body.connections.map((c: { connection_id: string }) => c.connection_id)).toEqual(ids.slice(1, 3));
    expect((await rest.admin('GET', '/connections?limit=0')).body.errors[0].path).toBe('limit');
  });

  describe('POST /connections/test', () => {
    let target: TWarehouseDatabase;
    let web: http.Server;
    let webUrl: string;
    const before = { allow: process.env.TRIBUTARY_EGRESS_ALLOW, databaseUrl: process.env.DATABASE_URL };

    beforeAll(async () => {
      // As a web process is configured: its own metadata database, and loopback opened for the
      // targets below (which all listen on 127.0.0.1).
      process.env.DATABASE_URL = rest.database.url;
      process.env.TRIBUTARY_EGRESS_ALLOW = '127.0.0.1';
      resetEnvCache();
      target = await createWarehouseDatabase('conn_test_target');
      web = http.createServer((req, res) => res.writeHead(req.url?.startsWith('/broken') ? 503 : 404).end());
      await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
      webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => web.close(resolve));
      await target.drop();
      for (const [name, value] of [['TRIBUTARY_EGRESS_ALLOW', before.allow], ['DATABASE_URL', before.databaseUrl]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      resetEnvCache();
    });

    const postgresFields = () => {
      const url = new URL(target.url);
      return {
        conn_type: 'postgres', host: url.hostname, port: Number(url.port), login: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password), schema: url.pathname.slice(1),
      };
    };

    it('connects to PostgreSQL and runs select 1, given the fields or a stored connection', async () => {
      const given = await rest.admin('POST', '/connections/test', { connection_id: 'pg_probe', ...postgresFields() });
      expect(given.body).toEqual({ status: true, message: expect.stringContaining('select 1') });
      await rest.admin('POST', '/connections', { connection_id: 'pg_stored', ...postgresFields() });
      expect((await rest.admin('POST', '/connections/test', { connection_id: 'pg_stored' })).body.status).toBe(true);
    });

    it("reports PostgreSQL's refusal of a wrong password without echoing it", async () => {
      const response = await rest.admin('POST', '/connections/test', { ...postgresFields(), password: 'wrong-Password-1234' });
      expect(response.status).toBe(200);
      expect(response.body.status).toBe(false);
      expect(response.body.message).toMatch(/password authentication failed/);
      expect(response.text).not.toContain('wrong-Password-1234');
    });

    it('counts any HTTP answer below 500 as reachable, and a 5xx as not', async () => {
      const reachable = await rest.admin('POST', '/connections/test', { conn_type: 'http', host: webUrl });
      expect(reachable.body).toEqual({ status: true, message: expect.stringContaining('HTTP 404') });
      const viaSchema = await rest.admin('POST', '/connections/test', { conn_type: 'http', host: '127.0.0.1', schema: 'http', port: Number(new URL(webUrl).port) });
      expect(viaSchema.body.status).toBe(true);
      const broken = await rest.admin('POST', '/connections/test', { conn_type: 'http', host: `${webUrl}/broken` });
      expect(broken.body).toEqual({ status: false, message: expect.stringContaining('HTTP 503') });
    });

    it('reports a closed port for both types instead of failing', async () => {
      const port = await closedPort();
      const pgResult = await rest.admin('POST', '/connections/test', { ...postgresFields(), port });
      expect(pgResult.status).toBe(200);
      expect(pgResult.body).toEqual({ status: false, message: expect.stringMatching(/ECONNREFUSED/) });
      const httpResult = await rest.admin('POST', '/connections/test', { conn_type: 'http', host: `http://127.0.0.1:${port}` });
      expect(httpResult.body).toEqual({ status: false, message: expect.stringMatching(/Could not reach .*ECONNREFUSED/) });
    });

    it('answers the egress refusal instead of connecting: metadata address, metadata database, a port not allowed', async () => {
      const metadata = await rest.admin('POST', '/connections/test', { conn_type: 'http', host: 'http://169.254.169.254/latest' });
      expect(metadata.body).toEqual({
        status: false,
        message: 'Refused to connect to 169.254.169.254:80 (link-local / cloud metadata address): Tributary never lets a workspace reach it.',
      });
      const own = new URL(rest.database.url);
      const asMetadataRole = await rest.admin('POST', '/connections/test', {
        ...postgresFields(), login: decodeURIComponent(own.username), password: decodeURIComponent(own.password),
      });
      expect(asMetadataRole.status).toBe(200);
      expect(asMetadataRole.body).toEqual({ status: false, message: expect.stringContaining("this is Tributary's own metadata database") });
      process.env.TRIBUTARY_EGRESS_ALLOW = `127.0.0.1:${new URL(target.url).port}`;
      resetEnvCache();
      const port = Number(new URL(webUrl).port);
      const notAllowed = await rest.admin('POST', '/connections/test', { conn_type: 'http', host: webUrl });
      expect(notAllowed.body).toEqual({
        status: false,
        message: `Refused to connect to 127.0.0.1:${port} (loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${port} (or a CIDR).`,
      });
      expect((await rest.admin('POST', '/connections/test', { connection_id: 'pg_probe', ...postgresFields() })).body.status).toBe(true);
      process.env.TRIBUTARY_EGRESS_ALLOW = '127.0.0.1';
      resetEnvCache();
    });

    it('says which types it cannot test, and what to send when the body names neither', async () => {
      const response = await rest.admin('POST', '/connections/test', { conn_type: 'ftp', host: 'x' });
      expect(response.body).toEqual({ status: false, message: 'testing ftp connections is not supported' });
      const empty = await rest.admin('POST', '/connections/test', {});
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0].path).toBe('conn_type');
    });
  });
});

/** A port nothing listens on: bound, read and released again. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
