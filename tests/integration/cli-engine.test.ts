import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli, startCli } from '../../cli/testing/run-cli';
import { createWorkspace } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { tokenFor } from '../support/rest-client';
import { startRestServer } from '../support/rest-server';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

// Lines printed over about two seconds: `logs --follow` must see the later ones arrive.
const TICKER = `dag_id: ticker
schedule: "@daily"
start_date: 2025-01-01
catchup: false
tasks:
  - task_id: tick
    type: bash
    bash_command: 'for i in 1 2 3 4; do echo "tick $i of {{ ds }}"; sleep 0.5; done'
`;
const SLOW = `dag_id: slow
schedule: "@daily"
start_date: 2025-01-01
catchup: false
max_active_runs: 1
tasks:
  - task_id: wait
    type: bash
    bash_command: sleep 30
`;

describe('tributary CLI against a running engine: logs, real backfills', () => {
  let database: TTestDatabase;
  let server: { url: string; close: () => Promise<void> };
  let engine: TestEngine;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase('cli_engine');
    const workspace = await createWorkspace(database.db, 'cli-engine');
    server = await startRestServer(database.db);
    env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: await tokenFor(database.db, workspace.id, 'editor') };
    engine = new TestEngine(database.url);
    engine.startScheduler();
    engine.startWorker();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-cli-engine-'));
    await writeFile(path.join(dir, 'ticker.yaml'), TICKER);
    await writeFile(path.join(dir, 'slow.yaml'), SLOW);
    const deployed = await runCli(['dags', 'deploy', dir], env);
    expect(deployed.code, deployed.stderr).toBe(0);
    for (const dagId of ['ticker', 'slow']) expect((await runCli(['dags', 'unpause', dagId], env)).code).toBe(0);
  });
  afterAll(async () => {
    await engine?.stop();
    await server?.close();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('follows a running task\'s log to its end, then shows the whole log of that try', async () => {
    const run = parseJson<{ dag_run_id: string }>(await runCli(['dags', 'trigger', 'ticker', '--logical-date', '2025-02-01', '--json'], env));
    await waitFor(async () => {
      const ti = await database.db.taskInstance.findFirst({ where: { taskId: 'tick', dagRun: { runId: run.dag_run_id } } });
      return ti?.state === 'running' || ti?.state === 'success';
    }, { what: 'the tick task to start', timeoutMs: 60_000 });
    const followed = await runCli(['logs', 'ticker', run.dag_run_id, 'tick', '--follow'], env);
    expect(followed.code, followed.stderr + engine.output()).toBe(0);
    for (const i of [1, 2, 3, 4]) expect(followed.stdout).toContain(`tick ${i} of 2025-02-01`);
    expect(followed.stdout.match(/tick 4 of/g)).toHaveLength(1);

    const whole = parseJson<{ content: string; try_number: number }>(await runCli(['logs', 'ticker', run.dag_run_id, 'tick', '--json'], env));
    expect(whole.try_number).toBe(1);
    expect(whole.content).toContain('tick 4 of 2025-02-01');
  });

  it('runs a backfill to completion, printing plain progress lines when stdout is not a terminal', async () => {
    const result = await runCli(['dags', 'backfill', 'ticker', '-s', '2025-01-01', '-e', '2025-01-03', '--max-active-runs', '3'], env);
    expect(result.code, result.stdout + result.stderr + engine.output()).toBe(0);
    expect(result.stdout).toMatch(/^Backfill \S+ of ticker created: 3 runs to process\./m);
    expect(result.stdout).toMatch(/completed: 3\/3 runs done \(success 3, failed 0/);
    const runs = parseJson<{ dag_runs: Array<{ run_type: string; state: string }> }>(await runCli(['runs', 'list', 'ticker', '--json'], env));
    expect(runs.dag_runs.filter((r) => r.run_type === 'backfill').map((r) => r.state)).toEqual(['success', 'success', 'success']);
  });

  it('stops waiting on Ctrl-C and leaves the backfill running on the server', async () => {
    const cli = startCli(['dags', 'backfill', 'slow', '-s', '2025-01-01', '-e', '2025-01-02'], env);
    await waitFor(async () => /created: 2 runs/.test(cli.stdout()), { what: 'the backfill to be created', timeoutMs: 30_000 });
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/Backfill \S+ keeps running on the server; follow it with `tributary runs list slow`/);
    const backfill = await database.db.backfill.findFirstOrThrow({ where: { dag: { dagId: 'slow' } } });
    expect(backfill.state).toBe('running');
  });
});
