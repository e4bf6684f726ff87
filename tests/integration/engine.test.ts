import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/migrate';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { setVariable } from '../../server/services/variables/set-variable';
import { readAttemptLog } from '../../server/integrations/log-store';
import { waitFor } from '../support/test-database';
import { attemptLog, createWorkspace, runToEnd } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

describe('execution engine: scheduler + worker processes', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let workspaceId: string;

  beforeAll(async () => {
    database = await createTestDatabase('engine');
    workspaceId = (await createWorkspace(database.db)).id;
    engine = new TestEngine(database.url, { DATABASE_URL_SHOULD_NOT_LEAK: 'x' });
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine.stop();
    await database.drop();
  });

  const fail = () => `\n${engine.output().slice(-4000)}`;

  it('runs the hello_world example end to end, with its output in the log', async () => {
    const source = await readFile(path.join(ROOT, 'examples', 'hello_world.yaml'), 'utf8');
    const { run, states, instances } = await runToEnd(database.db, workspaceId, source);
    expect(states, fail()).toEqual({ print_goodbye: 'success', print_hello: 'success' });
    expect(run.state).toBe('success');
    const hello = instances.find((ti) => ti.taskId === 'print_hello')!;
    const log = await attemptLog(database.db, hello.id, 1);
    expect(log).toContain('hello!');
    expect(log).toContain('Running command: echo "hello!"');
    expect(hello.output).toBe('hello!');
  });

  it('marks everything downstream of a failure upstream_failed and fails the run', async () => {
    const { run, states } = await runToEnd(database.db, workspaceId, `
dag_id: failing
tasks:
  - { task_id: a, type: bash, bash_command: "exit 3" }
  - { task_id: b, type: empty, depends_on: a }
  - { task_id: c, type: empty, depends_on: b }
  - { task_id: cleanup, type: bash, bash_command: "echo cleaning", depends_on: a, trigger_rule: all_done }
`);
    expect(states, fail()).toEqual({ a: 'failed', b: 'upstream_failed', c: 'upstream_failed', cleanup: 'success' });
    expect(run.state).toBe('failed');
  });

  it('retries after retry_delay and succeeds on a later try, keeping every attempt', async () => {
    const { states, instances } = await runToEnd(database.db, workspaceId, `
dag_id: flaky
default_args: { retries: 2, retry_delay: 1s }
tasks:
  - task_id: flaky
    type: bash
    bash_command: 'echo "try $AIRFLOW_CTX_TRY_NUMBER"; [ "$AIRFLOW_CTX_TRY_NUMBER" -ge 2 ]'
`);
    expect(states, fail()).toEqual({ flaky: 'success' });
    const attempts = await database.db.taskAttempt.findMany({ where: { taskInstanceId: instances[0]!.id }, orderBy: { tryNumber: 'asc' } });
    expect(attempts.map((a) => [a.tryNumber, a.state])).toEqual([[1, 'up_for_retry'], [2, 'success']]);
    // The second try started no sooner than retry_delay after the first ended.
    expect(attempts[1]!.startDate.getTime() - attempts[0]!.endDate!.getTime()).toBeGreaterThanOrEqual(1000);
    expect(await attemptLog(database.db, instances[0]!.id, 1)).toContain('try 1');
    expect(await attemptLog(database.db, instances[0]!.id, 2)).toContain('try 2');
  });

  it('kills the whole process group at execution_timeout and counts it as a failed try', async () => {
    const started = Date.now();
    const { states, instances } = await runToEnd(database.db, workspaceId, `
dag_id: too_slow
tasks:
  - { task_id: slow, type: bash, bash_command: "sleep 60 & sleep 60", execution_timeout: 1s }
`);
    expect(states, fail()).toEqual({ slow: 'failed' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await attemptLog(database.db, instances[0]!.id, 1)).toMatch(/execution_timeout of 1s/);
  });

  it('never shows a task the worker environment', async () => {
    const { instances } = await runToEnd(database.db, workspaceId, `
dag_id: show_env
tasks:
  - { task_id: env, type: bash, bash_command: env }
`);
    const log = await attemptLog(database.db, instances[0]!.id, 1);
    expect(log).toContain('AIRFLOW_CTX_DAG_ID=show_env');
    expect(log).not.toMatch(/DATABASE_URL|TRIBUTARY_SECRET_KEY/);
  });

  it('passes a task output downstream with ti.xcom_pull and renders templates', async () => {
    const { states, instances } = await runToEnd(database.db, workspaceId, `
dag_id: xcom
params: { greeting: hi }
tasks:
  - { task_id: extract, type: script, code: "return { rows: 3, day: context.ds }" }
  - task_id: report
    type: bash
    depends_on: extract
    bash_command: "echo {{ params.greeting }} {{ ti.xcom_pull('extract').rows }} rows on {{ ds }}"
`, { conf: { greeting: 'hello' } });
    expect(states, fail()).toEqual({ extract: 'success', report: 'success' });
    const report = instances.find((ti) => ti.taskId === 'report')!;
    expect(await attemptLog(database.db, report.id, 1)).toMatch(/hello 3 rows on \d{4}-\d{2}-\d{2}/);
    expect(report.renderedFields).toMatchObject({ bash_command: expect.stringMatching(/^echo hello 3 rows on/) });
  });

  it('masks connection secrets in task logs', async () => {
    await createConnection(systemContext(database.db, workspaceId, 'test'), new SecretBox(engine.secretKey), {
      connId: 'vault', connType: 'http', host: 'example.invalid', password: 'hunter2-very-secret',
    });
    const { instances } = await runToEnd(database.db, workspaceId, `
dag_id: leaky
tasks:
  - { task_id: leak, type: bash, bash_command: "echo the password is hunter2-very-secret" }
`);
    const log = await attemptLog(database.db, instances[0]!.id, 1);
    expect(log).toContain('the password is ***');
    expect(log).not.toContain('hunter2-very-secret');
  });

  it('masks connection secrets in the attempt\'s error message and the rendered fields, which the API and alerts show', async () => {
    // A variable whose name says it is secret is masked as a connection's password is.
    await setVariable(systemContext(database.db, workspaceId, 'test'), new SecretBox(engine.secretKey), 'api_token', { value: 'swordfish-in-an-error' });
    const { instances } = await runToEnd(database.db, workspaceId, `
dag_id: leaky_error
tasks:
  - { task_id: call, type: http, url: "http://example.invalid/{{ var.value.api_token }}" }
`);
    const [attempt] = await database.db.taskAttempt.findMany({ where: { taskInstanceId: instances[0]!.id }, select: { state: true, errorMessage: true } });
    expect(attempt).toMatchObject({ state: 'failed', errorMessage: expect.stringContaining('http://example.invalid/***') });
    expect(attempt!.errorMessage).not.toContain('swordfish-in-an-error');
    const instance = await database.db.taskInstance.findUniqueOrThrow({ where: { id: instances[0]!.id }, select: { renderedFields: true } });
    expect(JSON.stringify(instance.renderedFields)).toContain('http://example.invalid/***');
    expect(JSON.stringify(instance.renderedFields)).not.toContain('swordfish-in-an-error');
  });

  it('makes a running task\'s log readable while it runs', async () => {
    const ctx = systemContext(database.db, workspaceId, 'test');
    const deployed = await deployDag(ctx, { source: `
dag_id: live_log
tasks:
  - { task_id: talk, type: bash, bash_command: "echo first line; sleep 3; echo last line" }
` });
    await database.db.dag.update({ where: { id: deployed.dag.id }, data: { isPaused: false } });
    const run = await triggerDagRun(ctx, { dagId: 'live_log' });
    const attemptId = await waitFor(async () => {
      const attempt = await database.db.taskAttempt.findFirst({ where: { taskInstance: { dagRunId: run.id } } });
      if (!attempt) return null;
      const chunks = await readAttemptLog(database.db, attempt.id);
      // The command's own output, not the "Running command: echo first line…" line before it.
      return chunks.some((chunk) => chunk.stream === 'stdout' && chunk.content.includes('first line')) ? attempt.id : null;
    }, { what: 'the first line to be readable' });
    const instance = await database.db.taskInstance.findFirstOrThrow({ where: { dagRunId: run.id } });
    expect(instance.state).toBe('running');
    const soFar = (await readAttemptLog(database.db, attemptId)).map((chunk) => chunk.content).join('');
    expect(soFar).toMatch(/^first line$/m);
    expect(soFar).not.toMatch(/^last line$/m);
  });
});

