import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditLog } from '../../server/services/audit/list-audit-log';
import { createBackfill } from '../../server/services/backfills/create-backfill';
import { setBackfillState } from '../../server/services/backfills/set-backfill-state';
import type { TServiceContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { setDagPaused } from '../../server/services/dags/set-dag-paused';
import { createPool } from '../../server/services/pools/set-pool';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

const spec = (dagId: string) => `dag_id: ${dagId}
schedule: "@daily"
start_date: 2025-01-01
tasks:
  - task_id: only
    type: empty
`;

/**
 * The audit log's filters on a real database: each entry knows its DAG (a backfill's pause
 * included, whose entry names only the backfill), filters combine, and no filter reaches
 * another workspace's entries.
 */
describe('audit log filters', () => {
  let database: TTestDatabase;
  let team: TServiceContext;
  let other: TServiceContext;

  beforeAll(async () => {
    database = await createTestDatabase('audit_log_filters');
    const teamRow = await createWorkspace(database.db, 'team');
    const otherRow = await createWorkspace(database.db, 'other');
    team = { db: database.db, workspaceId: teamRow.id, actor: { type: 'user', id: 'u1', label: 'ana@example.com' }, role: 'owner' };
    other = { db: database.db, workspaceId: otherRow.id, actor: { type: 'user', id: 'u2', label: 'ana@example.com' }, role: 'owner' };
    await deployDag(team, { source: spec('orders') });
    await deployDag(team, { source: spec('reviews') });
    await setDagPaused({ ...team, actor: { type: 'token', id: 't1', label: 'token ci (trb_1…)' } }, { dagId: 'orders', isPaused: false });
    const created = await createBackfill(team, { dagId: 'orders', fromDate: '2025-01-01', toDate: '2025-01-03' });
    await setBackfillState(team, created.backfill!.id, 'pause');
    await createPool(team, { name: 'etl', slots: 2, description: null });
    await deployDag(other, { source: spec('orders') });
  });
  afterAll(() => database.drop());

  const actions = async (ctx: TServiceContext, filter: Parameters<typeof listAuditLog>[2]) =>
    (await listAuditLog(ctx, { limit: 50, offset: 0 }, filter)).entries.map((entry) => entry.action).sort();

  it('finds every entry of a DAG, its backfill and the backfill pause included, and only in the caller workspace', async () => {
    expect(await actions(team, { dagId: 'orders' })).toEqual(['backfill.create', 'backfill.pause', 'dag.deploy', 'dag.unpause']);
    expect(await actions(other, { dagId: 'orders' })).toEqual(['dag.deploy']);
    expect(await actions(team, { dagId: 'nothing' })).toEqual([]);
  });

  it('combines actor, action and dates', async () => {
    expect(await actions(team, { actor: 'token ci (trb_1…)' })).toEqual(['dag.unpause']);
    expect(await actions(team, { action: 'dag.deploy' })).toEqual(['dag.deploy', 'dag.deploy']);
    expect(await actions(team, { action: 'dag.deploy', dagId: 'reviews' })).toEqual(['dag.deploy']);
    expect(await actions(team, { from: new Date(Date.now() + 86_400_000) })).toEqual([]);
    const all = await actions(team, {});
    expect(await actions(team, { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) })).toEqual(all);
    expect((await listAuditLog(team, { limit: 2, offset: 0 }, { dagId: 'orders' })).total).toBe(4);
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    await expect(listAuditLog(team, { limit: 50, offset: 0 }, { from: new Date('2026-02-01'), to: new Date('2026-01-01') })).rejects.toMatchObject({
      code: 'invalid_input',
      problems: [{ path: 'to' }],
    });
  });
});
