import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { datasetHref } from '../../app/components/links';
import { watchConsole } from './console-errors';
import { screenshot, type TProduct, type TRestApi, useSignedInProduct, viewerPage } from './support';

describe('datasets in the browser: registering one by hand, and the review banner', () => {
  let product: TProduct;
  let api: TRestApi;

  useSignedInProduct((started) => ({ product, api } = started));

  it('registers a table through the form, says what is wrong per field, and opens the new dataset from the toast', async () => {
    const { page, base } = product;
    const table = `public.e2e_reg_${randomBytes(3).toString('hex')}`;
    const errors = watchConsole(page);
    await page.goto(`${base}/w/demo/datasets`);
    await page.getByRole('button', { name: 'Register dataset…' }).click();
    const form = page.getByRole('form', { name: 'Register dataset' });
    await form.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => form.locator('.form-error').allTextContents(), { timeout: 15_000 }).toContain('Connection: conn_id is required');

    await form.getByLabel('Connection').selectOption('warehouse');
    await form.getByLabel('Table').fill(table);
    await form.getByRole('button', { name: 'Register' }).click();
    const toast = page.getByRole('region', { name: /^Notifications/ }).locator('li').filter({ hasText: 'Dataset registered' });
    await toast.getByRole('link', { name: 'Open dataset' }).click();
    await page.getByRole('heading', { level: 1, name: `warehouse.${table}` }).waitFor({ timeout: 15_000 });
    expect(await page.getByText('registered by hand').count()).toBe(1);
    // The empty form's refusal (400) is provoked on purpose.
    expect(errors.unexpected([400])).toEqual([]);
  });

  it('shows "Review due" once the review date has passed, and "Keep" moves it 90 days on', async () => {
    const { page, base } = product;
    const table = `public.e2e_review_${randomBytes(3).toString('hex')}`;
    const created = await api<{ id: string }>('POST', '/datasets', { conn_id: 'warehouse', table });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await api('PATCH', `/datasets/${created.id}`, { requested_by: 'finance team', review_after: yesterday });
    const errors = watchConsole(page);

    await page.goto(`${base}${datasetHref('demo', created.id)}`);
    const banner = page.getByRole('region', { name: 'Review due' });
    await expect.poll(() => banner.textContent(), { timeout: 15_000 }).toContain('Review due: still needed?');
    expect(await banner.textContent()).toContain(`Requested by finance team; the review was due ${yesterday}.`);
    await screenshot(page, 'dataset-review-due');
    await banner.getByRole('button', { name: 'Keep — review again in 90 days' }).click();
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(0);
    // Saved, not only hidden: a fresh load has no banner either.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `warehouse.${table}` }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('region', { name: 'Review due' }).count()).toBe(0);
    expect(errors.unexpected()).toEqual([]);
  });

  it('lets a viewer see the datasets but not register one', async () => {
    const { page: viewer } = await viewerPage(product);
    await viewer.goto(`${product.base}/w/demo/datasets`);
    const button = viewer.getByRole('button', { name: 'Register dataset…' });
    await button.waitFor({ timeout: 15_000 });
    expect(await button.isDisabled()).toBe(true);
    expect(await viewer.getByText('Editors and above register datasets.').count()).toBe(1);
    await viewer.context().close();
  });
});
