import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext, type TServiceContext } from '../../server/services/context';
import { deployDag, type TDeployResult } from '../../server/services/dags/deploy-dag';
import { getDagGrid } from '../../server/services/runs/get-dag-grid';
import { insertDagRuns } from '../../server/services/runs/insert-dag-runs';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const spec = (dagId: string) => `dag_id: ${dagId}
tasks:
  - { task_id: extract, type: bash, bash_command: "exit 1" }
`;
const DAY = 86_400_000;
const day = (n: number) => new Date(Date.UTC(2024, 0, n));

/*
 * The grid's marks: which runs belong to an incident (the run that opened it, the one that
 * resolved it, those an alert of it was about) and which carry a note. The incidents and
 * deliveries are written as the alert relay leaves them; the relay itself is tested in
 * alerts.test.ts and incidents.test.ts.
 */
describe('the grid marks runs with a note or an incident', () => {
  let database: TTestDatabase;
  let ctx: TServiceContext;
  let pipeline: TDeployResult;
  let other: TDeployResult;
  /** run pk by day, for the pipeline DAG. */
  const runPk = new Map<number, string>();

  async function addRuns(deployed: TDeployResult, days: number[]) {
    const created = await insertDagRuns(database.db, {
      workspaceId: ctx.workspaceId, dagPk: deployed.dag.id, dagVersionId: deployed.version.id, spec: deployed.spec, runType: 'scheduled',
      infos: days.map((n) => ({ logicalDate: day(n), dataInterval: { start: day(n), end: new Date(day(n).getTime() + DAY) }, runAfter: day(n + 1) })),
    });
    return created;
  }

  async function incident(deployed: TDeployResult, fields: { title: string; first: string; resolving?: string; openedAt: Date; state: string }) {
    return database.db.incident.create({
      data: {
        workspaceId: ctx.workspaceId, dagPk: deployed.dag.id, title: fields.title, state: fields.state, openedAt: fields.openedAt,
        firstDagRunId: fields.first, resolvingDagRunId: fields.resolving ?? null, failureCount: 1,
        resolvedAt: fields.resolving ? new Date(fields.openedAt.getTime() + 3_600_000) : null,
      },
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase('grid_marks');
    ctx = systemContext(database.db, (await createWorkspace(database.db, 'marks')).id, 'test');
    pipeline = await deployDag(ctx, { source: spec('pipeline') });
    other = await deployDag(ctx, { source: spec('other') });
    for (const run of await addRuns(pipeline, [1, 2, 3, 4, 5, 6])) runPk.set(run.logicalDate.getUTCDate(), run.id);
    const [otherRun] = await addRuns(other, [2]);
    // An older incident: opened by day 1's run, resolved by day 3's; day 2 was alerted about in it.
    const old = await incident(pipeline, { title: 'pipeline is failing', first: runPk.get(1)!, resolving: runPk.get(3)!, openedAt: day(2), state: 'resolved' });
    await database.db.alertDelivery.create({
      data: { workspaceId: ctx.workspaceId, target: 'email:team@example.com', incidentId: old.id, dagPk: pipeline.dag.id, dagRunId: runPk.get(2)!, kind: 'failure', dedupeKey: 'marks:1', state: 'sent', message: {} },
    });
    // The open incident, opened by day 5's run.
    await incident(pipeline, { title: 'pipeline is failing again', first: runPk.get(5)!, openedAt: day(6), state: 'open' });
    // Another DAG's incident on its own run marks nothing of this DAG.
    await incident(other, { title: 'other is failing', first: otherRun!.id, openedAt: day(3), state: 'open' });
    await database.db.dagRun.update({ where: { id: runPk.get(4)! }, data: { note: 'Upstream API was down; re-ran by hand.' } });
    await database.db.dagRun.update({ where: { id: runPk.get(5)! }, data: { note: 'Looking into it' } });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('gives each run its note and the incident it opened, resolved or was alerted about', async () => {
    const grid = await getDagGrid(ctx, { dagId: 'pipeline', limit: 25 });
    const marks = grid.runs.map((run) => ({ day: run.logical_date.getUTCDate(), note: run.note, incident: run.incident?.title ?? null, state: run.incident?.state ?? null }));
    expect(marks).toEqual([
      { day: 1, note: null, incident: 'pipeline is failing', state: 'resolved' },
      { day: 2, note: null, incident: 'pipeline is failing', state: 'resolved' },
      { day: 3, note: null, incident: 'pipeline is failing', state: 'resolved' },
      { day: 4, note: 'Upstream API was down; re-ran by hand.', incident: null, state: null },
      { day: 5, note: 'Looking into it', incident: 'pipeline is failing again', state: 'open' },
      { day: 6, note: null, incident: null, state: null },
    ]);
  });

  it('marks the runs of an older page too, and only its own', async () => {
    const page = await getDagGrid(ctx, { dagId: 'pipeline', limit: 2, beforeLogicalDate: day(4) });
    expect(page.runs.map((run) => [run.logical_date.getUTCDate(), run.incident?.title ?? null])).toEqual([[2, 'pipeline is failing'], [3, 'pipeline is failing']]);
    const others = await getDagGrid(ctx, { dagId: 'other', limit: 25 });
    expect(others.runs.map((run) => run.incident?.title)).toEqual(['other is failing']);
  });
});
