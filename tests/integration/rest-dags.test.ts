import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';

const YAML = { 'content-type': 'application/yaml' };

function spec(dagId: string, extra = '', command = 'echo hi') {
  return `dag_id: ${dagId}
description: Loads ${dagId}
schedule: "@daily"
start_date: "2024-01-01"
${extra}
tasks:
  - { task_id: extract, type: bash, bash_command: "${command}" }
  - { task_id: load, type: empty, depends_on: [extract] }
`;
}

describe('REST v1: DAGs', () => {
  let rest: TRestFixture;

  beforeAll(async () => {
    rest = await startRestFixture('rest_dags');
  });
  afterAll(async () => {
    await rest.close();
  });

  it('deploys a YAML spec: 201 created, then 200 unchanged, then 200 updated with a new version', async () => {
    const created = await rest.editor('PUT', '/dags/sales', spec('sales', 'tags: [finance, daily]\nowner: ana'), YAML);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      deploy_status: 'created', dag_id: 'sales', is_paused: true, is_active: true, description: 'Loads sales',
      schedule_interval: { __type: 'CronExpression', value: '@daily' }, tags: [{ name: 'finance' }, { name: 'daily' }], owners: ['ana'], timezone: 'UTC',
      max_active_runs: 16, version: 1, fileloc: 'tributary://team/sales',
    });
    expect(typeof created.body.timetable_description).toBe('string');
    const again = await rest.editor('PUT', '/dags/sales', spec('sales', 'tags: [finance, daily]\nowner: ana'), YAML);
    expect([again.status, again.body.deploy_status, again.body.version]).toEqual([200, 'unchanged', 1]);
    const updated = await rest.editor('PUT', '/dags/sales', spec('sales', 'tags: [finance, daily]\nowner: ana', 'echo v2'), YAML);
    expect([updated.status, updated.body.deploy_status, updated.body.version]).toEqual([200, 'updated', 2]);
  });

  it('answers 400 with every problem located for a bad spec, and the previous version stays current', async () => {
    const bad = `dag_id: sales
tasks:
  - { task_id: extract, type: bash, bash_command: "echo broken" }
  - task_id: load
    type: empty
    depends_on: [nope]
`;
    const response = await rest.editor('PUT', '/dags/sales', bad, YAML);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.title).toBe('Bad Request');
    expect(response.body.detail).toMatch(/current version stays active/);
    expect(response.body.errors).toEqual([{ path: 'tasks[1].depends_on[0]', line: 6, column: 18, message: "unknown upstream task 'nope'" }]);
    const current = await rest.viewer('GET', '/dags/sales');
    expect(current.body.version).toBe(2);
    expect((await rest.viewer('GET', '/dags/sales/versions/2')).body.source).toContain('echo v2');
  });

  it('refuses a spec whose dag_id differs from the path, and a body that is neither YAML nor JSON', async () => {
    const mismatch = await rest.editor('PUT', '/dags/other_name', spec('sales'), YAML);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0].path).toBe('dag_id');
    const form = await rest.editor('PUT', '/dags/sales', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
  });

  it('deploys a JSON spec, locating problems in the JSON text', async () => {
    const bad = '{\n  "dag_id": "json_dag",\n  "tasks": [\n    {"task_id": "a", "type": "bash"}\n  ]\n}';
    const invalid = await rest.editor('PUT', '/dags/json_dag', bad, { 'content-type': 'application/json' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({ path: 'tasks[0].bash_command', line: 4, column: 5 });
    const good = JSON.stringify({ dag_id: 'json_dag', tags: ['adhoc'], tasks: [{ task_id: 'a', type: 'bash', bash_command: 'echo a' }] }, null, 2);
    const created = await rest.editor('PUT', '/dags/json_dag', good, { 'content-type': 'application/json' });
    expect([created.status, created.body.deploy_status, created.body.schedule_interval]).toEqual([201, 'created', null]);
    const version = await rest.viewer('GET', '/dags/json_dag/versions/1');
    expect([version.body.source_format, version.body.source]).toEqual(['json', good]);
  });

  it('lists DAGs in pages with total_entries, filtered by tags (any of), dag_id_pattern and paused', async () => {
    for (const name of ['orders_eu', 'orders_us', 'Orders_asia']) {
      expect((await rest.editor('PUT', `/dags/${name}`, spec(name, 'tags: [orders]'), YAML)).status).toBe(201);
    }
    const page1 = await rest.viewer('GET', '/dags?limit=2&offset=0');
    const page3 = await rest.viewer('GET', '/dags?limit=2&offset=4');
    expect(page1.body.total_entries).toBe(5);
    expect(page1.body.dags.map((d: { dag_id: string }) => d.dag_id)).toEqual(['Orders_asia', 'json_dag']);
    expect(page3.body.dags.map((d: { dag_id: string }) => d.dag_id)).toEqual(['sales']);
    const tagged = await rest.viewer('GET', '/dags?tags=finance&tags=adhoc');
    expect(tagged.body.dags.map((d: { dag_id: string }) => d.dag_id)).toEqual(['json_dag', 'sales']);
    const pattern = await rest.viewer('GET', '/dags?dag_id_pattern=ORDERS_');
    expect(pattern.body.total_entries).toBe(3);
    expect((await rest.editor('PATCH', '/dags/orders_eu', { is_paused: false })).body.is_paused).toBe(false);
    const unpaused = await rest.viewer('GET', '/dags?paused=false');
    expect(unpaused.body.dags.map((d: { dag_id: string }) => d.dag_id)).toEqual(['orders_eu']);
    expect((await rest.viewer('GET', '/dags?paused=maybe')).status).toBe(400);
  });

  it('pauses and unpauses: unpausing forgets the next run time so the scheduler recomputes it, both audited', async () => {
    const dag = await rest.database.db.dag.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, dagId: 'sales' } });
    await rest.database.db.dag.update({ where: { id: dag.id }, data: { nextDagrunCreateAfter: new Date('2030-01-01T00:00:00Z') } });
    const unpaused = await rest.editor('PATCH', '/dags/sales', { is_paused: false });
    expect([unpaused.status, unpaused.body.is_paused, unpaused.body.next_dagrun_create_after]).toEqual([200, false, null]);
    const paused = await rest.editor('PATCH', '/dags/sales', { is_paused: true });
    expect(paused.body.is_paused).toBe(true);
    const audit = await rest.database.db.auditLog.findMany({ where: { workspaceId: rest.workspaceId, targetId: 'sales', action: { in: ['dag.pause', 'dag.unpause'] } }, orderBy: { id: 'asc' } });
    expect(audit.map((row) => row.action)).toEqual(['dag.unpause', 'dag.pause']);
    expect((await rest.editor('PATCH', '/dags/sales', { is_paused: 'yes' })).body.errors[0].path).toBe('is_paused');
  });

  it('lists versions oldest first and shows one with its source and normalised spec', async () => {
    const versions = await rest.viewer('GET', '/dags/sales/versions');
    expect(versions.body.total_entries).toBe(2);
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(versions.body.versions[0]).toMatchObject({ source_format: 'yaml', content_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const one = await rest.viewer('GET', '/dags/sales/versions/1');
    expect(one.body.source).toBe(spec('sales', 'tags: [finance, daily]\nowner: ana'));
    expect(one.body.spec.dag_id).toBe('sales');
    expect(one.body.spec.tasks.map((t: { task_id: string }) => t.task_id)).toEqual(['extract', 'load']);
    expect((await rest.viewer('GET', '/dags/sales/versions/9')).status).toBe(404);
    expect((await rest.viewer('GET', '/dags/sales/versions/x')).status).toBe(400);
  });

  it('answers 404 for a DAG of another workspace exactly as for one that does not exist', async () => {
    const missing = await rest.stranger('GET', '/dags/no_such_dag');
    for (const [method, path, body] of [
      ['GET', '/dags/sales', undefined],
      ['PATCH', '/dags/sales', { is_paused: false }],
      ['DELETE', '/dags/sales', undefined],
      ['GET', '/dags/sales/versions', undefined],
      ['GET', '/dags/sales/versions/1', undefined],
    ] as const) {
      const response = await rest.stranger(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.detail).toBe(missing.body.detail.replace('no_such_dag', 'sales'));
    }
    expect((await rest.stranger('GET', '/dags')).body.total_entries).toBe(0);
    expect((await rest.stranger('PUT', '/dags/sales', spec('sales'), YAML)).body.version).toBe(1);
    expect((await rest.viewer('GET', '/dags/sales')).body.version).toBe(2);
  });

  it('refuses a viewer every DAG mutation with 403', async () => {
    for (const [method, path, body, headers] of [
      ['PUT', '/dags/sales', spec('sales'), YAML],
      ['PATCH', '/dags/sales', { is_paused: false }, {}],
      ['DELETE', '/dags/sales', undefined, {}],
    ] as const) {
      const response = await rest.viewer(method, path, body, headers);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
  });

  it('deletes a DAG with its versions, runs and task instances, audited', async () => {
    const dag = await rest.database.db.dag.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, dagId: 'orders_us' } });
    await triggerDagRun(systemContext(rest.database.db, rest.workspaceId, 'test'), { dagId: 'orders_us' });
    const instances = await rest.database.db.taskInstance.findMany({ where: { dagRun: { dagPk: dag.id } }, select: { id: true } });
    expect(instances).toHaveLength(2);
    const deleted = await rest.editor('DELETE', '/dags/orders_us');
    expect(deleted.status).toBe(204);
    expect((await rest.viewer('GET', '/dags/orders_us')).status).toBe(404);
    expect(await rest.database.db.dagRun.count({ where: { dagPk: dag.id } })).toBe(0);
    expect(await rest.database.db.dagVersion.count({ where: { dagPk: dag.id } })).toBe(0);
    expect(await rest.database.db.taskInstance.count({ where: { id: { in: instances.map((row) => row.id) } } })).toBe(0);
    const audit = await rest.database.db.auditLog.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, action: 'dag.delete' } });
    expect([audit.targetId, audit.details]).toEqual(['orders_us', { runs: 1 }]);
  });
});
