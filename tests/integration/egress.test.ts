import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/testing/run-cli';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection, type TConnectionInput } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { createWorkspace, runToEnd } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

/** What `npm start`'s embedded server shipped with: a task must not get in with them either. */
const EMBEDDED_USER = 'tributary';
const EMBEDDED_PASSWORD = 'tributary-embedded';

type TServer = { server: http.Server; port: number; requests: string[] };

/** A loopback server that answers 200, or redirects where its path says. */
async function startServer(redirects: Record<string, () => string> = {}): Promise<TServer> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    requests.push(url);
    const to = redirects[url];
    if (to) return void response.writeHead(302, { location: to() }).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

const postgres = (connId: string, url: string, overrides: Partial<TConnectionInput> = {}): TConnectionInput => {
  const parsed = new URL(url);
  return {
    connId,
    connType: 'postgres',
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    login: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    schema: decodeURIComponent(parsed.pathname.slice(1)),
    ...overrides,
  };
};

describe('egress guard: what tasks on a real worker may connect to', () => {
  let database: TTestDatabase;
  let warehouse: TWarehouseDatabase;
  let engine: TestEngine;
  let allowed: TServer;
  let closed: TServer;
  let outcome: Awaited<ReturnType<typeof runToEnd>>;
  let errors: Map<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('egress');
    warehouse = await createWarehouseDatabase('egress_wh');
    closed = await startServer();
    allowed = await startServer({
      '/to-metadata': () => 'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      '/to-closed': () => `http://127.0.0.1:${closed.port}/secret`,
    });
    const workspaceId = (await createWorkspace(database.db, 'egress')).id;
    // As `npm start` configures it: the database server's port, plus one allowed web server.
    engine = new TestEngine(database.url, { TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${allowed.port}` });
    const ctx = systemContext(database.db, workspaceId, 'test');
    const box = new SecretBox(engine.secretKey);
    for (const connection of [
      postgres('warehouse', warehouse.url),
      postgres('embedded_constants', database.url, { login: EMBEDDED_USER, password: EMBEDDED_PASSWORD }),
      postgres('metadata_role', database.url, { schema: warehouse.name }),
      postgres('metadata_role_by_name', database.url, { host: 'localhost', schema: warehouse.name }),
      postgres('metadata_database', warehouse.url, { schema: database.name }),
      postgres('metadata_address', warehouse.url, { host: '169.254.169.254' }),
      { connId: 'hook', connType: 'http', host: 'http://169.254.169.254/hooks/1' },
    ]) {
      await createConnection(ctx, box, connection);
    }
    engine.startScheduler();
    engine.startWorker();
    outcome = await runToEnd(database.db, workspaceId, dagSpec(allowed.port, closed.port), { timeoutMs: 90_000 });
    const attempts = await database.db.taskAttempt.findMany({ where: { taskInstanceId: { in: outcome.instances.map((ti) => ti.id) } } });
    const taskOf = new Map(outcome.instances.map((ti) => [ti.id, ti.taskId]));
    errors = new Map(attempts.map((attempt) => [taskOf.get(attempt.taskInstanceId) ?? '', attempt.errorMessage ?? '']));
  });
  afterAll(async () => {
    await engine?.stop();
    for (const { server } of [allowed, closed]) await new Promise((resolve) => server?.close(resolve));
    await warehouse?.drop();
    await database?.drop();
  });

  /** `failed: <the attempt's error>`, for assertions that show the reason when they fail. */
  const state = (taskId: string) => `${outcome.states[taskId]}: ${errors.get(taskId) ?? ''}`;

  it('reaches what is allowed: the warehouse with its own role, and the allowed web server', () => {
    expect(state('sql_warehouse')).toBe('success: ');
    expect(state('http_allowed')).toBe('success: ');
  });

  it('refuses the metadata server with the embedded constants', () => {
    expect(state('sql_embedded_constants')).toMatch(/^failed: .*(this is Tributary's own metadata database|password authentication failed)/);
  });

  it("refuses the metadata role and the metadata database by name, even on an allowed host:port", () => {
    const user = decodeURIComponent(new URL(database.url).username);
    expect(state('sql_metadata_role')).toMatch(new RegExp(`^failed: connection 'metadata_role': Refused to connect to .*: this is Tributary's own metadata database \\(its role '${user}'\\)`));
    // localhost may also resolve to ::1, which is refused as loopback before the role is considered.
    expect(state('sql_metadata_role_by_name')).toMatch(/^failed: .*Refused to connect to localhost:\d+ at .*(this is Tributary's own metadata database|\(loopback\))/);
    expect(state('sql_metadata_database')).toContain(`this is Tributary's own metadata database (database '${database.name}')`);
  });

  it('refuses the cloud metadata address for sql, http, load and notify alike', () => {
    const never = '(link-local / cloud metadata address): Tributary never lets a workspace reach it.';
    expect(state('sql_metadata_address')).toBe(`failed: connection 'metadata_address': Refused to connect to 169.254.169.254:${new URL(warehouse.url).port} ${never}`);
    expect(state('http_metadata')).toBe(`failed: HTTP GET http://169.254.169.254/latest/meta-data/: Refused to connect to 169.254.169.254:80 ${never}`);
    expect(state('load_metadata')).toContain(`Refused to connect to 169.254.169.254:80 ${never}`);
    expect(state('notify_metadata')).toBe(`failed: Connection 'hook': Refused to connect to 169.254.169.254:80 ${never}`);
  });

  it('refuses loopback that is not allowed, by address or by a name that resolves to it', () => {
    const hint = `(loopback): allow it with TRIBUTARY_EGRESS_ALLOW=127.0.0.1:${closed.port} (or a CIDR).`;
    expect(state('http_loopback')).toContain(`Refused to connect to 127.0.0.1:${closed.port} ${hint}`);
    expect(state('http_localhost')).toMatch(new RegExp(`Refused to connect to localhost:${closed.port} at (127\\.0\\.0\\.1|::1) \\(loopback\\)`));
  });

  it('refuses a redirect into the metadata address or a loopback port that is not allowed, though the first hop was', () => {
    expect(state('http_redirect_metadata')).toMatch(/^failed: .*Refused to connect to 169\.254\.169\.254:80 \(link-local .*\(reached by redirect 1, to http:\/\/169\.254\.169\.254\//);
    expect(state('http_redirect_loopback')).toContain(`Refused to connect to 127.0.0.1:${closed.port} (loopback)`);
    expect(allowed.requests.sort()).toEqual(['/ok', '/to-closed', '/to-metadata']);
    expect(closed.requests).toEqual([]);
  });
});

describe('egress guard: `tributary tasks test` on the user’s own machine', () => {
  let dir: string;
  let local: TServer;

  beforeAll(async () => {
    local = await startServer();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-egress-cli-'));
    await writeFile(path.join(dir, 'local.yaml'), `dag_id: local_egress
tasks:
  - { task_id: own_server, type: http, url: "http://127.0.0.1:${local.port}/mine" }
  - { task_id: metadata, type: http, url: "http://169.254.169.254/latest/meta-data/" }
`);
  });
  afterAll(async () => {
    await new Promise((resolve) => local.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('reaches the user’s own loopback server without any setting', async () => {
    const result = await runCli(['tasks', 'test', path.join(dir, 'local.yaml'), 'own_server', '2024-03-05']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(local.requests).toEqual(['/mine']);
  });

  it('still refuses the cloud metadata address', async () => {
    const result = await runCli(['tasks', 'test', path.join(dir, 'local.yaml'), 'metadata', '2024-03-05']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Refused to connect to 169.254.169.254:80 (link-local / cloud metadata address)');
  });
});

function dagSpec(allowedPort: number, closedPort: number): string {
  const sql = (taskId: string, connId: string) => `  - { task_id: ${taskId}, type: sql, conn_id: ${connId}, sql: "select 1" }`;
  const get = (taskId: string, url: string) => `  - { task_id: ${taskId}, type: http, url: "${url}" }`;
  return `dag_id: egress
tasks:
${sql('sql_warehouse', 'warehouse')}
${sql('sql_embedded_constants', 'embedded_constants')}
${sql('sql_metadata_role', 'metadata_role')}
${sql('sql_metadata_role_by_name', 'metadata_role_by_name')}
${sql('sql_metadata_database', 'metadata_database')}
${sql('sql_metadata_address', 'metadata_address')}
${get('http_allowed', `http://127.0.0.1:${allowedPort}/ok`)}
${get('http_metadata', 'http://169.254.169.254/latest/meta-data/')}
${get('http_loopback', `http://127.0.0.1:${closedPort}/secret`)}
${get('http_localhost', `http://localhost:${closedPort}/secret`)}
${get('http_redirect_metadata', `http://127.0.0.1:${allowedPort}/to-metadata`)}
${get('http_redirect_loopback', `http://127.0.0.1:${allowedPort}/to-closed`)}
  - task_id: load_metadata
    type: load
    source: { url: "http://169.254.169.254/latest/user-data.csv", format: csv }
    target: { conn_id: warehouse, table: never_loaded }
  - { task_id: notify_metadata, type: notify, channel: hook, message: "hello" }
`;
}
