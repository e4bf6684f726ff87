import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext, type TServiceContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { getWorkspaceHome } from '../../server/services/home/get-workspace-home';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const spec = (dagId: string) => `dag_id: ${dagId}\ntasks:\n  - { task_id: a, type: empty }\n`;
const at = (hour: number) => new Date(Date.UTC(2026, 2, 10, hour));

/*
 * The home's "Open incidents": unresolved ones (open, then acknowledged), of this workspace only.
 * The incidents are written as the alert relay leaves them (its own tests open and resolve them).
 */
describe('the workspace home lists open incidents', () => {
  let database: TTestDatabase;
  let ctx: TServiceContext;
  let stranger: TServiceContext;

  async function incident(owner: TServiceContext, dagId: string, state: string, openedHour: number) {
    const dag = await database.db.dag.findFirstOrThrow({ where: { workspaceId: owner.workspaceId, dagId } });
    return database.db.incident.create({
      data: {
        workspaceId: owner.workspaceId, dagPk: dag.id, title: `${dagId} is failing`, state, openedAt: at(openedHour), failureCount: openedHour,
        acknowledgedAt: state === 'acknowledged' ? at(openedHour + 1) : null, resolvedAt: state === 'resolved' ? at(openedHour + 2) : null,
      },
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase('home_incidents');
    ctx = systemContext(database.db, (await createWorkspace(database.db, 'home-incidents')).id, 'test');
    stranger = systemContext(database.db, (await createWorkspace(database.db, 'elsewhere')).id, 'test');
    for (const dagId of ['orders', 'billing', 'reports', 'old']) await deployDag(ctx, { source: spec(dagId) });
    await deployDag(stranger, { source: spec('secret_dag') });
  });
  afterAll(() => database?.drop());

  it('is empty while nothing is unresolved', async () => {
    await incident(ctx, 'old', 'resolved', 1);
    expect((await getWorkspaceHome(ctx, at(12))).open_incidents).toEqual([]);
  });

  it('lists open incidents first, then acknowledged ones, newest first, without resolved or foreign ones', async () => {
    await incident(ctx, 'billing', 'acknowledged', 5);
    await incident(ctx, 'orders', 'open', 3);
    await incident(ctx, 'reports', 'open', 4);
    await incident(stranger, 'secret_dag', 'open', 6);
    const home = await getWorkspaceHome(ctx, at(12));
    expect(home.open_incidents.map((item) => [item.dag_id, item.state, item.failure_count])).toEqual([
      ['reports', 'open', 4],
      ['orders', 'open', 3],
      ['billing', 'acknowledged', 5],
    ]);
    expect(home.open_incidents[2]).toMatchObject({ title: 'billing is failing', opened_at: at(5).toISOString(), acknowledged_at: at(6).toISOString() });
  });
});
