import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dagHref } from '../../app/components/links';
import { waitFor } from '../support/test-database';
import { watchConsole } from './console-errors';
import { screenshot, type TProduct, type TRestApi, useSignedInProduct } from './support';

const DAG = 'first_paint';
// One run ends failed: its squares read success, failed and upstream_failed, and a group's row.
const SPEC = `dag_id: ${DAG}
default_args:
  retries: 0
tasks:
  - { task_id: start, type: empty }
  - { task_id: breaks, type: bash, bash_command: "exit 3", depends_on: [start] }
  - { task_id: report_a, type: empty, group: reports, depends_on: [breaks] }
  - { task_id: report_b, type: empty, group: reports, depends_on: [breaks] }
`;

const grid = (page: Page) => page.locator('section[aria-label="Grid"]');
const stateOf = (page: Page, taskId: string) => grid(page).locator(`[data-task="${taskId}"]`).getAttribute('data-state');

describe("the grid's first paint", () => {
  let product: TProduct;
  let api: TRestApi;
  let runId: string;

  useSignedInProduct((started) => ({ product, api } = started));

  async function failedRun() {
    await api('PUT', `/dags/${DAG}`, SPEC);
    await api('PATCH', `/dags/${DAG}`, { is_paused: false });
    runId = (await api<{ dag_run_id: string }>('POST', `/dags/${DAG}/dagRuns`, {})).dag_run_id;
    await waitFor(async () => (await api<{ state: string }>('GET', `/dags/${DAG}/dagRuns/${encodeURIComponent(runId)}`)).state === 'failed', {
      timeoutMs: 60_000,
      what: `run ${runId} of ${DAG} to fail`,
    });
  }

  it("draws the squares in their states from the server's HTML, before any of the page's JavaScript has run", async () => {
    await failedRun();
    // The app's scripts refused (not its stylesheets): only the HTML and its inline scripts draw.
    const { page } = product;
    await page.route((url) => url.pathname.startsWith('/_next/static/') && url.pathname.endsWith('.js'), (route) => route.abort());
    await page.goto(`${product.base}${dagHref('demo', DAG)}`);
    await expect.poll(() => stateOf(page, 'breaks'), { timeout: 30_000 }).toBe('failed');
    expect(await stateOf(page, 'start')).toBe('success');
    expect(await stateOf(page, 'report_a')).toBe('upstream_failed');
    expect(await grid(page).locator(`[aria-label="Run ${runId}: failed"]`).count()).toBe(1);
    expect(await grid(page).locator('[data-state]:not([data-task])').evaluateAll((all) => all.map((square) => square.getAttribute('data-state')))).toContain('upstream_failed');
    // Not clickable yet: a click before the page can answer it would be lost.
    expect(await grid(page).locator('button[data-task], button[data-run]').count()).toBe(0);
    await screenshot(page, 'grid-first-paint');
    const drawn = await grid(page).locator('[data-task="breaks"]').boundingBox();
    await page.unrouteAll();

    // With its scripts, the interactive grid takes the preview's place, its squares as large as the preview's.
    const consoleErrors = watchConsole(page);
    await page.goto(`${product.base}${dagHref('demo', DAG)}`);
    const square = grid(page).locator(`button[data-run="${runId}"][data-task="breaks"]`);
    await expect.poll(() => square.getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
    expect(await grid(page).locator('i[data-task]').count()).toBe(0);
    const live = await square.boundingBox();
    expect([live?.width, live?.height]).toEqual([drawn?.width, drawn?.height]);
    await square.click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toContain('/tasks/breaks');
    expect(consoleErrors.unexpected()).toEqual([]);
  }, 120_000);
});
