import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dagHref, runHref } from '../../app/components/links';
import { watchConsole } from './console-errors';
import { screenshot, type TProduct, type TRestApi, useSignedInProduct, viewerPage } from './support';

// New DAGs are created paused: their scheduled runs never start, a backfill's runs do.
const slowDag = (dagId: string, seconds = 3) => `dag_id: ${dagId}
schedule: "@daily"
start_date: "2025-01-01"
tasks:
  - task_id: work
    type: bash
    bash_command: sleep ${seconds}
`;

// Radix's toasts are the list items of its "Notifications (F8)" region; each is announced apart, once.
const toasts = (page: Page) => page.getByRole('region', { name: /^Notifications/ });
const banner = (page: Page) => page.getByRole('region', { name: 'Backfill', exact: true });
const pathOf = (page: Page) => new URL(page.url()).pathname;


describe('toasts confirm actions, and a running backfill has a banner on its DAG page', () => {
  let product: TProduct;
  let api: TRestApi;

  useSignedInProduct((started) => ({ product, api } = started));

  it('confirms a trigger on a paused DAG with a toast saying the run waits, whose link opens the run', async () => {
    const { page, base } = product;
    await api('PUT', '/dags/toast_trigger', slowDag('toast_trigger'));
    const errors = watchConsole(page);
    await page.goto(`${base}${dagHref('demo', 'toast_trigger')}`);
    await page.getByRole('button', { name: 'Trigger', exact: true }).click();
    await page.getByRole('button', { name: 'Trigger run' }).click();
    const toast = toasts(page).locator('li').filter({ hasText: 'triggered' });
    await expect.poll(() => toast.count(), { timeout: 15_000 }).toBe(1);
    expect(await toast.textContent()).toContain('waits until you unpause the DAG');
    await screenshot(page, 'toast-trigger');
    const runId = /Run (\S+) triggered/.exec((await toast.getByText(/^Run /).textContent()) ?? '')?.[1] ?? '';
    expect(runId).toMatch(/^manual__/);
    await toast.getByRole('link', { name: 'Open run' }).click();
    await expect.poll(() => pathOf(page), { timeout: 15_000 }).toBe(runHref('demo', 'toast_trigger', runId));
    await expect.poll(() => page.getByRole('complementary', { name: `Run ${runId}` }).count(), { timeout: 15_000 }).toBe(1);
    expect(errors.unexpected()).toEqual([]);
  }, 90_000);

  it('shows a paused DAG’s backfill in a banner on every tab with its progress; Pause, then Cancel, work from it and it goes', async () => {
    const { page, base } = product;
    await api('PUT', '/dags/toast_backfill', slowDag('toast_backfill'));
    const errors = watchConsole(page);
    await page.goto(`${base}${dagHref('demo', 'toast_backfill')}/runs`);
    expect(await banner(page).count()).toBe(0);
    await page.getByRole('button', { name: 'Backfill…' }).click();
    await page.getByLabel('From (logical date)').fill('2025-01-01');
    await page.getByLabel('To (logical date, inclusive)').fill('2025-01-06');
    await page.getByLabel('Max active runs').fill('1');
    await expect.poll(() => page.getByRole('note').filter({ hasText: 'This DAG is paused' }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Preview plan' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    // It comes while the dialog is still open, and a modal dialog hides the page behind it, toasts
    // included, from assistive technology (Radix announces each toast in a live region of its own).
    const created = page.getByRole('region', { name: /^Notifications/, includeHidden: true }).locator('li').filter({ hasText: 'Backfill created' });
    await expect.poll(() => created.count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    await expect.poll(() => banner(page).textContent(), { timeout: 30_000 }).toContain('2025-01-01 to 2025-01-06');
    // The runs it made, then at least one of them done: the banner follows on its own.
    await expect.poll(() => banner(page).textContent(), { timeout: 60_000, interval: 500 }).toMatch(/[1-5] of 6 runs done/);
    expect(Number(await banner(page).getByRole('progressbar').getAttribute('value'))).toBeGreaterThan(0);
    await screenshot(page, 'backfill-banner');

    await banner(page).getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => banner(page).textContent(), { timeout: 15_000 }).toContain('Backfill paused');
    expect(await banner(page).getByRole('button', { name: 'Resume' }).count()).toBe(1);
    // Above every tab, not only the Runs tab.
    await page.getByRole('link', { name: 'Graph', exact: true }).click();
    await page.waitForURL('**/dags/toast_backfill/graph');
    await expect.poll(() => banner(page).textContent(), { timeout: 15_000 }).toContain('Backfill paused');

    await banner(page).getByRole('button', { name: 'Cancel' }).click();
    await banner(page).getByRole('button', { name: 'Cancel backfill' }).click();
    await expect.poll(() => banner(page).count(), { timeout: 15_000 }).toBe(0);
    const cancelled = toasts(page).locator('li').filter({ hasText: 'Backfill cancelled' });
    await expect.poll(() => cancelled.count(), { timeout: 15_000 }).toBe(1);
    await cancelled.getByRole('button', { name: 'Dismiss notification' }).click();
    await expect.poll(() => cancelled.count(), { timeout: 5_000 }).toBe(0);
    const backfills = await api<{ backfills: { state: string }[] }>('GET', '/backfills?dag_id=toast_backfill');
    expect(backfills.backfills.map((backfill) => backfill.state)).toEqual(['cancelled']);
    expect(errors.unexpected()).toEqual([]);
  }, 180_000);

  it('shows a viewer the banner without its buttons', async () => {
    const { base } = product;
    await api('PUT', '/dags/toast_viewer', slowDag('toast_viewer', 10));
    const { page: viewer } = await viewerPage(product, 'Banner Viewer');
    const errors = watchConsole(viewer);
    const created = await api<{ id: string }>('POST', '/backfills', { dag_id: 'toast_viewer', from_date: '2025-02-01', to_date: '2025-02-03', max_active_runs: 1 });
    await viewer.goto(`${base}${dagHref('demo', 'toast_viewer')}`);
    await expect.poll(() => banner(viewer).textContent(), { timeout: 30_000 }).toContain('2025-02-01 to 2025-02-03');
    expect(await banner(viewer).getByRole('button').count()).toBe(0);
    expect(errors.unexpected()).toEqual([]);
    await api('POST', `/backfills/${created.id}/cancel`);
    await expect.poll(() => banner(viewer).count(), { timeout: 30_000 }).toBe(0);
    await viewer.context().close();
  }, 120_000);
});
