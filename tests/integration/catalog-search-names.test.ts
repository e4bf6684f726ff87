import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/services/context';
import { searchWorkspace } from '../../server/services/search/search-workspace';
import { createWorkspace } from '../support/dag-runs';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

/**
 * Column search runs over each workspace's distinct column names (dataset_column_name), kept by a
 * trigger on dataset_column, and dataset near spellings over the table part of the name.
 */
describe('catalog search over distinct column names', () => {
  let database: TTestDatabase;
  let workspaceId: string;
  let otherWorkspaceId: string;
  const datasetIds: string[] = [];

  const dataset = async (ws: string, name: string) =>
    (await database.db.dataset.create({ data: { workspaceId: ws, connId: 'warehouse', key: `conn:warehouse/${name}`, name } })).id;
  const column = (datasetId: string, ws: string, name: string, ordinal: number) => ({ datasetId, workspaceId: ws, name, ordinal, dataType: 'text', nullable: true });
  const namesOf = async (ws: string) =>
    (await database.db.datasetColumnName.findMany({ where: { workspaceId: ws }, orderBy: { name: 'asc' } })).map((row) => row.name);
  const columnHits = async (q: string) =>
    (await searchWorkspace(systemContext(database.db, workspaceId, 'test'), { q, kinds: ['column'] })).map((hit) => hit.id);

  beforeAll(async () => {
    database = await createTestDatabase('search_names');
    workspaceId = (await createWorkspace(database.db, 'search-names')).id;
    otherWorkspaceId = (await createWorkspace(database.db, 'search-names-other')).id;
    datasetIds.push(await dataset(workspaceId, 'public.orders_daily'), await dataset(workspaceId, 'marketing_attribution.orders_weekly'));
    await dataset(workspaceId, 'marketing_attribution.refunds_weekly');
    const stranger = await dataset(otherWorkspaceId, 'public.orders_daily');
    await database.db.datasetColumn.createMany({
      data: [
        column(datasetIds[0]!, workspaceId, 'customer_id', 1),
        column(datasetIds[0]!, workspaceId, 'amount', 2),
        column(datasetIds[1]!, workspaceId, 'customer_id', 1),
        column(stranger, otherWorkspaceId, 'secret_margin', 1),
      ],
    });
  });
  afterAll(() => database.drop());

  it('keeps each workspace its own distinct column names as columns are written and renamed', async () => {
    expect(await namesOf(workspaceId)).toEqual(['amount', 'customer_id']);
    expect(await namesOf(otherWorkspaceId)).toEqual(['secret_margin']);
    await database.db.datasetColumn.update({ where: { datasetId_name: { datasetId: datasetIds[0]!, name: 'amount' } }, data: { name: 'net_amount' } });
    expect(await namesOf(workspaceId)).toEqual(['amount', 'customer_id', 'net_amount']);
  });

  it('finds every dataset a column name is in, by substring and near spelling, and only while the column exists', async () => {
    const both = [`${datasetIds[0]}:customer_id`, `${datasetIds[1]}:customer_id`].sort();
    expect((await columnHits('customer')).sort()).toEqual(both);
    expect((await columnHits('custmer_id')).sort()).toEqual(both);
    expect(await columnHits('net_amount')).toEqual([`${datasetIds[0]}:net_amount`]);
    // 'amount' is still a known name, but no column has it any more: only net_amount is found.
    expect(await columnHits('amount')).toEqual([`${datasetIds[0]}:net_amount`]);
    expect(await columnHits('secret_margin')).toEqual([]);
  });

  it('compares the table parts of near spellings: a shared schema does not make another table a match', async () => {
    const hits = await searchWorkspace(systemContext(database.db, workspaceId, 'test'), { q: 'warehouse.marketing_attribution.ordrs_weekly', kinds: ['dataset'] });
    expect(hits.map((hit) => hit.title)).toEqual(['warehouse.marketing_attribution.orders_weekly']);
  });
});
