import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { parseJson, runCli } from '../../cli/testing/run-cli';
import { tokenFor } from '../support/rest-client';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';
import { startRestServer } from '../support/rest-server';

const sqlTask = (taskId: string, sql: string) => `
  - task_id: ${taskId}
    type: sql
    conn_id: warehouse
    sql: "${sql}"`;

const dagSpec = (dagId: string, owner: string, ...tasks: string[]) => `dag_id: ${dagId}\nowner: ${owner}\ntasks:${tasks.join('')}\n`;

/** The dataset page's writes: curation fields, manual registration, and the impact view. */
describe('data catalog: editing datasets and their impact', () => {
  let rest: TRestFixture;
  const deploy = (source: string) => deployDag(systemContext(rest.database.db, rest.workspaceId, 'test'), { source });

  const datasetId = async (shortForm: string) => {
    const listed = await rest.viewer('GET', `/datasets?q=${encodeURIComponent(shortForm.split('.').at(-1)!)}`);
    const found = (listed.body.datasets as { id: string; dataset: string }[]).find((dataset) => dataset.dataset === shortForm);
    expect(found, `${shortForm} is registered`).toBeDefined();
    return found!.id;
  };

  beforeAll(async () => {
    rest = await startRestFixture('catalog_dataset_edit');
    await rest.database.db.connection.create({
      data: { workspaceId: rest.workspaceId, connId: 'warehouse', connType: 'postgres', host: 'db.internal', port: 5432, schema: 'analytics' },
    });
    await deploy(dagSpec('ingest', 'ana', sqlTask('load', 'insert into raw_orders select * from src_orders')));
    await deploy(dagSpec('model', 'ben', sqlTask('clean', 'insert into clean_orders select * from raw_orders')));
    await deploy(dagSpec('report', 'cy', sqlTask('daily', 'insert into orders_report select * from clean_orders')));
  });
  afterAll(async () => {
    await rest.close();
  });

  it('round-trips every curated field through PATCH and records the change in the audit log', async () => {
    const id = await datasetId('warehouse.public.raw_orders');
    const patch = {
      description: '# Raw orders\n\nOne row per **order**.',
      owner: 'data-platform',
      requested_by: 'finance',
      requested_reason: 'monthly close',
      review_after: '2027-03-31',
      tags: ['pii', 'finance', 'pii'],
      freshness: { warn_after: { count: 12, period: 'hour' }, error_after: { count: 2, period: 'day' } },
    };
    const patched = await rest.editor('PATCH', `/datasets/${id}`, patch);
    expect(patched.status, patched.text).toBe(200);
    const expected = {
      description: patch.description, owner: 'data-platform', requested_by: 'finance', requested_reason: 'monthly close',
      review_after: '2027-03-31', tags: ['finance', 'pii'],
      freshness: { warn_after: { count: 12, period: 'hour' }, error_after: { count: 2, period: 'day' }, state: null },
    };
    expect(patched.body).toMatchObject(expected);
    const stored = await rest.database.db.dataset.findUniqueOrThrow({ where: { id } });
    expect([stored.freshnessWarnAfterSeconds, stored.freshnessErrorAfterSeconds]).toEqual([43_200, 172_800]);
    expect((await rest.viewer('GET', `/datasets/${id}`)).body).toMatchObject({ description: patch.description, owner: 'data-platform', tags: ['finance', 'pii'] });

    const cleared = await rest.editor('PATCH', `/datasets/${id}`, { owner: null, freshness: { warn_after: null } });
    expect(cleared.body).toMatchObject({ owner: null, requested_by: 'finance', freshness: { warn_after: null, error_after: { count: 2, period: 'day' } } });
    const audit = await rest.database.db.auditLog.findMany({ where: { workspaceId: rest.workspaceId, action: 'dataset.update', targetId: id } });
    expect(audit.map((entry) => entry.details)).toEqual([
      { fields: ['description', 'freshness', 'owner', 'requested_by', 'requested_reason', 'review_after', 'tags'] },
      { fields: ['freshness', 'owner'] },
    ]);
  });

  it('refuses bad input with 400 naming the field, a viewer with 403 and a stranger with 404', async () => {
    const id = await datasetId('warehouse.public.clean_orders');
    const refused = async (body: unknown) => {
      const response = await rest.editor('PATCH', `/datasets/${id}`, body);
      expect(response.status, response.text).toBe(400);
      return { detail: response.body.detail as string, paths: (response.body.errors as { path: string }[] | undefined)?.map((error) => error.path) };
    };
    expect(await refused({ freshness: { warn_after: { count: 3, period: 'week' } } })).toMatchObject({ paths: ['freshness.warn_after.period'] });
    expect((await refused({ freshness: { warn_after: { count: 0, period: 'hour' } } })).detail).toMatch(/freshness\.warn_after\.count must be 1 or more/);
    expect(await refused({ freshness: { warn_after: { count: 2, period: 'day' }, error_after: { count: 1, period: 'day' } } })).toMatchObject({ paths: ['freshness.warn_after'] });
    expect((await refused({ review_after: 'next week' })).detail).toMatch(/review_after must be a date/);
    expect((await refused({ colour: 'red' })).detail).toMatch(/unknown field\(s\): colour/);
    expect((await refused({ tags: ['ok', ''] })).paths).toEqual(['tags[1]']);

    expect((await rest.viewer('PATCH', `/datasets/${id}`, { owner: 'me' })).status).toBe(403);
    expect((await rest.stranger('PATCH', `/datasets/${id}`, { owner: 'me' })).status).toBe(404);
    expect((await rest.stranger('GET', `/datasets/${id}/impact`)).status).toBe(404);
    expect((await rest.database.db.dataset.findUniqueOrThrow({ where: { id } })).owner).toBeNull();
  });

  it('registers a dataset by hand under the identity a later deploy reaches', async () => {
    const created = await rest.editor('POST', '/datasets', { conn_id: 'warehouse', table: 'ledger', owner: 'finance', description: 'From the ERP' });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ dataset: 'warehouse.public.ledger', origin: 'manual', namespace: 'postgres://db.internal:5432', ol_name: 'analytics.public.ledger', owner: 'finance' });

    expect((await rest.editor('POST', '/datasets', { conn_id: 'warehouse', table: 'public.ledger' })).status).toBe(409);
    expect((await rest.viewer('POST', '/datasets', { conn_id: 'warehouse', table: 'other' })).status).toBe(403);
    const bad = await rest.editor('POST', '/datasets', { conn_id: 'warehouse' });
    expect([bad.status, bad.body.errors?.[0]?.path]).toEqual([400, 'table']);

    await deploy(dagSpec('books', 'dee', sqlTask('close', 'insert into books select * from ledger')));
    const ledger = await rest.viewer('GET', `/datasets/${created.body.id}`);
    expect(ledger.body.consumers).toEqual([{ dag_id: 'books', task_id: 'close', source: 'inferred' }]);
  });

  it('lists what breaks downstream across three DAGs with whom to tell, as JSON and as CSV', async () => {
    const source = await datasetId('warehouse.public.src_orders');
    await rest.editor('PATCH', `/datasets/${await datasetId('warehouse.public.clean_orders')}`, { owner: 'modelling, EU' });
    const impact = await rest.viewer('GET', `/datasets/${source}/impact`);
    expect(impact.status, impact.text).toBe(200);
    const rows = (impact.body.rows as { depth: number; kind: string; name: string; owner: string | null }[]).map((row) => `${row.depth} ${row.kind} ${row.name} ${row.owner}`);
    expect(rows).toEqual([
      '1 task ingest.load ana', '1 dataset warehouse.public.raw_orders null',
      '2 task model.clean ben', '2 dataset warehouse.public.clean_orders modelling, EU',
      '3 task report.daily cy', '3 dataset warehouse.public.orders_report null',
    ]);
    expect((await rest.viewer('GET', `/datasets/${source}/impact?depth=1`)).body.rows).toHaveLength(2);

    const csv = await rest.viewer('GET', `/datasets/${source}/impact?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="impact-.+\.csv"/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('depth,kind,name,dag_id,task_id,dataset_id,owner');
    expect(lines[1]).toBe('1,task,ingest.load,ingest,load,,ana');
    expect(lines[4]).toMatch(/^2,dataset,warehouse\.public\.clean_orders,,,[^,]+,"modelling, EU"$/);
    expect(lines).toHaveLength(7);
    const accepted = await rest.viewer('GET', `/datasets/${source}/impact`, undefined, { accept: 'text/csv' });
    expect(accepted.text).toBe(csv.text);
  });

  it('lists, shows and walks datasets from the CLI, naming one by id or by conn_id.table', async () => {
    const server = await startRestServer(rest.database.db);
    try {
      const env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: await tokenFor(rest.database.db, rest.workspaceId, 'viewer') };
      const listed = parseJson<{ datasets: { dataset: string }[] }>(await runCli(['datasets', 'list', '--q', 'orders', '--conn', 'warehouse', '--json'], env));
      expect(listed.datasets.map((dataset) => dataset.dataset)).toEqual(
        ['warehouse.public.clean_orders', 'warehouse.public.orders_report', 'warehouse.public.raw_orders', 'warehouse.public.src_orders'],
      );
      const shown = parseJson<{ id: string; producers: unknown[] }>(await runCli(['datasets', 'show', 'warehouse.raw_orders', '--json'], env));
      expect(shown).toMatchObject({ id: await datasetId('warehouse.public.raw_orders'), producers: [{ dag_id: 'ingest', task_id: 'load', source: 'inferred' }] });
      const walked = await runCli(['datasets', 'lineage', 'warehouse.public.raw_orders', '--direction', 'downstream', '--depth', '2'], env);
      expect(walked.code, walked.stderr).toBe(0);
      expect(walked.stdout).toMatch(/warehouse\.public\.clean_orders\s+task report\.daily/);
      const missing = await runCli(['datasets', 'show', 'warehouse.public.nothing'], env);
      expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/No dataset warehouse\.public\.nothing/)]);
    } finally {
      await server.close();
    }
  });
});
