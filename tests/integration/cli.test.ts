import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../../cli/testing/run-cli';
import { ROOT } from '../../scripts/migrate';
import { generateKey, SecretBox } from '../../server/auth/secret-box';
import { createConnection } from '../../server/services/connections/create-connection';
import { systemContext } from '../../server/services/context';
import { createWorkspace } from '../support/dag-runs';
import { tokenFor } from '../support/rest-client';
import { startRestServer } from '../support/rest-server';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const LOCAL_SPEC = `dag_id: local_test
schedule: "@daily"
start_date: 2024-01-01
tasks:
  - task_id: print_ds
    type: bash
    bash_command: 'echo "ds is {{ ds }}, next is {{ next_ds }}, greeting {{ var.greeting }}"'
  - task_id: explode
    type: bash
    bash_command: 'echo "about to fail"; exit 3'
  - task_id: python_braces
    type: python
    op_kwargs: { day: "{{ ds }}" }
    python_callable: |
      def python_braces(day):
          return f"{{x}} {day}".format(x=1) + " {{ ds }}"
`;
const BAD_SPEC = `dag_id: broken
schedule: "61 * * * *"
start_date: 2024-01-01
tasks:
  - task_id: a
    type: bash
    bash_command: echo {{ dss }}
`;

describe('tributary CLI: local commands and server commands over REST v1', () => {
  let database: TTestDatabase;
  let server: { url: string; close: () => Promise<void> };
  let workspaceId: string;
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    database = await createTestDatabase('cli');
    workspaceId = (await createWorkspace(database.db, 'cli')).id;
    // Two of the examples read the `warehouse` connection: deploying checks it exists.
    await createConnection(systemContext(database.db, workspaceId, 'test'), new SecretBox(generateKey()), {
      connId: 'warehouse', connType: 'postgres', host: '127.0.0.1', port: 5432, schema: 'warehouse',
    });
    server = await startRestServer(database.db);
    env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: await tokenFor(database.db, workspaceId, 'editor') };
    dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-cli-'));
    await writeFile(file('local.yaml'), LOCAL_SPEC);
    await writeFile(file('bad.yaml'), BAD_SPEC);
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('validate', () => {
    it('accepts a good spec with its dag_id and task count, exit 0', async () => {
      const result = await runCli(['validate', 'examples/hello_world.yaml']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('examples/hello_world.yaml: OK (hello_world, 2 tasks)');
    });

    it('reports every problem of a bad spec as file:line:col: path: message, exit 1', async () => {
      const result = await runCli(['validate', file('bad.yaml'), 'examples/start_end.yaml']);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`${file('bad.yaml')}:2:11: schedule: Invalid cron '61 * * * *'`);
      expect(result.stdout).toMatch(new RegExp(`${file('bad.yaml')}:7:\\d+: tasks\\[0\\]\\.bash_command: unknown template variable 'dss'`));
      // The good file after a bad one is still checked.
      expect(result.stdout).toContain('examples/start_end.yaml: OK');
    });

    it('prints JSON a script can read', async () => {
      const result = parseJson<{ results: Array<{ valid: boolean; problems?: unknown[] }> }>(await runCli(['validate', '--json', file('bad.yaml')]));
      expect(result.results[0]?.valid).toBe(false);
      expect(result.results[0]?.problems?.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('tasks test', () => {
    it('runs one bash task for a logical date, templates rendered, log on stdout, exit 0', async () => {
      const result = await runCli(['tasks', 'test', file('local.yaml'), 'print_ds', '2024-03-05'], { TRIBUTARY_VAR_GREETING: 'hej' });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('ds is 2024-03-05, next is 2024-03-06, greeting hej');
      // Nothing was recorded anywhere: the test database has no such DAG.
      expect(await database.db.dag.count({ where: { dagId: 'local_test' } })).toBe(0);
    });

    it('exits 1 when the task fails, with its output and the reason', async () => {
      const result = await runCli(['tasks', 'test', file('local.yaml'), 'explode', '2024-03-05']);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('about to fail');
      expect(result.stdout).toMatch(/non-zero exit code 3/);
    });

    it("runs a python task's source as written, its op_kwargs rendered", async () => {
      const outcome = parseJson<{ state: string; output: string }>(await runCli(['tasks', 'test', '--json', file('local.yaml'), 'python_braces', '2024-03-05']));
      expect(outcome).toMatchObject({ state: 'success', output: '1 2024-03-05 {{ ds }}' });
    });

    it('reports the outcome as JSON', async () => {
      const outcome = parseJson<{ state: string; output: string; logical_date: string }>(
        await runCli(['tasks', 'test', '--json', file('local.yaml'), 'print_ds', '2024-03-05'], { TRIBUTARY_VAR_GREETING: 'hej' }),
      );
      expect(outcome).toMatchObject({ state: 'success', logical_date: '2024-03-05T00:00:00+00:00' });
      expect(outcome.output).toContain('ds is 2024-03-05');
    });
  });

  describe('dags', () => {
    it('deploys every spec of a directory and says created, then unchanged', async () => {
      const first = await runCli(['dags', 'deploy', 'examples'], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/created\s+hello_world\s+examples\/hello_world\.yaml/);
      const examples = (await readdir(path.join(ROOT, 'examples'))).filter((file) => file.endsWith('.yaml')).length;
      expect(first.stdout.match(/^created/gm)).toHaveLength(examples);
      const again = parseJson<{ results: Array<{ status: string }> }>(await runCli(['dags', 'deploy', '--json', 'examples'], env));
      expect(again.results.map((r) => r.status)).toEqual(Array<string>(examples).fill('unchanged'));
    });

    it('deploys the valid files of a directory and reports the invalid one at its lines, exit 1', async () => {
      const mixed = await mkdtemp(path.join(dir, 'mixed-'));
      await writeFile(path.join(mixed, 'a_bad.yaml'), BAD_SPEC);
      await writeFile(path.join(mixed, 'b_good.json'), JSON.stringify({ dag_id: 'from_json', tasks: [{ task_id: 't', type: 'empty' }] }, null, 2));
      const result = await runCli(['dags', 'deploy', mixed], env);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/invalid\s+broken/);
      expect(result.stdout).toMatch(/created\s+from_json/);
      expect(result.stderr).toContain(`${path.join(mixed, 'a_bad.yaml')}:2:11: schedule: Invalid cron`);
      expect(await database.db.dag.count({ where: { workspaceId, dagId: 'broken' } })).toBe(0);
    });

    it('lists the DAGs, as a table and as JSON', async () => {
      const table = await runCli(['dags', 'list'], env);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/hello_world\s+paused\s+0 2 \* \* \*/);
      const listed = parseJson<{ dags: Array<{ dag_id: string }> }>(await runCli(['dags', 'list', '--json'], env));
      expect(listed.dags.map((dag) => dag.dag_id)).toEqual(expect.arrayContaining(['course_stats', 'daily_orders', 'hello_world', 'hello_world_v2', 'start_end']));
    });

    it('unpauses and pauses a DAG', async () => {
      const isPaused = async () => (await database.db.dag.findFirstOrThrow({ where: { workspaceId, dagId: 'start_end' } })).isPaused;
      const unpaused = await runCli(['dags', 'unpause', 'start_end'], env);
      expect(unpaused.stdout, unpaused.stderr).toContain('Unpaused DAG start_end.');
      expect(await isPaused()).toBe(false);
      const paused = parseJson<{ is_paused: boolean }>(await runCli(['dags', 'pause', 'start_end', '--json'], env));
      expect(paused.is_paused).toBe(true);
      expect(await isPaused()).toBe(true);
    });

    it('triggers a run with conf, logical date and run id', async () => {
      const args = ['dags', 'trigger', 'start_end', '--conf', '{"region": "eu"}', '--logical-date', '2024-06-01', '--run-id', 'cli_run_1', '--json'];
      const run = parseJson<{ dag_run_id: string; logical_date: string; conf: unknown; state: string }>(await runCli(args, env));
      expect(run).toMatchObject({ dag_run_id: 'cli_run_1', logical_date: '2024-06-01T00:00:00.000Z', conf: { region: 'eu' }, state: 'queued' });
      const human = await runCli(['dags', 'trigger', 'start_end'], env);
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toMatch(/^Created run manual__\S+ of start_end/);
      // start_end is paused (the test above paused it): the run waits, and the CLI says so.
      expect(human.stderr).toContain('start_end is paused: this run will wait until you unpause it (tributary dags unpause start_end, or trigger with --unpause).');
      const unpausing = await runCli(['dags', 'trigger', 'start_end', '--unpause', '--logical-date', '2024-06-02'], env);
      expect([unpausing.code, unpausing.stderr]).toEqual([0, '']);
      expect((await database.db.dag.findFirstOrThrow({ where: { workspaceId, dagId: 'start_end' } })).isPaused).toBe(false);
      await runCli(['dags', 'pause', 'start_end'], env);
    });

    it('prints the plan of a backfill dry run and creates nothing', async () => {
      const result = await runCli(['dags', 'backfill', 'daily_orders', '-s', '2025-01-01', '-e', '2025-01-03', '--dry-run'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.match(/2025-01-0\d\S*\s+create/g)).toHaveLength(3);
      expect(result.stdout).toContain('Nothing was created');
      expect(result.stderr).toContain("daily_orders is paused: its schedule creates no runs, and this backfill's runs run anyway");
      const plan = parseJson<{ plan: Array<{ action: string }> }>(await runCli(['dags', 'backfill', 'daily_orders', '-s', '2025-01-01', '-e', '2025-01-03', '--dry-run', '--json'], env));
      expect(plan.plan.map((item) => item.action)).toEqual(['create', 'create', 'create']);
      expect(await database.db.backfill.count()).toBe(0);
    });
  });

  describe('runs and tasks', () => {
    it('lists runs, filtered by state', async () => {
      const table = await runCli(['runs', 'list', 'start_end'], env);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/cli_run_1\s+queued\s+manual/);
      const none = await runCli(['runs', 'list', 'start_end', '--state', 'success'], env);
      expect(none.stdout).toContain('No runs of start_end in state success.');
      const listed = parseJson<{ dag_runs: unknown[]; total_entries: number }>(await runCli(['runs', 'list', 'start_end', '--limit', '1', '--json'], env));
      expect(listed.dag_runs).toHaveLength(1);
      // The three runs the trigger test made (one with --unpause).
      expect(listed.total_entries).toBe(3);
    });

    it('clears task instances: dry run shows them, no --yes off a terminal refuses, --yes clears', async () => {
      // Test setup only: no engine runs in this file, so finish the run's instances by hand.
      const run = await database.db.dagRun.findFirstOrThrow({ where: { workspaceId, runId: 'cli_run_1' } });
      await database.db.taskInstance.updateMany({ where: { dagRunId: run.id }, data: { state: 'success' } });
      await database.db.taskInstance.updateMany({ where: { dagRunId: run.id, taskId: 'ls1' }, data: { state: 'failed' } });
      const base = ['tasks', 'clear', 'start_end', '--run-id', 'cli_run_1', '--task-ids', 'ls1', '--downstream'];

      const dry = await runCli([...base, '--dry-run'], env);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/cli_run_1\s+ls1\s+failed/);
      expect(dry.stdout).toMatch(/cli_run_1\s+end\s+success/);
      expect(dry.stdout).toContain('Would clear 2 task instances.');

      const refused = await runCli(base, env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Pass --yes');
      expect((await database.db.taskInstance.findFirstOrThrow({ where: { dagRunId: run.id, taskId: 'ls1' } })).state).toBe('failed');

      const cleared = parseJson<{ task_instances: Array<{ task_id: string }> }>(await runCli([...base, '--only-failed', '--yes', '--json'], env));
      expect(cleared.task_instances.map((ti) => ti.task_id)).toEqual(['ls1']);
      expect((await database.db.taskInstance.findFirstOrThrow({ where: { dagRunId: run.id, taskId: 'ls1' } })).state).toBe('none');
    });
  });

  describe('errors', () => {
    it("prints the server's detail for an unknown DAG, exit 1", async () => {
      const result = await runCli(['runs', 'list', 'no_such_dag'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^Error \(404 Not Found\): .*no_such_dag/);
    });

    it('names the missing configuration and a refused token', async () => {
      const missing = await runCli(['dags', 'list']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('TRIBUTARY_URL');
      const refused = await runCli(['dags', 'list', '--json'], { ...env, TRIBUTARY_TOKEN: 'trb_not-a-token' });
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stderr)).toMatchObject({ error: { status: 401, title: 'Unauthorized' } });
    });
  });
});
