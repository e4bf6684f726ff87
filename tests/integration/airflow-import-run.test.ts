import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../../cli/testing/run-cli';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, createWorkspace, deployUnpaused, waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/airflow');

type TImportJson = { files: { file: string; specs: { dag_id: string; path: string; valid: boolean }[]; report: { status: string }[] }[] };
type TFinished = Awaited<ReturnType<typeof waitForRun>>;

/**
 * Airflow DAG files from tests/fixtures/airflow, converted by the real `tributary import airflow`
 * command, deployed as they were written and run by the real scheduler and worker (in the task
 * sandbox): what a team leaving Airflow does in its first hour.
 */
describe('imported Airflow DAGs on the engine', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let workspaceId: string;
  let out: string;

  beforeAll(async () => {
    database = await createTestDatabase('airflow_import_run');
    workspaceId = (await createWorkspace(database.db, 'airflow')).id;
    out = await mkdtemp(path.join(tmpdir(), 'importrun-'));
    engine = new TestEngine(database.url);
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine.stop();
    await database.drop();
    await rm(out, { recursive: true, force: true });
  });

  /** Imports one fixture file with the CLI, expecting every DAG in it converted, and deploys the specs it wrote. */
  async function importAndDeploy(fixture: string): Promise<string[]> {
    const result = await runCli(['import', 'airflow', path.resolve(FIXTURES, fixture), '--out', out, '--json']);
    const printed = parseJson<TImportJson>(result);
    expect(result.code, JSON.stringify(printed.files[0]?.report, null, 2)).toBe(0);
    const specs = printed.files.flatMap((file) => file.specs);
    for (const spec of specs) {
      expect(spec.valid, spec.path).toBe(true);
      await deployUnpaused(database.db, workspaceId, await readFile(spec.path, 'utf8'));
    }
    return specs.map((spec) => spec.dag_id);
  }

  async function runImported(dagId: string): Promise<TFinished> {
    const run = await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId });
    return waitForRun(database.db, run.id);
  }

  const instanceOf = (finished: TFinished, taskId: string) => {
    const instance = finished.instances.find((ti) => ti.taskId === taskId);
    if (!instance) throw new Error(`no task instance ${taskId} in ${Object.keys(finished.states).join(', ')}`);
    return instance;
  };
  const logOf = (finished: TFinished, taskId: string) => attemptLog(database.db, instanceOf(finished, taskId).id, 1);

  /** Each downstream task started only once each of its upstream tasks had ended. */
  function expectOrder(finished: TFinished, edges: [string, string][]) {
    for (const [upstream, downstream] of edges) {
      const ended = instanceOf(finished, upstream).endDate;
      const started = instanceOf(finished, downstream).startDate;
      expect(ended, `${upstream} ended`).not.toBeNull();
      expect(started!.getTime(), `${downstream} started after ${upstream} ended`).toBeGreaterThanOrEqual(ended!.getTime());
    }
  }

  it("runs the course's HelloWorld: its two PythonOperators print hello! and goodbye! into their logs", async () => {
    expect(await importAndDeploy('hello_world.py')).toEqual(['HelloWorld']);
    const finished = await runImported('HelloWorld');
    expect(finished.states, engine.output()).toEqual({ print_hello: 'success', print_goodbye: 'success' });
    expect(await logOf(finished, 'print_hello')).toMatch(/^hello!$/m);
    expect(await logOf(finished, 'print_goodbye')).toMatch(/^goodbye!$/m);
    expect(instanceOf(finished, 'print_goodbye').output).toBe('goodbye!');
    expectOrder(finished, [['print_hello', 'print_goodbye']]);
  }, 90_000);

  it('runs HelloWorld_v2: print_date >> [sleep, ls] as BashOperators, with retries=3 on sleep and default_args on the others', async () => {
    // The course's file with a one-second sleep and an id of its own: the run need not wait for `sleep 5`.
    const course = await readFile(path.join(FIXTURES, 'hello_world_v2.py'), 'utf8');
    const quick = course.replace("bash_command='sleep 5'", "bash_command='sleep 1'").replace('"HelloWorld_v2", # DAG name', '"HelloWorld_v2_quick", # DAG name');
    expect(quick).toContain("'sleep 1'");
    const quickFile = path.join(out, 'hello_world_v2_quick.py');
    await writeFile(quickFile, quick);
    expect(await importAndDeploy(quickFile)).toEqual(['HelloWorld_v2_quick']);
    const finished = await runImported('HelloWorld_v2_quick');
    expect(finished.states, engine.output()).toEqual({ print_date: 'success', sleep: 'success', ls: 'success' });
    expectOrder(finished, [['print_date', 'sleep'], ['print_date', 'ls']]);
    // retries=3 on the operator beats default_args' retries=1: four tries for sleep, two for the others.
    expect(Object.fromEntries(finished.instances.map((ti) => [ti.taskId, ti.maxTries]))).toEqual({ print_date: 2, sleep: 4, ls: 2 });
    expect(await logOf(finished, 'print_date')).toMatch(/\b20\d\d\b/);
  }, 90_000);

  it('runs a TaskFlow pipeline: each @task gets its upstream return value, and load prints the total', async () => {
    expect(await importAndDeploy('taskflow.py')).toEqual(['tutorial_taskflow_api']);
    const finished = await runImported('tutorial_taskflow_api');
    expect(finished.states, engine.output()).toEqual({ extract: 'success', transform: 'success', load: 'success' });
    expect(instanceOf(finished, 'extract').output).toEqual({ 1001: 301.27, 1002: 433.21, 1003: 502.22 });
    expect(instanceOf(finished, 'transform').output).toEqual({ total_order_value: 1236.7 });
    expect(await logOf(finished, 'load')).toMatch(/^Total order value is: 1236\.70 KRW$/m);
    expectOrder(finished, [['extract', 'transform'], ['transform', 'load']]);
  }, 90_000);

  it("fails an imported PythonOperator that raises, with the traceback in its log, and does not run what follows it", async () => {
    expect(await importAndDeploy('python_failure.py')).toEqual(['failing_check']);
    const finished = await runImported('failing_check');
    expect(finished.run.state).toBe('failed');
    expect(finished.states, engine.output()).toEqual({ check_rows: 'failed', report: 'upstream_failed' });
    const log = await logOf(finished, 'check_rows');
    expect(log).toMatch(/Traceback \(most recent call last\):\n[\s\S]*? {2}File "python_callable", line 4, in check_rows\n {4}raise ValueError[\s\S]*?\nValueError: no rows for \d{4}-\d{2}-\d{2}\n/);
    const attempt = await database.db.taskAttempt.findFirstOrThrow({ where: { taskInstanceId: instanceOf(finished, 'check_rows').id } });
    expect(attempt.errorMessage).toMatch(/^ValueError: no rows for \d{4}-\d{2}-\d{2}$/);
  }, 90_000);

  it('runs start >> [t1, t2] >> end with DummyOperator', async () => {
    expect(await importAndDeploy('start_end.py')).toEqual(['fan_out_in']);
    const finished = await runImported('fan_out_in');
    expect(finished.states, engine.output()).toEqual({ start: 'success', t1: 'success', t2: 'success', end: 'success' });
    expectOrder(finished, [['start', 't1'], ['start', 't2'], ['t1', 'end'], ['t2', 'end']]);
    expect(await logOf(finished, 't1')).toMatch(/^one$/m);
    expect(await logOf(finished, 't2')).toMatch(/^two$/m);
  }, 90_000);
});
