import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchConsole } from './console-errors';
import { logIn, restApi, screenshot, START_TIMEOUT_MS, startProduct, succeededRun, type TProduct, type TRestApi } from './support';

// A table the demo warehouse holds that no task reads and no query reads: its producer is the only thing touching it.
const producer = `dag_id: e2e_unused_producer
tasks:
  - task_id: make
    type: sql
    conn_id: warehouse
    sql: "create table if not exists e2e_unused_t as select 1 as id"
`;

describe('the unused-data page in the browser', () => {
  let product: TProduct;
  let api: TRestApi;

  beforeAll(async () => {
    // Scan counters sampled every second, so two samples exist within the test.
    product = await startProduct({ TRIBUTARY_CATALOG_SAMPLE_INTERVAL_MS: '1000', TRIBUTARY_CATALOG_OBSERVE_INTERVAL_MS: '500' });
    await logIn(product);
    api = await restApi(product);
  }, START_TIMEOUT_MS);
  afterAll(() => product?.stop(), 60_000);

  it('lists a table nothing reads with its evidence, pauses its producing DAG and deprecates it with a note', async () => {
    const { page, base } = product;
    await api('PUT', '/dags/e2e_unused_producer', producer);
    expect((await succeededRun(api, 'e2e_unused_producer')).state).toBe('success');
    const errors = watchConsole(page);

    await page.goto(`${base}/w/demo/datasets`);
    await page.getByRole('link', { name: 'Unused data' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/w/demo/datasets/unused');
    await page.goto(`${base}/w/demo/datasets/unused?days=1`);
    const table = page.getByRole('table', { name: 'Unused datasets' });
    const row = table.getByRole('row').filter({ hasText: 'warehouse.public.e2e_unused_t' });
    // The report is read once per page load: reload until the samples show the table, each time after the report rendered.
    const report = page.getByRole('heading', { name: 'Datasets nobody read in a day' });
    await expect.poll(async () => {
      await page.reload();
      await report.waitFor({ timeout: 20_000 });
      return row.count();
    }, { timeout: 120_000, interval: 1_000 }).toBe(1).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n--- page\n${await page.locator('main').textContent()}\n--- product\n${product.output().slice(-4000)}`);
    });
    expect(await row.textContent()).toMatch(/0 scans in \d+ samples/);

    await row.getByRole('button', { name: 'Pause producing DAG' }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('e2e_unused_producer (paused)');
    expect((await api<{ is_paused: boolean }>('GET', '/dags/e2e_unused_producer')).is_paused).toBe(true);

    await row.getByRole('button', { name: 'Deprecate…' }).click();
    await row.getByLabel('Note').fill('nobody reads it');
    await row.getByRole('button', { name: 'Deprecate', exact: true }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('deprecated');
    await screenshot(page, 'unused-data');

    // The dataset page says so, with the note; an editor can take it back.
    await row.getByRole('link', { name: 'warehouse.public.e2e_unused_t' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Deprecated' });
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain('nobody reads it');
    await notice.getByRole('button', { name: 'Undo deprecation' }).click();
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(0);
    await page.goto(`${base}/w/demo/datasets/unused?days=1`);
    await report.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.getByRole('button', { name: 'Deprecate…' }).count(), { timeout: 15_000 }).toBe(1);
    expect(errors.unexpected()).toEqual([]);
  }, 180_000);
});
