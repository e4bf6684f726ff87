import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dagHref } from '../../app/components/links';
import { watchConsole } from './console-errors';
import { screenshot, type TProduct, type TRestApi, useSignedInProduct } from './support';

// Inputs and outputs are declared as well as read from the SQL, so the graph does not depend on the parser alone.
const spec = (dagId: string, taskId: string, from: string, to: string) => `dag_id: ${dagId}
default_args: { owner: ${dagId}_team }
tasks:
  - task_id: ${taskId}
    type: sql
    conn_id: warehouse
    sql: "insert into ${to} select * from ${from}"
    inputs: [warehouse.public.${from}]
    outputs: [warehouse.public.${to}]
`;

const lineageNodes = (page: Page) => page.locator('[aria-label="Lineage graph"] .react-flow__node');

describe('datasets in the browser: list, page, description, lineage and impact', () => {
  let product: TProduct;
  let api: TRestApi;

  useSignedInProduct((started) => ({ product, api } = started));

  it('finds a deployed DAG’s dataset, edits its description as markdown, widens its lineage and downloads its impact', async () => {
    const { page, base } = product;
    await api('PUT', '/dags/e2e_ds_ingest', spec('e2e_ds_ingest', 'stage', 'e2e_src', 'e2e_mid'));
    await api('PUT', '/dags/e2e_ds_report', spec('e2e_ds_report', 'publish', 'e2e_mid', 'e2e_out'));
    const errors = watchConsole(page);

    await page.goto(`${base}/w/demo`);
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Datasets' }).click();
    await page.getByLabel('Name', { exact: true }).fill('e2e_');
    await page.getByRole('button', { name: 'Filter' }).click();
    // Whether the script or the browser submitted the form (before hydration), the filter is in the URL.
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('e2e_');
    const table = page.getByRole('table', { name: 'Datasets' });
    await expect.poll(() => table.getByRole('link').allTextContents(), { timeout: 15_000 })
      .toEqual(['warehouse.public.e2e_mid', 'warehouse.public.e2e_out', 'warehouse.public.e2e_src']);
    await table.getByRole('link', { name: 'warehouse.public.e2e_src' }).click();
    await page.getByRole('heading', { level: 1, name: 'warehouse.public.e2e_src' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Columns' }).textContent()).toContain('Not yet introspected.');

    await page.getByRole('button', { name: 'Edit description' }).click();
    await page.getByLabel('Description (markdown)').fill('Orders as the **shop** sends them.\n\n- one row per order');
    await page.getByRole('button', { name: 'Save description' }).click();
    const description = page.getByRole('article', { name: 'Description' });
    await expect.poll(() => description.locator('strong').textContent(), { timeout: 15_000 }).toBe('shop');
    expect(await description.locator('li').textContent()).toBe('one row per order');

    // Depth 1: the dataset, the task reading it and what that writes; depth 2 reaches the second DAG.
    await expect.poll(() => lineageNodes(page).count(), { timeout: 15_000 }).toBe(3);
    await page.getByLabel('Depth').fill('2');
    await expect.poll(() => lineageNodes(page).count(), { timeout: 15_000 }).toBe(5);
    await screenshot(page, 'dataset-page');

    const impact = page.getByRole('table', { name: 'Impact' });
    await expect.poll(() => impact.locator('tbody tr').count(), { timeout: 15_000 }).toBe(4);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('depth,kind,name,dag_id,task_id,dataset_id,owner');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      '1,task,e2e_ds_ingest.stage', '1,dataset,warehouse.public.e2e_mid', '2,task,e2e_ds_report.publish', '2,dataset,warehouse.public.e2e_out',
    ]);
    expect(lines[1]).toMatch(/,e2e_ds_ingest_team$/);

    await page.goto(`${base}${dagHref('demo', 'e2e_ds_report')}`);
    const inputs = page.getByRole('region', { name: 'Inputs and outputs' });
    await expect.poll(() => inputs.getByRole('link').allTextContents(), { timeout: 15_000 }).toEqual(['warehouse.public.e2e_mid', 'warehouse.public.e2e_out']);
    expect(errors.unexpected()).toEqual([]);
  });

  it('infers lineage from SQL alone in the running product, where deploys go through the web server', async () => {
    // The WebAssembly parser must load inside the Next server too, not only in tests that call services.
    const source = 'dag_id: e2e_ds_sql_only\ntasks:\n  - task_id: copy\n    type: sql\n    conn_id: warehouse\n    sql: "insert into e2e_sql_out select * from e2e_sql_in"\n';
    await api('PUT', '/dags/e2e_ds_sql_only', source);
    const listed = await api<{ datasets: { dataset: string }[] }>('GET', '/datasets?q=e2e_sql_');
    expect(listed.datasets.map((dataset) => dataset.dataset)).toEqual(['warehouse.public.e2e_sql_in', 'warehouse.public.e2e_sql_out']);
  });
});
