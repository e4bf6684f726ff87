import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { createDueRuns } from '../../server/services/scheduling/create-due-runs';
import { createWorkspace } from '../support/dag-runs';
import { recordingClient } from '../support/recorded-statements';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const DAGS = 40;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-03-10T12:30:00Z');

const refuse = ({ versionId, error }: { versionId: string; error: Error }) => {
  throw new Error(`version ${versionId} did not load: ${error.message}`);
};

const daily = (dagId: string, startDate: string, extra = '') =>
  `dag_id: ${dagId}\nschedule: "@daily"\nstart_date: ${startDate}\nis_paused_upon_creation: false\n${extra}tasks:\n  - { task_id: a, type: empty }\n  - { task_id: b, type: empty, depends_on: a }\n`;

/** The scheduler's step that creates due runs, at a minute when many DAGs are due at once. */
describe('creating the due runs of many DAGs', () => {
  let database: TTestDatabase;
  let recorder: ReturnType<typeof recordingClient>;
  let workspaceId: string;

  const runsOf = (dagId: string) =>
    database.db.dagRun.findMany({ where: { dag: { workspaceId, dagId } }, orderBy: { logicalDate: 'asc' }, include: { taskInstances: { select: { taskId: true, state: true } } } });

  beforeAll(async () => {
    database = await createTestDatabase('due_runs');
    workspaceId = (await createWorkspace(database.db, 'due')).id;
    const ctx = systemContext(database.db, workspaceId, 'test');
    // Daily DAGs started on different days, all due for yesterday's interval at midnight.
    for (let i = 0; i < DAGS; i++) await deployDag(ctx, { source: daily(`daily_${i}`, `2026-0${1 + (i % 3)}-0${1 + (i % 9)}`) });
    // An hourly catchup of 1,200 intervals: more than one tick creates for one DAG.
    await deployDag(ctx, {
      source: `dag_id: behind\nschedule: "@hourly"\nstart_date: ${new Date(Math.floor(NOW.getTime() / HOUR) * HOUR - 50 * DAY).toISOString()}\ncatchup: true\nis_paused_upon_creation: false\ntasks:\n  - { task_id: only, type: empty }\n`,
    });
    await deployDag(ctx, { source: daily('paused', '2026-01-01').replace('is_paused_upon_creation: false\n', '') });
    await deployDag(ctx, { source: `dag_id: manual_only\nschedule: null\nis_paused_upon_creation: false\ntasks:\n  - { task_id: a, type: empty }\n` });
    recorder = recordingClient(database.url);
  });
  afterAll(async () => {
    await recorder?.db.$disconnect();
    await database?.drop();
  });

  it('creates every due run with its task instances in a few statements, however many DAGs are due', async () => {
    const statements = await recorder.record((db) => createDueRuns(db, NOW, refuse));
    const runs = await database.db.dagRun.count({ where: { workspaceId } });
    expect(runs).toBe(DAGS + 1_000);
    // One query for the due DAGs, one for their versions, then per batch of runs: lock, runs,
    // instances, next runs. One DAG at a time, it was four statements and a transaction per DAG.
    expect(statements.length).toBeLessThanOrEqual(2 + 4 * 2);

    const [first] = await runsOf('daily_0');
    expect(first).toMatchObject({
      runId: 'scheduled__2026-03-09T00:00:00+00:00',
      runType: 'scheduled',
      state: 'queued',
      dataIntervalStart: new Date('2026-03-09T00:00:00Z'),
      dataIntervalEnd: new Date('2026-03-10T00:00:00Z'),
    });
    expect(first!.taskInstances.map((ti) => `${ti.taskId}:${ti.state}`).sort()).toEqual(['a:none', 'b:none']);
    const dag = await database.db.dag.findFirstOrThrow({ where: { workspaceId, dagId: 'daily_0' } });
    expect(dag).toMatchObject({
      nextDagrunLogicalDate: new Date('2026-03-10T00:00:00Z'),
      nextDagrunDataIntervalEnd: new Date('2026-03-11T00:00:00Z'),
      nextDagrunCreateAfter: new Date('2026-03-11T00:00:00Z'),
    });
    // The catchup stops at 1,000 runs this tick and asks to be looked at again at once.
    expect(await runsOf('behind')).toHaveLength(1_000);
    expect((await database.db.dag.findFirstOrThrow({ where: { workspaceId, dagId: 'behind' } })).nextDagrunCreateAfter).toEqual(NOW);
    expect(await runsOf('paused')).toHaveLength(0);
    expect(await runsOf('manual_only')).toHaveLength(0);
  });

  it('carries on with the catchup at the next tick, and then has nothing left to do', async () => {
    expect(await createDueRuns(recorder.db, NOW, refuse)).toBe(200);
    const behind = await runsOf('behind');
    expect(behind).toHaveLength(1_200);
    expect(behind.at(-1)?.dataIntervalEnd.getTime()).toBe(Math.floor(NOW.getTime() / HOUR) * HOUR);
    const idle = await recorder.record((db) => createDueRuns(db, NOW, refuse));
    expect(idle).toHaveLength(1);
    expect(await database.db.dagRun.count({ where: { workspaceId } })).toBe(DAGS + 1_200);
  });

  it('skips a DAG whose stored version no longer parses, and still creates every other workspace’s runs', async () => {
    const later = new Date(NOW.getTime() + DAY);
    const other = systemContext(database.db, (await createWorkspace(database.db, 'other')).id, 'test');
    await deployDag(other, { source: daily('healthy', '2026-03-01') });
    await deployDag(systemContext(database.db, workspaceId, 'test'), { source: daily('broken', '2026-03-01') });
    // A rule tightened since the deploy: the stored source no longer passes today's parser.
    const broken = await database.db.dag.findFirstOrThrow({ where: { workspaceId, dagId: 'broken' } });
    await database.db.dagVersion.update({ where: { id: broken.currentVersionId! }, data: { sourceText: 'dag_id: broken\ntasks: []\n' } });
    const skipped: { dagPk: string; versionId: string; message: string }[] = [];
    const created = await createDueRuns(database.db, later, ({ dagPk, versionId, error }) => skipped.push({ dagPk, versionId, message: error.message }));
    expect(skipped).toEqual([{ dagPk: broken.id, versionId: broken.currentVersionId, message: expect.stringContaining('no longer parses') }]);
    expect(created).toBeGreaterThan(0);
    expect(await database.db.dagRun.count({ where: { dag: { dagId: 'healthy', workspaceId: other.workspaceId } } })).toBeGreaterThan(0);
    expect(await database.db.dagRun.count({ where: { dagPk: broken.id } })).toBe(0);
    // It stays due (shown as late), and the next tick meets it again without failing.
    await createDueRuns(database.db, later, ({ versionId }) => skipped.push({ dagPk: broken.id, versionId, message: 'again' }));
    expect(skipped).toHaveLength(2);
  });
});
