import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttemptLogWriter } from '../../server/integrations/log-store';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { LOG_PAGE_BYTES } from '../../server/services/task-instances/read-task-log';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';
import { codeOf } from '../support/trpc-code';

const FAN = (extraTask: string) => `
dag_id: fan
schedule: null
tasks:
  - task_id: start
    type: empty
  - task_id: ls1
    type: bash
    bash_command: ls /
  - task_id: ls2
    type: bash
    bash_command: ls /tmp
  - task_id: end
    type: empty${extraTask}
flow:
  - start >> [ls1, ls2] >> end
`;

describe('tRPC dagViews: graph, versions, source and logs', () => {
  let database: TTestDatabase;
  const users: Record<'member' | 'outsider', TTRPCContext['user']> = { member: null, outsider: null };
  let runId = '';
  const as = (user: TTRPCContext['user']) => createCaller({ db: database.db, user, workspaceSlug: 'team' });

  beforeAll(async () => {
    database = await createTestDatabase('trpc_dag_views');
    const team = await createWorkspace(database.db, 'team');
    const other = await createWorkspace(database.db, 'other');
    const ctx = systemContext(database.db, team.id, 'test');
    await deployDag(ctx, { source: FAN('') });
    await deployDag(ctx, { source: FAN('\n  - task_id: extra\n    type: empty') });
    const run = await triggerDagRun(ctx, { dagId: 'fan' });
    runId = run.runId;
    for (const [key, workspaceId] of [['member', team.id], ['outsider', other.id]] as const) {
      const user = await database.db.user.create({ data: { email: `${key}@example.com`, name: key } });
      await database.db.membership.create({ data: { workspaceId, userId: user.id, role: 'viewer' } });
      users[key] = { id: user.id, email: user.email, name: user.name };
    }
  });
  afterAll(() => database.drop());

  it('draws the current version: one node per task, edges upstream → downstream', async () => {
    const graph = await as(users.member).dagViews.graph({ dagId: 'fan' });
    expect(graph.tasks.map((task) => task.task_id).sort()).toEqual(['end', 'extra', 'ls1', 'ls2', 'start']);
    expect(graph.tasks.find((task) => task.task_id === 'ls1')?.type).toBe('bash');
    const edges = graph.edges.map((edge) => `${edge.upstream}>>${edge.downstream}`).sort();
    expect(edges).toEqual(['ls1>>end', 'ls2>>end', 'start>>ls1', 'start>>ls2']);
    expect(graph.runs.map((run) => run.run_id)).toEqual([runId]);
    expect(graph.selected_run_id).toBe(runId);
  });

  it('lists versions newest first and serves each version’s source; runs name their version', async () => {
    const versions = await as(users.member).dagViews.versions({ dagId: 'fan' });
    expect(versions.map((version) => version.version)).toEqual([2, 1]);
    expect(versions[0]?.content_hash).not.toBe(versions[1]?.content_hash);
    const first = await as(users.member).dagViews.source({ dagId: 'fan', version: 1 });
    expect(first.source).toBe(FAN(''));
    expect((await as(users.member).dagViews.source({ dagId: 'fan', version: 2 })).source).toContain('task_id: extra');
    expect(await as(users.member).dagViews.runsWithVersions({ dagId: 'fan' })).toEqual([
      expect.objectContaining({ run_id: runId, version: 2 }),
    ]);
    expect(await codeOf(as(users.member).dagViews.source({ dagId: 'fan', version: 9 }))).toBe('NOT_FOUND');
  });

  it('pages a log through several chunks with the continuation token, and reads it whole', async () => {
    const run = await database.db.dagRun.findFirstOrThrow({ where: { runId } });
    // Instances may or may not exist yet depending on the scheduler: make this one directly.
    const instance = await database.db.taskInstance.upsert({
      where: { dagRunId_taskId: { dagRunId: run.id, taskId: 'ls1' } },
      create: { workspaceId: run.workspaceId, dagRunId: run.id, taskId: 'ls1', taskType: 'bash', state: 'success', tryNumber: 1 },
      update: { state: 'success', tryNumber: 1 },
    });
    const attempt = await database.db.taskAttempt.create({
      data: { workspaceId: run.workspaceId, taskInstanceId: instance.id, tryNumber: 1, state: 'success' },
    });
    // Three chunks of ~0.6 MiB: a page holds at most LOG_PAGE_BYTES, so reading takes three pages.
    const chunk = (seq: number) => `${String(seq).repeat(Math.floor(LOG_PAGE_BYTES * 0.6))}\n`;
    await database.db.logChunk.createMany({
      data: [0, 1, 2].map((seq) => ({ workspaceId: run.workspaceId, attemptId: attempt.id, seq, stream: 'stdout', content: chunk(seq) })),
    });
    const target = { dagId: 'fan', runId, taskId: 'ls1', tryNumber: 1 };
    const pages = [];
    let afterSeq = -1;
    for (let page = 0; page < 5; page++) {
      const read = await as(users.member).dagViews.log({ ...target, afterSeq });
      pages.push(read);
      afterSeq = read.lastSeq;
      if (!read.more) break;
    }
    expect(pages.map((page) => page.lastSeq)).toEqual([0, 1, 2]);
    expect(pages.map((page) => page.content).join('')).toBe(chunk(0) + chunk(1) + chunk(2));
    const whole = await as(users.member).dagViews.log({ ...target, full: true });
    expect(whole).toMatchObject({ lastSeq: 2, more: false });
    expect(whole.content).toBe(chunk(0) + chunk(1) + chunk(2));
  });

  it('gives every log line its stream and the time the worker received it, not the time it was stored', async () => {
    const run = await database.db.dagRun.findFirstOrThrow({ where: { runId } });
    const instance = await database.db.taskInstance.upsert({
      where: { dagRunId_taskId: { dagRunId: run.id, taskId: 'ls2' } },
      create: { workspaceId: run.workspaceId, dagRunId: run.id, taskId: 'ls2', taskType: 'bash', state: 'success', tryNumber: 1 },
      update: { state: 'success', tryNumber: 1 },
    });
    const attempt = await database.db.taskAttempt.create({
      data: { workspaceId: run.workspaceId, taskInstanceId: instance.id, tryNumber: 1, state: 'success' },
    });
    const writer = new AttemptLogWriter(database.db, { workspaceId: run.workspaceId, attemptId: attempt.id }, 1024 * 1024, []);
    const before = Date.now();
    writer.write('stdout', 'first');
    const afterFirst = Date.now();
    // Both lines reach the same 200 ms flush, so the chunk's own time is the same for both.
    await new Promise((resolve) => setTimeout(resolve, 60));
    const beforeSecond = Date.now();
    writer.write('stdout', 'second');
    writer.write('stderr', 'oops');
    writer.write('system', 'Traceback:\n  at line 1');
    await writer.close();
    const log = await as(users.member).dagViews.log({ dagId: 'fan', runId, taskId: 'ls2', tryNumber: 1, full: true });
    expect(log.content).toBe('first\nsecond\noops\nTraceback:\n  at line 1\n');
    expect(log.lineStreams).toBe('ooess');
    expect(log.lineTimes).toHaveLength(5);
    expect(log.lineTimes[0]).toBeGreaterThanOrEqual(before);
    expect(log.lineTimes[0]).toBeLessThanOrEqual(afterFirst);
    expect(log.lineTimes[1]).toBeGreaterThanOrEqual(beforeSecond);
    expect(log.lineTimes[4]).toBe(log.lineTimes[3]);
  });

  it('answers NOT_FOUND for another workspace’s DAG, exactly as for a missing one', async () => {
    const outsider = createCaller({ db: database.db, user: users.outsider, workspaceSlug: 'other' });
    expect(await codeOf(outsider.dagViews.graph({ dagId: 'fan' }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.dagViews.versions({ dagId: 'fan' }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.dagViews.source({ dagId: 'fan', version: 1 }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.dagViews.runsWithVersions({ dagId: 'fan' }))).toBe('NOT_FOUND');
    expect(await codeOf(outsider.dagViews.log({ dagId: 'fan', runId, taskId: 'ls1', tryNumber: 1 }))).toBe('NOT_FOUND');
    // And a member of `other` naming `team` in the URL is not let in either.
    expect(await codeOf(createCaller({ db: database.db, user: users.outsider, workspaceSlug: 'team' }).dagViews.graph({ dagId: 'fan' }))).toBe('NOT_FOUND');
  });
});
