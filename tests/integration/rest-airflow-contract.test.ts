import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { generateKey } from '../../server/auth/secret-box';
import { resetEnvCache } from '../../server/env';
import {
  contractProblems,
  ZConnection,
  ZConnectionCollection,
  ZDag,
  ZDagCollection,
  ZDagRun,
  ZDagRunCollection,
  ZTaskInstance,
  ZTaskInstanceCollection,
  ZTaskInstanceReferenceCollection,
  ZVariable,
  ZVariableCollection,
} from '../support/airflow-v1-models';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';

const YAML = { 'content-type': 'application/yaml' };

/** The DAGs deployed, by schedule, with the schedule_interval Airflow 2.10 sends for each. */
const SCHEDULES = [
  { dagId: 'daily', schedule: 'schedule: "@daily"', expected: { __type: 'CronExpression', value: '@daily' } },
  { dagId: 'nightly', schedule: 'schedule: "0 2 * * *"', expected: { __type: 'CronExpression', value: '0 2 * * *' } },
  // Airflow sends any string schedule as a CronExpression, @once too.
  { dagId: 'once', schedule: 'schedule: "@once"', expected: { __type: 'CronExpression', value: '@once' } },
  // Airflow's DatasetTriggeredTimetable's summary is "Dataset", sent as a CronExpression.
  { dagId: 'on_data', schedule: 'schedule:\n  datasets: [wh.public.orders]', expected: { __type: 'CronExpression', value: 'Dataset' } },
  { dagId: 'by_hand', schedule: '', expected: null },
] as const;

function spec(dagId: string, schedule: string) {
  return `dag_id: ${dagId}
${schedule}
start_date: "2024-01-01"
tasks:
  - { task_id: extract, type: bash, operator: BashOperator, bash_command: "echo hi" }
  - { task_id: load, type: empty, depends_on: [extract] }
`;
}

/**
 * Every REST v1 answer that has an Airflow model, checked against Airflow 2.10's published models
 * (tests/support/airflow-v1-models.ts), so `apache-airflow-client` 2.x can deserialise it.
 */
