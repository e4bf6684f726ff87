import { describe, expect, it } from 'vitest';
import { dagHref } from '../../app/components/links';
import { watchConsole } from './console-errors';
import { screenshot, type TProduct, type TRestApi, useSignedInProduct } from './support';

const DAG_ID = 'search_e2e_orders';
const SPEC = `dag_id: ${DAG_ID}
description: Builds the course summary for the search browser test.
tasks:
  - task_id: summarise_courses
    type: sql
    conn_id: warehouse
    sql: "create table if not exists course_summary_e2e as select 1 as n"
    outputs: [warehouse.public.course_summary_e2e]
`;

describe('search palette in the browser', () => {
  let product: TProduct;
  let api: TRestApi;

  useSignedInProduct((started) => ({ product, api } = started));

  it('opens with `/`, finds a misspelt dataset with the match highlighted, opens a DAG with Enter, and opens again with Ctrl-K', async () => {
    const { page, base } = product;
    await api('PUT', `/dags/${DAG_ID}`, SPEC);
    const registered = await api<{ datasets: Array<{ dataset: string }> }>('GET', '/datasets?q=course_summary_e2e');
    expect(registered.datasets.map((dataset) => dataset.dataset)).toEqual(['warehouse.public.course_summary_e2e']);
    const errors = watchConsole(page);
    // The home page: the DAG list keeps `/` for its own filter.
    await page.goto(`${base}/w/demo`);

    const palette = page.getByRole('dialog', { name: 'Search this workspace' });
    const input = palette.getByRole('combobox');
    await page.locator('body').press('/');
    await expect.poll(() => input.isVisible()).toBe(true);
    await input.fill('cours_sumary');
    const datasets = palette.getByRole('group', { name: 'Datasets' });
    const datasetHit = datasets.getByRole('option').filter({ hasText: 'warehouse.public.course_summary_e2e' });
    // On failure, say what the palette showed (an error line, other hits) and what the page logged.
    await expect.poll(() => datasetHit.count(), { timeout: 15_000 }).toBe(1).catch(async (error: Error) => {
      throw new Error(`${error.message}\npalette: ${await palette.textContent()}\nconsole: ${JSON.stringify(errors.unexpected())}`);
    });
    expect(await datasetHit.locator('mark').allTextContents()).toEqual(['course', 'summary']);
    expect(await datasetHit.textContent()).toContain('name:');
    await screenshot(page, 'search-palette');

    await input.fill(DAG_ID);
    const first = palette.getByRole('option').first();
    await expect.poll(async () => (await first.textContent()) ?? '', { timeout: 15_000 }).toContain(DAG_ID);
    await expect.poll(() => first.getAttribute('aria-selected')).toBe('true');
    expect(await palette.getByRole('group', { name: 'DAGs' }).getByRole('option').first().locator('mark').textContent()).toBe(DAG_ID);
    await input.press('ArrowDown');
    await input.press('ArrowUp');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await input.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe(dagHref('demo', DAG_ID));
    await expect.poll(() => palette.count()).toBe(0);

    await page.locator('body').press('Control+k');
    await expect.poll(() => input.isVisible()).toBe(true);
    await input.press('Escape');
    await expect.poll(() => palette.count()).toBe(0);
    expect(errors.unexpected()).toEqual([]);
  });
});
