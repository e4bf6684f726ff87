import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../../cli/testing/run-cli';
import { createWorkspace } from '../support/dag-runs';
import { restClient, tokenFor } from '../support/rest-client';
import { startRestServer } from '../support/rest-server';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const spec = (dagId: string, command: string) => `dag_id: ${dagId}\ntasks:\n  - { task_id: a, type: bash, bash_command: "${command}" }\n`;

/**
 * `tributary dags deploy <folder>` sends several specs at once: nothing may be lost or reordered,
 * and two deploys of one new DAG at the same moment must both land.
 */
describe('deploying many specs at once', () => {
  let database: TTestDatabase;
  let server: { url: string; close: () => Promise<void> };
  let workspaceId: string;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase('cli_deploy_folder');
    workspaceId = (await createWorkspace(database.db, 'folder')).id;
    server = await startRestServer(database.db);
    env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: await tokenFor(database.db, workspaceId, 'editor') };
    dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-deploy-folder-'));
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('deploys every file, reports them in name order, and deploys the files of one dag_id in name order', async () => {
    for (let i = 0; i < 30; i++) await writeFile(path.join(dir, `dag_${String(i).padStart(2, '0')}.yaml`), spec(`dag_${i}`, 'echo one'));
    // Three versions of one DAG, each file a little later in name order than the one before.
    for (const [file, command] of [['same_1.yaml', 'echo first'], ['same_2.yaml', 'echo second'], ['same_3.yaml', 'echo third']]) {
      await writeFile(path.join(dir, file!), spec('same', command!));
    }
    const result = parseJson<{ results: { file: string; dag_id: string; status: string }[] }>(await runCli(['dags', 'deploy', '--json', dir], env));
    expect(result.results.map((outcome) => path.basename(outcome.file))).toEqual([
      ...Array.from({ length: 30 }, (_, i) => `dag_${String(i).padStart(2, '0')}.yaml`),
      'same_1.yaml',
      'same_2.yaml',
      'same_3.yaml',
    ]);
    expect(result.results.slice(-3).map((outcome) => outcome.status)).toEqual(['created', 'updated', 'updated']);
    expect(await database.db.dag.count({ where: { workspaceId } })).toBe(31);
    const same = await database.db.dag.findFirstOrThrow({ where: { workspaceId, dagId: 'same' }, include: { versions: { orderBy: { version: 'asc' } }, currentVersion: true } });
    expect(same.versions.map((version) => `${version.version}:${version.sourceText.match(/echo (\w+)/)?.[1]}`)).toEqual(['1:first', '2:second', '3:third']);
    expect(same.currentVersion?.version).toBe(3);
  });

  it('deploys a DAG whose trigger_dag task names another new DAG of the folder after that DAG, even when its name comes first', async () => {
    const chain = await mkdtemp(path.join(os.tmpdir(), 'tributary-deploy-chain-'));
    const trigger = (dagId: string, target: string) => `dag_id: ${dagId}\ntasks:\n  - { task_id: kick, type: trigger_dag, trigger_dag_id: ${target} }\n`;
    try {
      // a_start → m_middle → z_end, in name order the reverse of the order they can be deployed in.
      await writeFile(path.join(chain, 'a_start.yaml'), trigger('a_start', 'm_middle'));
      await writeFile(path.join(chain, 'm_middle.yaml'), trigger('m_middle', 'z_end'));
      await writeFile(path.join(chain, 'z_end.yaml'), spec('z_end', 'echo end'));
      // A cycle of new DAGs cannot be ordered: the server refuses both, naming the target it does not know.
      await writeFile(path.join(chain, 'c_ping.yaml'), trigger('c_ping', 'c_pong'));
      await writeFile(path.join(chain, 'c_pong.yaml'), trigger('c_pong', 'c_ping'));
      const result = parseJson<{ results: { file: string; dag_id: string; status: string }[] }>(await runCli(['dags', 'deploy', '--json', chain], env));
      const statusOf = Object.fromEntries(result.results.map((outcome) => [outcome.dag_id, outcome.status]));
      expect([statusOf.a_start, statusOf.m_middle, statusOf.z_end]).toEqual(['created', 'created', 'created']);
      expect([statusOf.c_ping, statusOf.c_pong]).toEqual(['invalid', 'invalid']);
      expect(JSON.stringify(result.results.find((outcome) => outcome.dag_id === 'c_ping'))).toContain("unknown DAG 'c_pong'");
    } finally {
      await rm(chain, { recursive: true, force: true });
    }
  });

  it('takes five first deploys of one new DAG at the same moment, one version each', async () => {
    const rest = restClient(server.url, env.TRIBUTARY_TOKEN!);
    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => rest('PUT', '/dags/raced', spec('raced', `echo ${n}`), { 'content-type': 'application/yaml' })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const raced = await database.db.dag.findFirstOrThrow({ where: { workspaceId, dagId: 'raced' }, include: { versions: true } });
    expect(raced.versions.map((version) => version.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
