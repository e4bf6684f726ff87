import net, { type AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import { egressPolicyFromEnv } from '../../server/integrations/egress';
import { sampleScanCounts, thinScanSamples } from '../../server/services/catalog/sample-scan-counts';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { runToEnd } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';
import { waitFor } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

type TSchemaJson = { columns: { name: string; data_type: string; nullable: boolean }[]; changes: { kind: string; column: string; to_type: string | null; dag_run_id: string | null }[]; row_count_estimate: number | null; columns_checked_at: string | null };

/** What the warehouse says about datasets: columns and schema history, check results, unused data, deprecation. */
describe('data catalog: observations from a real warehouse', () => {
  let rest: TRestFixture;
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let engine: TestEngine;
  const saved = { ...process.env };
  const deploy = (source: string) => deployDag(systemContext(rest.database.db, rest.workspaceId, 'test'), { source });
  const datasetId = async (name: string) => {
    const found = await waitFor(() => rest.database.db.dataset.findFirst({ where: { workspaceId: rest.workspaceId, connId: 'warehouse', name } }), { what: `dataset ${name}` });
    return found.id;
  };
  const schema = async (id: string) => {
    const response = await rest.viewer('GET', `/datasets/${id}/schema`);
    expect(response.status, response.text).toBe(200);
    return response.body as TSchemaJson;
  };

  beforeAll(async () => {
    rest = await startRestFixture('catalog_observe');
    engine = new TestEngine(rest.database.url, { TRIBUTARY_CATALOG_OBSERVE_INTERVAL_MS: '200' });
    // As the web process is configured: its metadata database, its key, loopback opened for the warehouse.
    Object.assign(process.env, { DATABASE_URL: rest.database.url, TRIBUTARY_EGRESS_ALLOW: '127.0.0.1', TRIBUTARY_SECRET_KEY: engine.secretKey });
    resetEnvCache();
    warehouse = await createWarehouseDatabase('observe');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    const url = new URL(warehouse.url);
    await rest.database.db.connection.create({
      data: {
        workspaceId: rest.workspaceId, connId: 'warehouse', connType: 'postgres', host: url.hostname, port: Number(url.port),
        login: decodeURIComponent(url.username), schema: warehouse.name, passwordEncrypted: new SecretBox(engine.secretKey).encrypt(decodeURIComponent(url.password)),
      },
    });
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine?.stop();
    await client?.end();
    await warehouse?.drop();
    await rest?.close();
    for (const name of ['DATABASE_URL', 'TRIBUTARY_EGRESS_ALLOW', 'TRIBUTARY_SECRET_KEY']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetEnvCache();
  });

  it('introspects a dataset after each successful producing run: columns from the real table, then an added column with the run that saw it', async () => {
    await client.query('create table orders (id integer not null, name character varying(20))');
    const spec = 'dag_id: load_orders\ntasks:\n  - task_id: load\n    type: sql\n    conn_id: warehouse\n    sql: "insert into orders values (1, \'a\'), (2, \'b\')"\n';
    const first = await runToEnd(rest.database.db, rest.workspaceId, spec);
    expect(first.run.state, engine.output()).toBe('success');
    const id = await datasetId('public.orders');
    const observed = await waitFor(async () => {
      const read = await schema(id);
      return read.columns_checked_at === null ? null : read;
    }, { what: 'the observer to introspect orders', timeoutMs: 30_000 });
    expect(observed.columns).toEqual([
      { name: 'id', ordinal: 1, data_type: 'integer', nullable: false },
      { name: 'name', ordinal: 2, data_type: 'character varying(20)', nullable: true },
    ]);
    expect(observed.changes, 'the first introspection is a baseline').toEqual([]);

    await client.query('alter table orders add column amount numeric(10,2)');
    const second = await runToEnd(rest.database.db, rest.workspaceId, spec);
    const changed = await waitFor(async () => {
      const read = await schema(id);
      return read.changes.length > 0 ? read : null;
    }, { what: 'the added column in the schema history', timeoutMs: 30_000 });
    expect(changed.columns.map((column) => `${column.name} ${column.data_type}`)).toEqual(['id integer', 'name character varying(20)', 'amount numeric(10,2)']);
    expect(changed.changes).toMatchObject([{ kind: 'added', column: 'amount', to_type: 'numeric(10,2)', dag_id: 'load_orders', dag_run_id: second.run.runId }]);
  });

  it('introspects on demand for editors: a missing table is recorded as such, viewers may not', async () => {
    await deploy('dag_id: later\ntasks:\n  - task_id: make\n    type: sql\n    conn_id: warehouse\n    sql: "insert into not_yet select 1"\n');
    const id = await datasetId('public.not_yet');
    expect((await rest.viewer('POST', `/datasets/${id}/introspect`)).status).toBe(403);
    expect((await rest.stranger('POST', `/datasets/${id}/introspect`)).status).toBe(404);
    const missing = await rest.editor('POST', `/datasets/${id}/introspect`);
    expect(missing.status, missing.text).toBe(200);
    expect(missing.body).toMatchObject({ status: 'observed', exists: false, columns: [], changes: [] });
    await client.query('create table not_yet (x text)');
    const created = await rest.editor('POST', `/datasets/${id}/introspect`);
    expect(created.body).toMatchObject({ status: 'observed', exists: true, columns: [{ name: 'x', data_type: 'text' }], changes: [] });
    // A table that existed and is dropped, then created again: both are history.
    await client.query('drop table not_yet');
    expect((await rest.editor('POST', `/datasets/${id}/introspect`)).body).toMatchObject({ exists: false, changes: [{ kind: 'dropped', column: 'x' }] });
    await client.query('create table not_yet (x text, y int)');
    const again = await rest.editor('POST', `/datasets/${id}/introspect`);
    expect(again.body).toMatchObject({ exists: true, changes: [{ kind: 'added', column: 'x' }, { kind: 'added', column: 'y' }] });
  });

  it('answers an unreachable warehouse as unavailable and records nothing, so the next pass tries again', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await rest.database.db.connection.create({ data: { workspaceId: rest.workspaceId, connId: 'offline', connType: 'postgres', host: '127.0.0.1', port, login: 'nobody', schema: 'none' } });
    await deploy('dag_id: offline_writer\ntasks:\n  - task_id: w\n    type: sql\n    conn_id: offline\n    sql: "insert into gone select 1"\n');
    const dataset = await waitFor(() => rest.database.db.dataset.findFirst({ where: { workspaceId: rest.workspaceId, connId: 'offline' } }));
    const answer = await rest.editor('POST', `/datasets/${dataset.id}/introspect`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ status: 'unavailable', message: expect.stringContaining("could not connect to 'offline'") });
    expect((await rest.database.db.dataset.findUniqueOrThrow({ where: { id: dataset.id } })).columnsCheckedAt).toBeNull();
  });

  it('stores every check result of a passing and of a failing check task, observed against expected', async () => {
    await client.query("create table courses (id integer, title text); insert into courses values (1, 'a'), (2, null), (3, null)");
    const checkDag = (dagId: string, checks: string) =>
      `dag_id: ${dagId}\ntasks:\n  - task_id: check\n    type: check\n    retries: 0\n    conn_id: warehouse\n    table: public.courses\n    checks: ${checks}\n`;
    expect((await runToEnd(rest.database.db, rest.workspaceId, checkDag('courses_ok', '{ row_count_min: 1, unique: [id] }'))).run.state).toBe('success');
    expect((await runToEnd(rest.database.db, rest.workspaceId, checkDag('courses_bad', '{ not_null: [title] }'))).run.state).toBe('failed');
    const id = await datasetId('public.courses');
    const response = await rest.viewer('GET', `/datasets/${id}/checks`);
    expect(response.status, response.text).toBe(200);
    const results = (response.body.check_results as { dag_id: string; check: string; passed: boolean; observed: unknown; expected: unknown; try_number: number }[])
      .map(({ dag_id, check, passed, observed, expected, try_number }) => ({ dag_id, check, passed, observed, expected, try_number }))
      .sort((a, b) => `${a.dag_id}${a.check}`.localeCompare(`${b.dag_id}${b.check}`));
    expect(results).toEqual([
      { dag_id: 'courses_bad', check: 'not_null(title)', passed: false, observed: 2, expected: '0', try_number: 1 },
      { dag_id: 'courses_ok', check: 'row_count_min', passed: true, observed: 3, expected: '>= 1', try_number: 1 },
      { dag_id: 'courses_ok', check: 'unique(id)', passed: true, observed: 0, expected: '0', try_number: 1 },
    ]);
  });

  it('keeps the last sample of each day once it is two days old, and none past a year', async () => {
    await deploy('dag_id: thinned\ntasks:\n  - task_id: w\n    type: sql\n    conn_id: warehouse\n    sql: "insert into thinned_t select 1"\n');
    const id = await datasetId('public.thinned_t');
    const db = rest.database.db;
    const daysAgo = (days: number, hour: number) => { const at = new Date(); at.setUTCDate(at.getUTCDate() - days); at.setUTCHours(hour, 0, 0, 0); return at; };
    const at = [daysAgo(3, 1), daysAgo(3, 5), daysAgo(3, 9), daysAgo(0, 0), daysAgo(400, 12)];
    await db.datasetScanSample.createMany({ data: at.map((sampledAt, n) => ({ workspaceId: rest.workspaceId, datasetId: id, seqScan: BigInt(n), idxScan: 0n, sampledAt })) });
    await thinScanSamples(db);
    const kept = await db.datasetScanSample.findMany({ where: { datasetId: id }, orderBy: { sampledAt: 'asc' }, select: { sampledAt: true } });
    expect(kept.map((sample) => sample.sampledAt.toISOString())).toEqual([at[2]!, at[3]!].map((date) => date.toISOString()));
  });

  it('reports a table nothing read as unused, and not one a query read between two samples', async () => {
    await client.query('create table stale_t (id int); create table read_t (id int); insert into read_t values (1)');
    await deploy('dag_id: writes_stale\ntasks:\n  - task_id: w\n    type: sql\n    conn_id: warehouse\n    sql: "insert into stale_t select 1"\n');
    await deploy('dag_id: writes_read\ntasks:\n  - task_id: w\n    type: sql\n    conn_id: warehouse\n    sql: "insert into read_t select 1"\n');
    const [staleId, readId] = [await datasetId('public.stale_t'), await datasetId('public.read_t')];
    const sample = () => sampleScanCounts(rest.database.db, new SecretBox(engine.secretKey), egressPolicyFromEnv());
    // The unreachable 'offline' connection above is reported and does not stop the others.
    expect((await sample()).unavailable.map((failed) => failed.connId)).toEqual(['offline']);
    await client.query('select count(*) from read_t');
    const report = await waitFor(async () => {
      await sample();
      const response = await rest.viewer('GET', '/datasets/unused?days=1');
      expect(response.status, response.text).toBe(200);
      // The warehouse's statistics reach pg_stat_user_tables within about a second of the query.
      const ids = (response.body.datasets as { id: string }[]).map((dataset) => dataset.id);
      return ids.includes(staleId) && !ids.includes(readId) ? response.body : null;
    }, { what: 'read_t to show reads and stale_t none', timeoutMs: 20_000 });
    const stale = report.datasets.find((dataset: { id: string }) => dataset.id === staleId);
    expect(stale).toMatchObject({ dataset: 'warehouse.public.stale_t', producers: [{ dag_id: 'writes_stale', is_paused: true }], evidence: { scans: 0 } });
    expect(stale.evidence.samples).toBeGreaterThanOrEqual(2);
    const unreadDags = (report.dags as { dag_id: string }[]).map((dag) => dag.dag_id);
    expect(unreadDags).toContain('writes_stale');
    expect(unreadDags).not.toContain('writes_read');
  });

  it('deprecates a dataset for editors, telling its consumers through the audit log; 403 for a viewer, 404 for a stranger', async () => {
    await deploy('dag_id: legacy_reader\ntasks:\n  - task_id: r\n    type: sql\n    conn_id: warehouse\n    sql: "insert into report_t select * from legacy_t"\n');
    const id = await datasetId('public.legacy_t');
    expect((await rest.viewer('POST', `/datasets/${id}/deprecate`, { note: 'use orders' })).status).toBe(403);
    expect((await rest.stranger('POST', `/datasets/${id}/deprecate`, { note: 'use orders' })).status).toBe(404);
    const done = await rest.editor('POST', `/datasets/${id}/deprecate`, { note: 'use orders' });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ deprecation_note: 'use orders', consumers_told: [{ dag_id: 'legacy_reader', via: 'audit_log' }] });
    const row = await rest.database.db.dataset.findUniqueOrThrow({ where: { id } });
    expect(row.deprecatedAt).not.toBeNull();
    const audit = await rest.database.db.auditLog.findMany({ where: { workspaceId: rest.workspaceId, action: { startsWith: 'dataset.deprecated' } }, orderBy: { action: 'asc' } });
    expect(audit.map((entry) => [entry.action, entry.targetId])).toEqual([['dataset.deprecated', id], ['dataset.deprecated_consumer', 'legacy_reader']]);

    // Taken back: editors only, within the workspace; a second time changes nothing.
    expect((await rest.viewer('DELETE', `/datasets/${id}/deprecate`)).status).toBe(403);
    expect((await rest.stranger('DELETE', `/datasets/${id}/deprecate`)).status).toBe(404);
    const undone = await rest.editor('DELETE', `/datasets/${id}/deprecate`);
    expect(undone.status, undone.text).toBe(200);
    expect(undone.body).toEqual({ id, deprecated_at: null, was_deprecated: true });
    expect(await rest.database.db.dataset.findUniqueOrThrow({ where: { id } })).toMatchObject({ deprecatedAt: null, deprecationNote: null, deprecatedById: null });
    expect((await rest.editor('DELETE', `/datasets/${id}/deprecate`)).body).toMatchObject({ was_deprecated: false });
    expect(await rest.database.db.auditLog.count({ where: { workspaceId: rest.workspaceId, action: 'dataset.undeprecated', targetId: id } })).toBe(1);
  });
});
