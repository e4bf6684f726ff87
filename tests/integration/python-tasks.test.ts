import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, createWorkspace, deployUnpaused, runToEnd, waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

/** Python tasks on a real worker process, in the real task sandbox (TRIBUTARY_TASK_SANDBOX=bwrap). */
describe('python tasks on the engine', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let workspaceId: string;
  const password = `pw-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    database = await createTestDatabase('python_tasks');
    workspaceId = (await createWorkspace(database.db, 'python')).id;
    engine = new TestEngine(database.url);
    const ctx = systemContext(database.db, workspaceId, 'test');
    const box = new SecretBox(engine.secretKey);
    await createConnection(ctx, box, { connId: 'warehouse', connType: 'postgres', host: 'db.internal', port: 5432, login: 'etl', password, schema: 'analytics' });
    await createConnection(ctx, box, { connId: 'billing', connType: 'postgres', host: 'billing.internal', port: 5432, login: 'ops', password: `${password}-billing`, schema: 'billing' });
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine.stop();
    await database.drop();
  });

  const logOf = async (finished: Awaited<ReturnType<typeof waitForRun>>, taskId: string) =>
    attemptLog(database.db, finished.instances.find((instance) => instance.taskId === taskId)!.id, 1);
  const outputOf = (finished: Awaited<ReturnType<typeof waitForRun>>, taskId: string) => finished.instances.find((instance) => instance.taskId === taskId)?.output;

  it("runs Airflow's HelloWorld: two python tasks whose prints reach their logs", async () => {
    const finished = await runToEnd(database.db, workspaceId, `
dag_id: HelloWorld
schedule: "0 2 * * *"
catchup: false
start_date: 2024-01-01
tasks:
  - task_id: print_hello
    type: python
    python_callable: |
      def print_hello():
          print("hello!")
          return "Hello!"
  - task_id: print_goodbye
    type: python
    depends_on: [print_hello]
    python_callable: |
      def print_goodbye():
          print("goodbye!")
          return "Goodbye!"
`);
    expect(finished.states).toEqual({ print_hello: 'success', print_goodbye: 'success' });
    expect(await logOf(finished, 'print_hello')).toMatch(/^hello!$/m);
    expect(await logOf(finished, 'print_goodbye')).toMatch(/^goodbye!$/m);
    expect(outputOf(finished, 'print_goodbye')).toBe('Goodbye!');
  });

  it('passes values between python tasks through xcom_pull, with op_args, op_kwargs and only the declared context', async () => {
    const finished = await runToEnd(database.db, workspaceId, `
dag_id: xcom_flow
tasks:
  - task_id: extract
    type: python
    python_callable: |
      def extract():
          return {"rows": [1, 2, 3]}
  - task_id: transform
    type: python
    depends_on: [extract]
    python_callable: |
      def transform(ds, ti):
          rows = ti.xcom_pull(task_ids="extract")["rows"]
          return {"total": sum(rows), "ds": ds}
  - task_id: load
    type: python
    depends_on: [transform]
    op_args: [total]
    op_kwargs: { sep: "=" }
    python_callable: |
      def load(label, sep, ti, **context):
          total = ti.xcom_pull(task_ids="transform")["total"]
          print(f"{label}{sep}{total}")
          return {"line": f"{label}{sep}{total}", "tz": str(context["logical_date"].tzinfo), "has_ds": "ds" in context}
`);
    expect(finished.states).toEqual({ extract: 'success', transform: 'success', load: 'success' });
    expect(outputOf(finished, 'transform')).toEqual({ total: 6, ds: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(outputOf(finished, 'load')).toEqual({ line: 'total=6', tz: 'UTC', has_ds: true });
    expect(await logOf(finished, 'load')).toMatch(/^total=6$/m);
  });

  it("keeps a key pushed with xcom_push beside the return value: the next python task and a template pull it by key", async () => {
    const finished = await runToEnd(database.db, workspaceId, `
dag_id: xcom_keys
tasks:
  - task_id: extract
    type: python
    python_callable: |
      def extract(ti):
          ti.xcom_push(key="rows", value=[{"id": 1}, {"id": 2}])
          return "extracted"
  - task_id: count
    type: python
    depends_on: [extract]
    python_callable: |
      def count(ti):
          rows = ti.xcom_pull(task_ids="extract", key="rows")
          return {"count": len(rows), "returned": ti.xcom_pull(task_ids="extract")}
  - task_id: echo
    type: bash
    depends_on: [extract]
    bash_command: |
      echo "ids {{ ti.xcom_pull(task_ids='extract', key='rows') | map: 'id' | join: ',' }}"
`);
    expect(finished.states).toEqual({ extract: 'success', count: 'success', echo: 'success' });
    expect(outputOf(finished, 'count')).toEqual({ count: 2, returned: 'extracted' });
    expect(await logOf(finished, 'echo')).toMatch(/^ids 1,2$/m);
    expect(finished.instances.find((instance) => instance.taskId === 'extract')).toMatchObject({ output: 'extracted', xcom: { rows: [{ id: 1 }, { id: 2 }] } });
  });

  it('runs Python source as written, braces and all, while op_kwargs are still rendered', async () => {
    const finished = await runToEnd(database.db, workspaceId, `
dag_id: braces
tasks:
  - task_id: callable
    type: python
    op_kwargs: { day: "{{ ds }}" }
    python_callable: |
      def callable(day):
          # {% if %} is no template here, and {{ nope }} no variable.
          return {"fstring": f"{{x}}".format(x=1), "literal": "{{ ds }}", "day": day, "same": day == "{{ ds }}"}
  - task_id: script
    type: python
    code: |
      x = 2
      return_value = f"{{{x}}} {{% endraw %}}"
`);
    expect(finished.states).toEqual({ callable: 'success', script: 'success' });
    expect(outputOf(finished, 'callable')).toEqual({ fstring: '1', literal: '{{ ds }}', day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), same: false });
    expect(outputOf(finished, 'script')).toBe('{2} {% endraw %}');
  });

  it('fails a try on an exception, with the traceback in the log and its last line as the error', async () => {
    const finished = await runToEnd(database.db, workspaceId, `
dag_id: explode
tasks:
  - task_id: broken
    type: python
    python_callable: |
      def broken(ds):
          rows = []
          return check(rows, ds)

      def check(rows, ds):
          raise ValueError(f"no rows for {ds}")
`);
    expect(finished.states).toEqual({ broken: 'failed' });
    const log = await logOf(finished, 'broken');
    expect(log).toMatch(/Traceback \(most recent call last\):\n {2}File "python_callable", line 3, in broken\n[\s\S]*?\n {2}File "python_callable", line 6, in check\n {4}raise ValueError[\s\S]*?\nValueError: no rows for \d{4}-\d{2}-\d{2}\n/);
    const attempt = await database.db.taskAttempt.findFirstOrThrow({ where: { taskInstanceId: finished.instances[0]!.id } });
    expect(attempt.errorMessage).toMatch(/^ValueError: no rows for \d{4}-\d{2}-\d{2}$/);
  });

  it('gives get_connection the task’s own connection, refuses another, and masks the password in the log', async () => {
    const finished = await runToEnd(database.db, workspaceId, `
dag_id: connections
tasks:
  - task_id: use_warehouse
    type: python
    conn_ids: [warehouse]
    python_callable: |
      from tributary import get_connection

      def use_warehouse():
          conn = get_connection("warehouse")
          print("password:", conn.password)
          try:
              get_connection("billing")
              other = "returned"
          except KeyError as error:
              other = str(error)
          return {"host": conn.host, "login": conn.login, "schema": conn.schema, "password_length": len(conn.password), "other": other}
`);
    expect(finished.states).toEqual({ use_warehouse: 'success' });
    expect(outputOf(finished, 'use_warehouse')).toEqual({
      host: 'db.internal', login: 'etl', schema: 'analytics', password_length: password.length,
      other: `"connection 'billing' is not one of this task's conn_ids (warehouse): list it in the task's conn_ids"`,
    });
    const log = await logOf(finished, 'use_warehouse');
    expect(log).toMatch(/^password: \*\*\*$/m);
    expect(log).not.toContain(password);
  });

  it('cannot read another running task’s scratch files', async () => {
    const ctx = systemContext(database.db, workspaceId, 'test');
    await deployUnpaused(database.db, workspaceId, `
dag_id: holder
tasks:
  - task_id: hold
    type: python
    execution_timeout: 90s
    python_callable: |
      import os, time

      def hold():
          home = os.environ["HOME"]
          with open(os.path.join(home, "secret.txt"), "w") as f:
              f.write("holder-secret")
          print("scratch:", home, flush=True)
          deadline = time.time() + 60
          while not os.path.exists(os.path.join(home, "stop")) and time.time() < deadline:
              time.sleep(0.05)
`);
    const holderRun = await triggerDagRun(ctx, { dagId: 'holder' });
    const instance = await waitFor(() => database.db.taskInstance.findFirst({ where: { dagRunId: holderRun.id, taskId: 'hold', state: 'running' } }), { what: 'the holder task to run' });
    const scratch = await waitFor(async () => {
      const log = await attemptLog(database.db, instance.id, 1).catch(() => '');
      return /^scratch: (\S+)$/m.exec(log)?.[1];
    }, { timeoutMs: 30_000, what: "the holder's scratch directory" });
    const secretFile = path.join(scratch, 'secret.txt');
    await access(secretFile);

    const snoop = await runToEnd(database.db, workspaceId, `
dag_id: snoop
tasks:
  - task_id: look
    type: python
    python_callable: |
      import glob, os

      def look(params):
          found = []
          for target in [params["secret"], params["home"]]:
              try:
                  found.append(open(target).read() if os.path.isfile(target) else os.listdir(target))
              except OSError as error:
                  found.append(type(error).__name__)
          found.append(os.path.exists(params["home"]))
          mine = os.environ["HOME"]
          return {"found": found, "others": [p for p in glob.glob("/tmp/*") if p != mine]}
`, { conf: { secret: secretFile, home: scratch } });
    expect(snoop.states).toEqual({ look: 'success' });
    const output = outputOf(snoop, 'look') as { found: unknown[]; others: string[] };
    expect(output.found).toEqual(['FileNotFoundError', 'FileNotFoundError', false]);
    expect(output.others).toEqual([]);
    // The holder's file was there all along: the other task simply could not see it.
    await access(secretFile);
    await writeFile(path.join(scratch, 'stop'), '');
    expect((await waitForRun(database.db, holderRun.id)).states).toEqual({ hold: 'success' });
  });
});
