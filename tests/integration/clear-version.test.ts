import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../../cli/testing/run-cli';
import type { TServiceContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { createWorkspace } from '../support/dag-runs';
import { tokenFor } from '../support/rest-client';
import { startRestServer } from '../support/rest-server';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { codeOf } from '../support/trpc-code';

// Version 1 fails; version 2 is the fix, and adds a task.
const V1 = `dag_id: nightly
schedule: null
start_date: 2024-01-01
tasks:
  - { task_id: extract, type: bash, bash_command: "exit 1" }
  - { task_id: report, type: empty, depends_on: [extract] }
`;
const V2 = V1.replace('exit 1', 'echo fixed') + '  - { task_id: audit, type: empty, depends_on: [report] }\n';

/** A clear can re-run the DAG's latest version instead of the run's pinned one, from the UI's tRPC and from the CLI. */
describe('clearing on the latest version', () => {
  let database: TTestDatabase;
  let editor: ReturnType<typeof createCaller>;
  let grace: NonNullable<TTRPCContext['user']>;
  let workspaceId: string;
  const runs: string[] = [];

  /** The run's version number, and its instances' states by task. */
  async function runState(runId: string) {
    const run = await database.db.dagRun.findFirstOrThrow({ where: { workspaceId, runId }, include: { dagVersion: true, taskInstances: true } });
    return { version: run.dagVersion.version, states: Object.fromEntries(run.taskInstances.map((ti) => [ti.taskId, ti.state])) };
  }
  /** Test setup only (no engine runs here): the run's extract failed and report was upstream_failed. */
  async function failRun(runId: string) {
    const run = await database.db.dagRun.findFirstOrThrow({ where: { workspaceId, runId } });
    await database.db.dagRun.update({ where: { id: run.id }, data: { state: 'failed' } });
    await database.db.taskInstance.updateMany({ where: { dagRunId: run.id, taskId: 'extract' }, data: { state: 'failed', tryNumber: 1 } });
    await database.db.taskInstance.updateMany({ where: { dagRunId: run.id, taskId: 'report' }, data: { state: 'upstream_failed' } });
  }
  const clearExtract = (runId: string, version: { useLatestVersion?: boolean; expectedLatestVersion?: number } = {}) =>
    editor.runs.clear({ dagId: 'nightly', runId, taskId: 'extract', includeDownstream: true, includeUpstream: false, onlyFailed: false, dryRun: false, ...version });

  beforeAll(async () => {
    database = await createTestDatabase('clear_version');
    workspaceId = (await createWorkspace(database.db, 'team')).id;
    const user = await database.db.user.create({ data: { email: 'grace@example.com', name: 'Grace Hopper' } });
    await database.db.membership.create({ data: { workspaceId, userId: user.id, role: 'editor' } });
    grace = { id: user.id, email: user.email, name: user.name };
    editor = createCaller({ db: database.db, user: grace, workspaceSlug: 'team' });
    const ctx: TServiceContext = { db: database.db, workspaceId, role: 'editor', actor: { type: 'user', id: user.id, label: user.email } };
    await deployDag(ctx, { source: V1 });
    for (const day of ['01', '02', '03', '04']) {
      const { run_id } = await editor.runs.trigger({ dagId: 'nightly', logicalDate: `2024-03-${day}T00:00:00.000Z` });
      runs.push(run_id);
      await failRun(run_id);
    }
    await deployDag(ctx, { source: V2 });
  });
  afterAll(() => database.drop());

  it("names the run's pinned version and the DAG's latest, who deployed each and their tasks", async () => {
    const versions = await editor.runs.clearVersions({ dagId: 'nightly', runId: runs[0]! });
    expect(versions.pinned).toMatchObject({ version: 1, created_by: 'Grace Hopper', task_ids: ['extract', 'report'] });
    expect(versions.latest).toMatchObject({ version: 2, created_by: 'Grace Hopper', task_ids: ['extract', 'report', 'audit'] });
    expect(Date.parse(versions.latest.created_at)).toBeGreaterThanOrEqual(Date.parse(versions.pinned.created_at));
    expect(await codeOf(editor.runs.clearVersions({ dagId: 'nightly', runId: 'nope' }))).toBe('NOT_FOUND');
  });

  it('keeps the pinned version by default, and re-pins the run to the latest when asked', async () => {
    await clearExtract(runs[0]!);
    expect(await runState(runs[0]!)).toEqual({ version: 1, states: { extract: 'none', report: 'none' } });

    await clearExtract(runs[1]!, { useLatestVersion: true, expectedLatestVersion: 2 });
    // The fixed version runs, and its new task gets an instance.
    expect(await runState(runs[1]!)).toEqual({ version: 2, states: { extract: 'none', report: 'none', audit: 'none' } });
  });

  it('refuses to run a latest version other than the one the preview showed, and changes nothing', async () => {
    expect(await codeOf(clearExtract(runs[2]!, { useLatestVersion: true, expectedLatestVersion: 1 }))).toBe('CONFLICT');
    expect(await runState(runs[2]!)).toEqual({ version: 1, states: { extract: 'failed', report: 'upstream_failed' } });
  });

  it('clears on the latest version from the CLI with --latest-version', async () => {
    const server = await startRestServer(database.db);
    try {
      const env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: await tokenFor(database.db, workspaceId, 'editor') };
      const result = await runCli(['tasks', 'clear', 'nightly', '--run-id', runs[3]!, '--task-ids', 'extract', '--downstream', '--latest-version', '--yes', '--json'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(parseJson<{ task_instances: Array<{ task_id: string }> }>(result).task_instances.map((ti) => ti.task_id)).toEqual(['extract', 'report']);
      expect(await runState(runs[3]!)).toEqual({ version: 2, states: { extract: 'none', report: 'none', audit: 'none' } });
    } finally {
      await server.close();
    }
  });
});
