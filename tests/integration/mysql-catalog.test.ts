import type { Connection } from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { runToEnd } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { startMysqlServer, type TMysqlServer } from '../support/mysql-server';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';
import { waitFor } from '../support/test-database';
import { createWarehouseDatabase, type TWarehouseDatabase } from '../support/warehouse-database';

type TSchemaJson = { columns: { name: string; data_type: string; nullable: boolean }[]; changes: { kind: string; column: string; to_type: string | null; dag_run_id: string | null }[]; row_count_estimate: number | null; columns_checked_at: string | null };

/** MySQL datasets in the catalog: observed by the real observer through the egress guard, named by their SQL's lineage, judged honestly by the unused report. */
describe('data catalog: MySQL datasets (a real MariaDB)', () => {
  let rest: TRestFixture;
  let server: TMysqlServer;
  let mysql: Connection;
  let warehouse: TWarehouseDatabase;
  let client: pg.Client;
  let engine: TestEngine;
  const saved = { ...process.env };
  const key = (table: string) => `mysql://127.0.0.1:${server.port}/${table}`;
  const dataset = (table: string) => waitFor(() => rest.database.db.dataset.findFirst({ where: { workspaceId: rest.workspaceId, key: key(table) } }), { what: `dataset ${table}` });
  const schema = async (id: string) => {
    const response = await rest.viewer('GET', `/datasets/${id}/schema`);
    expect(response.status, response.text).toBe(200);
    return response.body as TSchemaJson;
  };

  beforeAll(async () => {
    server = await startMysqlServer('app');
    mysql = await server.connect();
    rest = await startRestFixture('mysql_catalog');
    warehouse = await createWarehouseDatabase('mysqlcat');
    client = new pg.Client({ connectionString: warehouse.url });
    await client.connect();
    const allow = `${databaseEndpoint(rest.database.url)},127.0.0.1`;
    engine = new TestEngine(rest.database.url, { TRIBUTARY_CATALOG_OBSERVE_INTERVAL_MS: '200', TRIBUTARY_EGRESS_ALLOW: allow });
    // As the web process is configured: its metadata database, its key, loopback opened for the warehouses.
    Object.assign(process.env, { DATABASE_URL: rest.database.url, TRIBUTARY_EGRESS_ALLOW: '127.0.0.1', TRIBUTARY_SECRET_KEY: engine.secretKey });
    resetEnvCache();
    const ctx = systemContext(rest.database.db, rest.workspaceId, 'test');
    const box = new SecretBox(engine.secretKey);
    const url = new URL(warehouse.url);
    await createConnection(ctx, box, {
      connId: 'wh', connType: 'postgres', host: url.hostname, port: Number(url.port), login: decodeURIComponent(url.username), password: decodeURIComponent(url.password), schema: warehouse.name,
    });
    const fields = { connType: 'mysql', host: server.host, port: server.port, login: server.user, password: server.password, schema: server.database };
    await createConnection(ctx, box, { connId: 'app', ...fields });
    await createConnection(ctx, box, { connId: 'app_metadata', ...fields, host: '169.254.169.254' });
    engine.startScheduler();
    engine.startWorker();
  }, 90_000);
  afterAll(async () => {
    await engine?.stop();
    await client?.end();
    await warehouse?.drop();
    await mysql?.end();
    await server?.stop();
    await rest?.close();
    for (const name of ['DATABASE_URL', 'TRIBUTARY_EGRESS_ALLOW', 'TRIBUTARY_SECRET_KEY']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetEnvCache();
  });

  it("introspects a MySQL load target after each run: MySQL's columns and row estimate, then an added column with the run that saw it", async () => {
    await client.query("create table course_stats (course_id integer primary key, students bigint not null, title character varying(200)); insert into course_stats values (1, 120, 'SQL'), (2, 8, null)");
    const spec = 'dag_id: push_summary\ntasks:\n  - task_id: load\n    type: load\n    source: { conn_id: wh, sql: "select course_id, students, title from course_stats" }\n    target: { conn_id: app, table: course_summary }\n    mode: full_refresh\n    key: [course_id]\n';
    const first = await runToEnd(rest.database.db, rest.workspaceId, spec, { timeoutMs: 90_000 });
    expect(first.run.state, engine.output().slice(-3000)).toBe('success');
    const { id } = await dataset('app.course_summary');
    const observed = await waitFor(async () => {
      const read = await schema(id);
      return read.columns_checked_at === null ? null : read;
    }, { what: 'the observer to introspect course_summary', timeoutMs: 30_000 });
    expect(observed.columns).toEqual([
      { name: 'course_id', ordinal: 1, data_type: 'int(11)', nullable: false },
      { name: 'students', ordinal: 2, data_type: 'bigint(20)', nullable: true },
      { name: 'title', ordinal: 3, data_type: 'varchar(200)', nullable: true },
    ]);
    expect(observed.changes, 'the first introspection is a baseline').toEqual([]);
    expect(observed.row_count_estimate).toEqual(expect.any(Number));

    await mysql.query('alter table course_summary add column rating decimal(3,2) null');
    const second = await runToEnd(rest.database.db, rest.workspaceId, spec);
    expect(second.run.state).toBe('success');
    const changed = await waitFor(async () => {
      const read = await schema(id);
      return read.changes.length > 0 ? read : null;
    }, { what: 'the added column in the schema history', timeoutMs: 30_000 });
    expect(changed.columns.map((column) => `${column.name} ${column.data_type}`)).toEqual(['course_id int(11)', 'students bigint(20)', 'title varchar(200)', 'rating decimal(3,2)']);
    expect(changed.changes).toMatchObject([{ kind: 'added', column: 'rating', to_type: 'decimal(3,2)', dag_run_id: second.run.runId }]);
  });

  it("names a mysql sql task's tables from its MySQL SQL on deploy: backticks, database.table, REPLACE INTO", async () => {
    const sql = 'REPLACE INTO `app`.`course_summary` (course_id, students) SELECT course_id, count(*) FROM enrolment GROUP BY course_id';
    await deployDag(systemContext(rest.database.db, rest.workspaceId, 'test'), { source: `dag_id: summarise_in_mysql\ntasks:\n  - { task_id: s, type: sql, conn_id: app, sql: ${JSON.stringify(sql)} }\n` });
    const edges = await rest.database.db.datasetEdge.findMany({ where: { workspaceId: rest.workspaceId, dag: { dagId: 'summarise_in_mysql' } }, include: { dataset: { select: { key: true } } } });
    expect(edges.map((edge) => `${edge.direction} ${edge.dataset.key} ${edge.source}`).sort()).toEqual([
      `read ${key('app.enrolment')} inferred`,
      `write ${key('app.course_summary')} inferred`,
    ]);
  });

  it('answers a refused address as unavailable, naming the egress rule, and never shows the password', async () => {
    await deployDag(systemContext(rest.database.db, rest.workspaceId, 'test'), { source: 'dag_id: meta_writer\ntasks:\n  - { task_id: w, type: sql, conn_id: app_metadata, sql: "insert into hidden_t select 1" }\n' });
    const found = await waitFor(() => rest.database.db.dataset.findFirst({ where: { workspaceId: rest.workspaceId, connId: 'app_metadata' } }));
    const answer = await rest.editor('POST', `/datasets/${found.id}/introspect`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({
      status: 'unavailable',
      message: `could not connect to 'app_metadata': Refused to connect to 169.254.169.254:${server.port} (link-local / cloud metadata address): Tributary never lets a workspace reach it.`,
    });
    const { id } = await dataset('app.course_summary');
    const pages = await Promise.all([`/datasets/${id}/schema`, '/connections/app', '/datasets/unused?days=1'].map((path) => rest.admin('GET', path)));
    for (const page of [answer, ...pages]) expect(page.text).not.toContain(server.password);
  });

  it('lists MySQL datasets no task reads as without read statistics, never as unread, and their producer not as an unread DAG', async () => {
    const response = await rest.viewer('GET', '/datasets/unused?days=1');
    expect(response.status, response.text).toBe(200);
    const { id } = await dataset('app.course_summary');
    expect(response.body.no_read_statistics).toContainEqual({ id, dataset: 'app.public.course_summary', reason: 'no read statistics for mysql datasets' });
    expect((response.body.datasets as { id: string }[]).map((entry) => entry.id)).not.toContain(id);
    expect((response.body.dags as { dag_id: string }[]).map((dag) => dag.dag_id)).not.toContain('push_summary');
  });
});
