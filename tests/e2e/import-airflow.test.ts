import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchConsole } from './console-errors';
import { screenshot, useSignedInProduct, viewerPage, type TProduct } from './support';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/airflow');
const fixture = (name: string) => readFile(path.join(FIXTURES, name), 'utf8');

const report = (page: Page) => page.getByRole('table', { name: 'Import report' });
const spec = (page: Page) => page.getByLabel('Generated spec');

/** Opens New DAG, chooses "Import from Airflow", pastes `source` and converts it. */
async function convert(page: Page, base: string, filename: string, source: string) {
  await page.goto(`${base}/w/demo/dags/new`);
  await page.getByRole('button', { name: 'Import from Airflow' }).click();
  await page.getByLabel('File name').fill(filename);
  await page.getByLabel('Airflow DAG file').fill(source);
  await page.getByRole('button', { name: 'Convert', exact: true }).click();
}

describe('importing an Airflow DAG file on New DAG', () => {
  let product: TProduct;
  useSignedInProduct((started) => {
    product = started.product;
  });

  it("shows the course's HelloWorld as a spec of two python tasks beside its report, saves it and opens the DAG", async () => {
    const { page, base } = product;
    const consoleErrors = watchConsole(page);
    await convert(page, base, 'hello_world.py', await fixture('hello_world.py'));
    await expect.poll(() => spec(page).count(), { timeout: 30_000 }).toBe(1);
    const yaml = (await spec(page).textContent()) ?? '';
    expect(yaml).toContain('dag_id: HelloWorld');
    expect(yaml.match(/type: python/g)).toHaveLength(2);
    expect(yaml).toContain('task_id: print_hello');
    expect(yaml).toContain('task_id: print_goodbye');
    expect(await report(page).textContent()).toContain('DAG HelloWorld: spec HelloWorld.yaml with 2 tasks');
    expect(await report(page).getByText('Not converted', { exact: true }).count()).toBe(0);
    await screenshot(page, 'import-airflow-hello-world');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL('**/w/demo/dags/HelloWorld', { timeout: 30_000 });
    await expect.poll(() => page.getByText('HelloWorld: version 1 deployed').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: 'HelloWorld' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(consoleErrors.unexpected()).toEqual([]);
    consoleErrors.stop();
  });

  it('reports an unsupported operator with its line and suggestion, and a syntax error beside the input', async () => {
    const { page, base } = product;
    const consoleErrors = watchConsole(page);
    await convert(page, base, 'unsupported.py', await fixture('unsupported.py'));
    await expect.poll(() => report(page).count(), { timeout: 30_000 }).toBe(1);
    const row = report(page).getByRole('row').filter({ hasText: 'S3ToSnowflakeOperator' }).first();
    expect(await row.getByRole('cell').first().textContent()).toBe('10');
    expect(await row.textContent()).toContain('Not converted');
    expect(await row.textContent()).toContain('Suggestion:');
    // The loop that builds tasks is reported at its line too.
    expect(await report(page).getByRole('row').filter({ hasText: 'loop' }).first().getByRole('cell').first().textContent()).toBe('11');
    await screenshot(page, 'import-airflow-unsupported');

    await page.getByLabel('Airflow DAG file').fill(await fixture('syntax_error.py'));
    await page.getByRole('button', { name: 'Convert', exact: true }).click();
    const input = page.getByRole('region', { name: 'Airflow file' });
    await expect.poll(() => input.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('Line 4: Python syntax error');
    expect(await spec(page).count()).toBe(0);
    expect(consoleErrors.unexpected()).toEqual([]);
    consoleErrors.stop();
  });

  it('refuses a file over 1 MiB with its size', async () => {
    const { page, base } = product;
    await convert(page, base, 'huge.py', `# ${'x'.repeat(1024 * 1024 + 10)}\n`);
    await expect.poll(() => page.getByRole('region', { name: 'Airflow file' }).getByRole('alert').textContent(), { timeout: 30_000 }).toContain('at most 1024 KiB');
  });

  it('shows viewers the import disabled, with the reason', async () => {
    const { page: viewer } = await viewerPage(product);
    await viewer.goto(`${product.base}/w/demo/dags/new`);
    const button = viewer.getByRole('button', { name: 'Import from Airflow' });
    await expect.poll(() => button.isDisabled(), { timeout: 15_000 }).toBe(true);
    expect(await viewer.getByText('Viewers cannot import DAGs: ask an editor of this workspace.').count()).toBe(1);
    await viewer.context().close();
  });
});
