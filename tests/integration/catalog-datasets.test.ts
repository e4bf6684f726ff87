import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUpCatalog } from '../../server/services/catalog/catch-up-catalog';
import { systemContext } from '../../server/services/context';
import { deleteDag } from '../../server/services/dags/delete-dag';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';

type TDatasetJson = { id: string; dataset: string; namespace: string | null };
type TRef = { dag_id: string; task_id: string; source: string };

const sqlTask = (taskId: string, sql: string, extra = '') => `
  - task_id: ${taskId}
    type: sql
    conn_id: warehouse
    sql: "${sql}"${extra}`;

const dagSpec = (dagId: string, ...tasks: string[]) => `dag_id: ${dagId}\ntasks:${tasks.join('')}\n`;

/** The catalog's first increment: datasets and edges registered by deploys, read through REST. */
describe('data catalog: datasets from deployed DAGs', () => {
  let rest: TRestFixture;
  const deploy = (source: string) => deployDag(systemContext(rest.database.db, rest.workspaceId, 'test'), { source });

  beforeAll(async () => {
    rest = await startRestFixture('catalog_datasets');
    await rest.database.db.connection.create({
      data: { workspaceId: rest.workspaceId, connId: 'warehouse', connType: 'postgres', host: 'DB.internal', port: 5433, schema: 'analytics' },
    });
  });
  afterAll(async () => {
    await rest.close();
  });

  const datasetsNamed = async (q: string) => {
    const listed = await rest.viewer('GET', `/datasets?q=${encodeURIComponent(q)}&conn_id=warehouse`);
    expect(listed.status, listed.text).toBe(200);
    return listed.body.datasets as TDatasetJson[];
  };
  const datasetId = async (shortForm: string) => {
    const found = (await datasetsNamed(shortForm.split('.').at(-1)!)).find((dataset) => dataset.dataset === shortForm);
    expect(found, `${shortForm} is registered`).toBeDefined();
    return found!.id;
  };
  const detail = async (shortForm: string) => {
    const read = await rest.viewer('GET', `/datasets/${await datasetId(shortForm)}`);
    expect(read.status, read.text).toBe(200);
    return read.body as { producers: TRef[]; consumers: TRef[]; namespace: string | null };
  };

  it('registers declared and inferred datasets on deploy, the SQL-only read marked inferred', async () => {
    const outputs = '\n    inputs: [warehouse.public.orders]\n    outputs: [warehouse.public.orders_daily]';
    await deploy(dagSpec('orders', sqlTask('build', 'insert into orders_daily select o.* from orders o join public.customers c using (id)', outputs)));

    expect((await datasetsNamed('ORDERS')).map((dataset) => dataset.dataset)).toEqual(['warehouse.public.orders', 'warehouse.public.orders_daily']);
    const customers = await detail('warehouse.public.customers');
    expect(customers.namespace).toBe('postgres://db.internal:5433');
    expect(customers.consumers).toEqual([{ dag_id: 'orders', task_id: 'build', source: 'inferred' }]);
    expect(customers.producers).toEqual([]);
    const orders = await detail('warehouse.public.orders');
    expect(orders.consumers).toEqual([
      { dag_id: 'orders', task_id: 'build', source: 'declared' },
      { dag_id: 'orders', task_id: 'build', source: 'inferred' },
    ]);
    expect((await detail('warehouse.public.orders_daily')).producers.map((ref) => ref.source)).toEqual(['declared', 'inferred']);
  });

  it('drops the edges of a task a redeploy removes, keeps its dataset, and drops every edge with the DAG', async () => {
    await deploy(dagSpec('pair', sqlTask('first', 'insert into pair_a select 1'), sqlTask('second', 'insert into pair_b select * from pair_a')));
    expect((await detail('warehouse.public.pair_b')).producers).toEqual([{ dag_id: 'pair', task_id: 'second', source: 'inferred' }]);

    await deploy(dagSpec('pair', sqlTask('first', 'insert into pair_a select 1')));
    expect(await detail('warehouse.public.pair_b')).toMatchObject({ producers: [], consumers: [] });
    expect((await detail('warehouse.public.pair_a')).producers).toEqual([{ dag_id: 'pair', task_id: 'first', source: 'inferred' }]);

    await deleteDag(systemContext(rest.database.db, rest.workspaceId, 'test'), 'pair');
    expect(await detail('warehouse.public.pair_a')).toMatchObject({ producers: [], consumers: [] });
  });

  it('walks lineage across three DAGs upstream and downstream, to the depth asked', async () => {
    await deploy(dagSpec('dag_a', sqlTask('make', 'insert into chain_1 select * from chain_0')));
    await deploy(dagSpec('dag_b', sqlTask('refine', 'insert into chain_2 select * from chain_1')));
    await deploy(dagSpec('dag_c', sqlTask('report', 'insert into chain_3 select * from chain_2')));
    const ids = Object.fromEntries(await Promise.all([0, 1, 2, 3].map(async (n) => [`chain_${n}`, await datasetId(`warehouse.public.chain_${n}`)] as const)));
    const lineage = async (name: string, query: string) => {
      const response = await rest.viewer('GET', `/datasets/${ids[name]}/lineage?${query}`);
      expect(response.status, response.text).toBe(200);
      const body = response.body as { nodes: { id: string; name?: string; depth?: number }[]; edges: { from: string; to: string }[] };
      const label = (id: string) => body.nodes.find((node) => node.id === id)?.name ?? id;
      return { nodes: body.nodes.map((node) => node.name ?? node.id).sort(), edges: body.edges.map((edge) => `${label(edge.from)} -> ${label(edge.to)}`).sort() };
    };

    expect(await lineage('chain_1', 'direction=downstream&depth=1')).toEqual({
      nodes: ['public.chain_1', 'public.chain_2', 'task:dag_b.refine'],
      edges: ['public.chain_1 -> task:dag_b.refine', 'task:dag_b.refine -> public.chain_2'],
    });
    expect((await lineage('chain_1', 'direction=downstream&depth=2')).nodes).toEqual(
      ['public.chain_1', 'public.chain_2', 'public.chain_3', 'task:dag_b.refine', 'task:dag_c.report'],
    );
    expect(await lineage('chain_3', 'direction=upstream&depth=10')).toEqual({
      nodes: ['public.chain_0', 'public.chain_1', 'public.chain_2', 'public.chain_3', 'task:dag_a.make', 'task:dag_b.refine', 'task:dag_c.report'],
      edges: [
        'public.chain_0 -> task:dag_a.make', 'public.chain_1 -> task:dag_b.refine', 'public.chain_2 -> task:dag_c.report',
        'task:dag_a.make -> public.chain_1', 'task:dag_b.refine -> public.chain_2', 'task:dag_c.report -> public.chain_3',
      ],
    });
    expect((await lineage('chain_2', 'direction=both&depth=1')).nodes).toEqual(
      ['public.chain_1', 'public.chain_2', 'public.chain_3', 'task:dag_b.refine', 'task:dag_c.report'],
    );
    expect((await rest.viewer('GET', `/datasets/${ids.chain_1}/lineage?depth=11`)).status).toBe(400);
  });

  it('names one dataset for two connections to the same server and database, whatever their conn_id', async () => {
    await rest.database.db.connection.create({
      data: { workspaceId: rest.workspaceId, connId: 'warehouse_ro', connType: 'postgres', host: 'db.INTERNAL', port: 5433, schema: 'analytics', login: 'reader' },
    });
    await deploy(dagSpec('reader', `
  - task_id: read
    type: sql
    conn_id: warehouse_ro
    sql: "select count(*) from orders_daily"`));
    const orders = await detail('warehouse.public.orders_daily');
    expect(orders.consumers).toEqual([{ dag_id: 'reader', task_id: 'read', source: 'inferred' }]);
    const listed = await rest.viewer('GET', '/datasets?q=orders_daily');
    expect(listed.body.datasets.map((dataset: { ol_name: string }) => dataset.ol_name)).toEqual(['analytics.public.orders_daily']);
  });

  it('catches up DAGs whose current version the catalog has not synced, and leaves synced ones alone', async () => {
    await deploy(dagSpec('legacy', sqlTask('copy', 'insert into legacy_out select * from legacy_in')));
    const db = rest.database.db;
    // As a DAG deployed before the catalog: no edges, no synced version.
    await db.$executeRaw`update dag set "catalogSyncedVersionId" = null where "dagId" = 'legacy'`;
    await db.$executeRaw`delete from dataset where name in ('public.legacy_in', 'public.legacy_out')`;
    expect(await datasetsNamed('legacy')).toEqual([]);

    const unloadable: string[] = [];
    expect(await catchUpCatalog(db, { onUnloadable: (dag) => unloadable.push(dag.id) })).toBe(1);
    expect((await detail('warehouse.public.legacy_out')).producers).toEqual([{ dag_id: 'legacy', task_id: 'copy', source: 'inferred' }]);
    expect(unloadable).toEqual([]);
    expect(await catchUpCatalog(db, { onUnloadable: (dag) => unloadable.push(dag.id) })).toBe(0);
  });

  it('deploys a spec whose SQL contradicts its declared outputs, with warnings placed at their lines', async () => {
    const source = dagSpec('contradicted', sqlTask('build', 'insert into contradicted_daily select * from orders', '\n    outputs: [warehouse.public.contradicted_weekly]'));
    const deployed = await rest.editor('PUT', '/dags/contradicted', source, { 'content-type': 'application/yaml' });
    expect(deployed.status, deployed.text).toBe(201);
    expect(deployed.body.warnings).toEqual([
      expect.objectContaining({ path: 'tasks[0].outputs', line: 7, message: expect.stringContaining("declares output warehouse.public.contradicted_weekly, but its SQL never writes it") }),
      expect.objectContaining({ path: 'tasks[0].outputs', line: 7, message: expect.stringContaining('writes warehouse.public.contradicted_daily, which its outputs do not declare') }),
    ]);
    // Unchanged content still says so; a consistent spec has none.
    expect((await rest.editor('PUT', '/dags/contradicted', source, { 'content-type': 'application/yaml' })).body.warnings).toHaveLength(2);
    const fixed = dagSpec('contradicted', sqlTask('build', 'insert into contradicted_daily select * from orders', '\n    outputs: [warehouse.public.contradicted_daily]'));
    const redeployed = await rest.editor('PUT', '/dags/contradicted', fixed, { 'content-type': 'application/yaml' });
    expect([redeployed.status, redeployed.body.deploy_status, redeployed.body.warnings]).toEqual([200, 'updated', []]);
  });

  it("names a MySQL load target mysql://host:port and database.table, the database the connection's", async () => {
    await rest.database.db.connection.create({
      data: { workspaceId: rest.workspaceId, connId: 'app_db', connType: 'mysql', host: 'MySQL.internal', port: null, schema: 'app', login: 'writer' },
    });
    await deploy(`dag_id: to_mysql
tasks:
  - task_id: push
    type: load
    source: {conn_id: warehouse, sql: "select 1 as course_id"}
    target: {conn_id: app_db, table: course_summary}
`);
    const listed = await rest.viewer('GET', '/datasets?q=course_summary');
    expect(listed.body.datasets).toEqual([expect.objectContaining({ conn_id: 'app_db', namespace: 'mysql://mysql.internal:3306', ol_name: 'app.course_summary' })]);
  });

  it("registers a load task's URL source as a file or API dataset named by its URI, with OpenLineage's namespace and name", async () => {
    await deploy(`dag_id: from_api
tasks:
  - task_id: pull
    type: load
    source: {url: "https://API.example.com/v1/orders?since={{ ds }}", format: json}
    target: {conn_id: warehouse, table: api_orders}
`);
    const listed = await rest.viewer('GET', '/datasets?q=orders');
    const api = (listed.body.datasets as (TDatasetJson & { conn_id: string; ol_name: string })[]).find((dataset) => dataset.dataset === 'https://api.example.com/v1/orders');
    expect(api).toMatchObject({ conn_id: '', namespace: 'https://api.example.com', ol_name: '/v1/orders' });
    const read = await rest.viewer('GET', `/datasets/${api!.id}`);
    expect(read.body.consumers).toEqual([{ dag_id: 'from_api', task_id: 'pull', source: 'declared' }]);
    const lineage = await rest.viewer('GET', `/datasets/${api!.id}/lineage?direction=downstream&depth=1`);
    expect((lineage.body.nodes as { name?: string }[]).map((node) => node.name).filter(Boolean).sort()).toEqual(['https://api.example.com/v1/orders', 'public.api_orders']);
  });

  it("answers 404 for another workspace's dataset and lists none of them", async () => {
    const id = await datasetId('warehouse.public.orders');
    expect((await rest.stranger('GET', `/datasets/${id}`)).status).toBe(404);
    expect((await rest.stranger('GET', `/datasets/${id}/lineage`)).status).toBe(404);
    const listed = await rest.stranger('GET', '/datasets');
    expect([listed.status, listed.body.total_entries]).toEqual([200, 0]);
  });

  it('deploys a task whose SQL does not parse, recording only its declared edges', async () => {
    const deployed = await deploy(dagSpec('broken', sqlTask('oops', 'selec * frm broken_in', '\n    outputs: [warehouse.public.broken_out]')));
    expect(deployed.status).toBe('created');
    expect((await detail('warehouse.public.broken_out')).producers).toEqual([{ dag_id: 'broken', task_id: 'oops', source: 'declared' }]);
    expect(await datasetsNamed('broken_in')).toEqual([]);
  });
});
