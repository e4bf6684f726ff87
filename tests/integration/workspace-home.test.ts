import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../server/db/client';
import { systemContext, type TServiceContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { getWorkspaceHome } from '../../server/services/home/get-workspace-home';
import type { TTRPCContext } from '../../server/trpc/init';
import { createCaller } from '../../server/trpc/routers/_app';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const NOW = new Date('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

const spec = (dagId: string, extra = '') => `dag_id: ${dagId}\nschedule: "@hourly"\nstart_date: 2026-01-01\ndefault_args: { owner: ${dagId}_team }${extra}\ntasks:\n  - { task_id: a, type: empty }\n  - { task_id: b, type: empty, depends_on: a }\n`;

/** A run of `dagId` at `logicalDate` in `state`, with one instance per entry of `tasks`. */
async function addRun(db: PrismaClient, ctx: TServiceContext, dagId: string, input: { state: string; logicalDate: Date; tasks?: Record<string, string> }) {
  const dag = await db.dag.findUniqueOrThrow({ where: { workspaceId_dagId: { workspaceId: ctx.workspaceId, dagId } } });
  const finished = input.state === 'success' || input.state === 'failed';
  const run = await db.dagRun.create({
    data: {
      workspaceId: ctx.workspaceId,
      dagPk: dag.id,
      dagVersionId: dag.currentVersionId!,
      runId: `scheduled__${input.logicalDate.toISOString()}`,
      runType: 'scheduled',
      state: input.state,
      logicalDate: input.logicalDate,
      dataIntervalStart: input.logicalDate,
      dataIntervalEnd: new Date(input.logicalDate.getTime() + HOUR),
      runAfter: new Date(input.logicalDate.getTime() + HOUR),
      queuedAt: new Date(input.logicalDate.getTime() + HOUR),
      startDate: input.state === 'queued' ? null : new Date(input.logicalDate.getTime() + HOUR + 1_000),
      endDate: finished ? new Date(input.logicalDate.getTime() + HOUR + 60_000) : null,
    },
  });
  const tasks = input.tasks ?? { a: input.state === 'failed' ? 'failed' : 'success', b: input.state === 'failed' ? 'upstream_failed' : 'success' };
  await db.taskInstance.createMany({
    data: Object.entries(tasks).map(([taskId, state]) => ({ workspaceId: ctx.workspaceId, dagRunId: run.id, taskId, taskType: 'empty', state })),
  });
  return run;
}

async function setNextRun(db: PrismaClient, ctx: TServiceContext, dagId: string, next: { createAfter: Date | null; paused?: boolean }) {
  await db.dag.update({
    where: { workspaceId_dagId: { workspaceId: ctx.workspaceId, dagId } },
    data: {
      isPaused: next.paused ?? false,
      nextDagrunLogicalDate: next.createAfter && new Date(next.createAfter.getTime() - HOUR),
      nextDagrunDataIntervalStart: next.createAfter && new Date(next.createAfter.getTime() - HOUR),
      nextDagrunDataIntervalEnd: next.createAfter,
      nextDagrunCreateAfter: next.createAfter,
    },
  });
}

/** A workspace with one DAG of each kind the home shows; `prefix` keeps two workspaces' DAGs apart. */
async function seedWorkspace(db: PrismaClient, slug: string, prefix: string) {
  const workspace = await createWorkspace(db, slug);
  const ctx = systemContext(db, workspace.id, `deployer of ${slug}`);
  for (const name of ['failing', 'recovered', 'running', 'upcoming', 'late']) await deployDag(ctx, { source: spec(`${prefix}${name}`) });
  await deployDag(ctx, { source: spec(`${prefix}upcoming`, '\ndescription: second version') });
  // failing: success, then two failures (the streak starts at the first), then a run still going.
  await addRun(db, ctx, `${prefix}failing`, { state: 'failed', logicalDate: hoursAgo(50) });
  await addRun(db, ctx, `${prefix}failing`, { state: 'success', logicalDate: hoursAgo(40) });
  await addRun(db, ctx, `${prefix}failing`, { state: 'failed', logicalDate: hoursAgo(30) });
  await addRun(db, ctx, `${prefix}failing`, { state: 'failed', logicalDate: hoursAgo(3) });
  await addRun(db, ctx, `${prefix}failing`, { state: 'running', logicalDate: hoursAgo(1), tasks: { a: 'running', b: 'none' } });
  // recovered: failed, then succeeded.
  await addRun(db, ctx, `${prefix}recovered`, { state: 'failed', logicalDate: hoursAgo(5) });
  await addRun(db, ctx, `${prefix}recovered`, { state: 'success', logicalDate: hoursAgo(2) });
  await addRun(db, ctx, `${prefix}running`, { state: 'running', logicalDate: hoursAgo(4), tasks: { a: 'success', b: 'running' } });
  await addRun(db, ctx, `${prefix}running`, { state: 'queued', logicalDate: hoursAgo(2), tasks: { a: 'none', b: 'none' } });
  await setNextRun(db, ctx, `${prefix}upcoming`, { createAfter: new Date(NOW.getTime() + 30 * 60_000) });
  await setNextRun(db, ctx, `${prefix}late`, { createAfter: hoursAgo(1) });
  // Paused, however late: neither upcoming nor stale.
  await setNextRun(db, ctx, `${prefix}running`, { createAfter: hoursAgo(5), paused: true });
  return { workspace, ctx };
}

describe('workspace home', () => {
  let database: TTestDatabase;
  let ctx: TServiceContext;
  let home: Awaited<ReturnType<typeof getWorkspaceHome>>;

  beforeAll(async () => {
    database = await createTestDatabase('workspace_home');
    ({ ctx } = await seedWorkspace(database.db, 'home', ''));
    // Another tenant with the same shapes: none of it may appear in the first one's home.
    await seedWorkspace(database.db, 'other-home', 'other_');
    home = await getWorkspaceHome(ctx, NOW);
  });
  afterAll(() => database?.drop());

  it('lists the DAGs whose latest finished run failed, since the first failure of the streak', () => {
    expect(home.failing_dags).toEqual([
      expect.objectContaining({
        dag_id: 'failing',
        run_id: `scheduled__${hoursAgo(3).toISOString()}`,
        first_failed_run_id: `scheduled__${hoursAgo(30).toISOString()}`,
        first_failed_logical_date: hoursAgo(30).toISOString(),
        first_failed_end_date: new Date(hoursAgo(29).getTime() + 60_000).toISOString(),
      }),
    ]);
  });

  it('lists runs in progress, running first, with tasks done of total', () => {
    expect(home.runs_in_progress.total).toBe(3);
    expect(home.runs_in_progress.runs.map((run) => [run.dag_id, run.state, run.tasks_done, run.tasks_total])).toEqual([
      ['running', 'running', 1, 2],
      ['failing', 'running', 0, 2],
      ['running', 'queued', 0, 2],
    ]);
  });

  it('counts the last 24 h of runs and task instances by state, by logical date', () => {
    expect(home.last_24h.since).toBe('2026-03-09T12:00:00.000Z');
    // failing@3h (failed), failing@1h (running), recovered@5h (failed), recovered@2h (success),
    // running@4h (running), running@2h (queued).
    expect(home.last_24h.runs).toEqual({ failed: 2, running: 2, success: 1, queued: 1 });
    expect(home.last_24h.task_instances).toEqual({ failed: 2, upstream_failed: 2, success: 3, running: 2, none: 3 });
  });

  it('lists the next runs of active DAGs and the stale ones', () => {
    expect(home.next_runs.map((run) => [run.dag_id, run.run_after])).toEqual([['upcoming', new Date(NOW.getTime() + 30 * 60_000).toISOString()]]);
    // late: due an hour ago (hourly: 10 min of grace). running is as late but paused; the others
    // are paused (new DAGs start paused) or due in the future.
    expect(home.stale_dags.map((dag) => [dag.dag_id, dag.reason])).toEqual([['late', 'late']]);
    expect(home.stale_dags.find((dag) => dag.dag_id === 'late')).toMatchObject({ due_at: hoursAgo(1).toISOString(), late_by_seconds: 3600 });
  });

  it('lists recent deploys, newest first, with who deployed', () => {
    expect(home.recent_deploys[0]).toMatchObject({ dag_id: 'upcoming', version: 2, created_by: 'deployer of home' });
    expect(home.recent_deploys.map((deploy) => `${deploy.dag_id}@v${deploy.version}`).sort()).toEqual(
      ['failing@v1', 'late@v1', 'recovered@v1', 'running@v1', 'upcoming@v1', 'upcoming@v2'].sort(),
    );
  });

  it("never shows another workspace's DAGs, runs or deploys", () => {
    const text = JSON.stringify(home);
    expect(text).not.toContain('other_');
    expect(text).not.toContain('deployer of other-home');
  });

  it('answers members through tRPC and strangers with NOT_FOUND', async () => {
    const user = await database.db.user.create({ data: { email: 'viewer@example.com', name: 'viewer' } });
    await database.db.membership.create({ data: { workspaceId: ctx.workspaceId, userId: user.id, role: 'viewer' } });
    const stranger = await database.db.user.create({ data: { email: 'stranger@example.com', name: 'stranger' } });
    const as = (who: TTRPCContext['user']) => createCaller({ db: database.db, user: who, workspaceSlug: 'home' });
    const overview = await as({ id: user.id, email: user.email, name: user.name }).home.overview();
    expect(overview.failing_dags.map((dag) => dag.dag_id)).toEqual(['failing']);
    await expect(as({ id: stranger.id, email: stranger.email, name: stranger.name }).home.overview()).rejects.toSatisfy(
      (error: unknown) => error instanceof TRPCError && error.code === 'NOT_FOUND',
    );
  });
});