describe('REST v1 answers match the models of Airflow 2.10 stable REST API', () => {
  let rest: TRestFixture;
  const runPath = '/dags/daily/dagRuns/contract_run';

  const expectModel = (model: z.ZodType, response: { status: number; text: string; body: unknown }) => {
    expect(response.status, response.text).toBeLessThan(300);
    expect(contractProblems(model, response.body)).toEqual([]);
  };

  beforeAll(async () => {
    // Connections and variables are encrypted with the key the REST handlers read through server/env.ts.
    process.env.TRIBUTARY_SECRET_KEY = generateKey();
    resetEnvCache();
    rest = await startRestFixture('rest_airflow_contract');
    const connection = await rest.admin('POST', '/connections', { connection_id: 'wh', conn_type: 'postgres', host: 'warehouse.internal', port: 5432, login: 'etl', password: 'pw' });
    expect(connection.status, connection.text).toBe(201);
    for (const { dagId, schedule } of SCHEDULES) {
      const deployed = await rest.editor('PUT', `/dags/${dagId}`, spec(dagId, schedule), YAML);
      expect(deployed.status, deployed.text).toBe(201);
    }
    const triggered = await rest.editor('POST', '/dags/daily/dagRuns', { dag_run_id: 'contract_run', logical_date: '2024-03-01T00:00:00Z' });
    expect(triggered.status, triggered.text).toBe(200);
  });
  afterAll(async () => {
    await rest?.close();
  });

  it.each([
    ['DAG', ZDag],
    ['DAGRun', ZDagRun],
    ['TaskInstance', ZTaskInstance],
  ] as const)('the %s model requires every field the document declares, so a field left out of an answer fails', (_name, model) => {
    const optional = Object.entries(model.shape).filter(([, field]) => field.safeParse(undefined).success).map(([name]) => name);
    expect(optional).toEqual([]);
  });

  it.each(SCHEDULES)('DAG $dagId: GET /dags/{dag_id} is a DAG, its schedule_interval as Airflow sends it', async ({ dagId, expected }) => {
    const dag = await rest.viewer('GET', `/dags/${dagId}`);
    expectModel(ZDag, dag);
    expect(dag.body.schedule_interval).toEqual(expected);
    expect(dag.body.fileloc).toBe(`tributary://team/${dagId}`);
    // Deployed (parsed) moments ago: its version's deploy time.
    expect(Date.parse(dag.body.last_parsed_time)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
    expect([dag.body.default_view, dag.body.is_subdag, dag.body.has_task_concurrency_limits, dag.body.pickle_id]).toEqual(['grid', false, false, null]);
  });

  it('DAG: the PUT (deploy) and PATCH answers are DAGs, and PATCH still takes {is_paused}', async () => {
    expectModel(ZDag, await rest.editor('PUT', '/dags/daily', spec('daily', 'schedule: "@daily"\ndescription: changed'), YAML));
    const patched = await rest.editor('PATCH', '/dags/daily?update_mask=is_paused', { is_paused: false });
    expectModel(ZDag, patched);
    expect([patched.body.is_paused, patched.body.schedule_interval]).toEqual([false, { __type: 'CronExpression', value: '@daily' }]);
  });

  it('DAG collection: GET /dags', async () => {
    const list = await rest.viewer('GET', '/dags');
    expectModel(ZDagCollection, list);
    expect(list.body.total_entries).toBe(SCHEDULES.length);
  });

  it('DAG run: the POST, GET and PATCH answers, with execution_date beside logical_date and the note', async () => {
    expectModel(ZDagRun, await rest.viewer('GET', runPath));
    const noted = await rest.editor('PATCH', runPath, { note: 'checked by hand' });
    expectModel(ZDagRun, noted);
    expect([noted.body.logical_date, noted.body.execution_date, noted.body.note]).toEqual(['2024-03-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', 'checked by hand']);
    expect([noted.body.run_type, noted.body.external_trigger, noted.body.last_scheduling_decision]).toEqual(['manual', true, null]);
    const another = await rest.editor('POST', '/dags/nightly/dagRuns', {});
    expectModel(ZDagRun, another);
    expect(another.body.execution_date).toBe(another.body.logical_date);
  });

  it('DAG run collection: GET /dags/{dag_id}/dagRuns', async () => {
    const list = await rest.viewer('GET', '/dags/daily/dagRuns');
    expectModel(ZDagRunCollection, list);
    expect(list.body.dag_runs.map((run: { dag_run_id: string }) => run.dag_run_id)).toEqual(['contract_run']);
  });

  it('task instance: GET, before any worker claimed it (hostname a string) and after, with map_index -1 and the note', async () => {
    const path = `${runPath}/taskInstances/extract`;
    const waiting = await rest.viewer('GET', path);
    expectModel(ZTaskInstance, waiting);
    expect([waiting.body.hostname, waiting.body.map_index, waiting.body.note, waiting.body.execution_date]).toEqual(['', -1, null, '2024-03-01T00:00:00.000Z']);

    const run = await rest.database.db.dagRun.findFirstOrThrow({ where: { runId: 'contract_run' } });
    await rest.database.db.taskInstance.update({
      where: { dagRunId_taskId: { dagRunId: run.id, taskId: 'extract' } },
      data: { state: 'success', tryNumber: 1, hostname: 'worker-7', pid: 4242, startDate: new Date('2024-03-02T00:00:00Z'), endDate: new Date('2024-03-02T00:00:05Z'), duration: 5, queuedAt: new Date('2024-03-02T00:00:00Z') },
    });
    expect((await rest.editor('PATCH', path, { note: 'slow source' })).status).toBe(200);
    const done = await rest.viewer('GET', path);
    expectModel(ZTaskInstance, done);
    expect([done.body.state, done.body.hostname, done.body.duration, done.body.note, done.body.pid]).toEqual(['success', 'worker-7', 5, 'slow source', 4242]);
  });

  it('task instance collection: GET .../taskInstances', async () => {
    const list = await rest.viewer('GET', `${runPath}/taskInstances`);
    expectModel(ZTaskInstanceCollection, list);
    expect(list.body.task_instances.map((ti: { map_index: number }) => ti.map_index)).toEqual([-1, -1]);
    // The operator an imported task came from (the spec's `operator`), else the task's type.
    expect(list.body.task_instances.map((ti: { operator: string }) => ti.operator)).toEqual(['BashOperator', 'empty']);
  });

  it('task instance references: the clearTaskInstances answer', async () => {
    const cleared = await rest.editor('POST', '/dags/daily/clearTaskInstances', { dag_run_id: 'contract_run', only_failed: false, dry_run: true });
    expectModel(ZTaskInstanceReferenceCollection, cleared);
    expect(cleared.body.task_instances.map((ti: { task_id: string; execution_date: string }) => [ti.task_id, ti.execution_date])).toEqual([['extract', '2024-03-01T00:00:00.000Z']]);
  });

  it('connection: the POST, GET and PATCH answers, and the collection; the password is never sent', async () => {
    expectModel(ZConnection, await rest.viewer('GET', '/connections/wh'));
    expectModel(ZConnection, await rest.admin('PATCH', '/connections/wh', { conn_type: 'postgres', description: 'the warehouse', extra: '{"sslmode": "require"}' }));
    expectModel(ZConnection, await rest.admin('POST', '/connections', { connection_id: 'bare', conn_type: 'http' }));
    const list = await rest.viewer('GET', '/connections');
    expectModel(ZConnectionCollection, list);
    expect(list.body.total_entries).toBe(2);
  });

  it('variable: the POST, GET and PATCH answers, and the collection', async () => {
    expectModel(ZVariable, await rest.editor('POST', '/variables', { key: 'region', value: 'eu-west-1' }));
    expectModel(ZVariable, await rest.viewer('GET', '/variables/region'));
    expectModel(ZVariable, await rest.editor('PATCH', '/variables/region', { key: 'region', value: 'eu-central-1', description: 'where the lake is' }));
    const list = await rest.viewer('GET', '/variables');
    expectModel(ZVariableCollection, list);
    expect(list.body.variables.map((variable: { key: string }) => variable.key)).toEqual(['region']);
  });
});
