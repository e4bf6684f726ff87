import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dagHref, runHref, taskHref } from '../../app/components/links';
import { waitFor } from '../support/test-database';
import { logIn, restApi, screenshot, START_TIMEOUT_MS, startProduct, type TProduct, type TRestApi } from './support';
import { watchConsole } from './console-errors';

type TInstance = { state: string | null; try_number: number; max_tries: number };

/** Every try fails after 300 lines of log; one retry a second later: two tries, both failed. */
const failingSpec = (dagId: string) => `dag_id: ${dagId}
default_args:
  retries: 1
  retry_delay: 1
tasks:
  - task_id: long_log
    type: bash
    bash_command: for i in $(seq 1 300); do echo "log line $i"; done; exit 1
`;

const panel = (page: Page) => page.getByRole('complementary', { name: /^Task instance / });
const square = (page: Page, runId: string, taskId: string) => page.locator(`button[data-run="${runId}"][data-task="${taskId}"]`);
const focused = (page: Page) => page.evaluate(() => `${document.activeElement?.getAttribute('data-run')}/${document.activeElement?.getAttribute('data-task')}`);
const pathOf = (page: Page) => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}${url.hash}`;
};


/** A page of its own (no cookies): what a teammate who opens a pasted link has. */
async function freshPage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  return { page, errors: watchConsole(page).unexpected, close: () => context.close() };
}

async function logInHere(page: Page) {
  await page.getByLabel('Email').fill('demo@tributary.local');
  await page.getByLabel('Password').fill('tributary-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe('deep links to runs, task instances, tries and log lines', () => {
  let product: TProduct;
  let api: TRestApi;
  let pageConsole: ReturnType<typeof watchConsole>;
  const consoleErrors = (allowed?: number[]) => pageConsole.unexpected(allowed);

  beforeAll(async () => {
    product = await startProduct();
    pageConsole = watchConsole(product.page);
    await logIn(product);
    api = await restApi(product);
  }, START_TIMEOUT_MS);
  afterAll(() => product?.stop(), 60_000);
  // Each test answers for its own page's errors (the not-found test provokes 404s on purpose).
  beforeEach(() => pageConsole?.reset());

  /** Deploys `dagId`, runs it once and waits until its task has failed both tries. */
  async function failedRun(dagId: string): Promise<string> {
    await api('PUT', `/dags/${dagId}`, failingSpec(dagId));
    await api('PATCH', `/dags/${dagId}`, { is_paused: false });
    const run = await api<{ dag_run_id: string }>('POST', `/dags/${dagId}/dagRuns`, {});
    const instance = `/dags/${dagId}/dagRuns/${encodeURIComponent(run.dag_run_id)}/taskInstances/long_log`;
    await waitFor(async () => (await api<TInstance>('GET', instance)).state === 'failed', { timeoutMs: 60_000, what: `${dagId} to fail twice` });
    return run.dag_run_id;
  }

  /** The URL's line is in view, highlighted, and the only highlighted one. */
  async function expectLineShown(page: Page, line: number) {
    const row = panel(page).locator(`[data-line="${line}"]`);
    await expect.poll(() => row.getAttribute('aria-current'), { timeout: 15_000 }).toBe('location');
    expect(await panel(page).locator('[aria-current="location"]').count()).toBe(1);
    const box = await row.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 800).toBe(true);
  }

  it('opens a task instance on the try and log line its URL names, in a fresh page', async () => {
    const runId = await failedRun('links_fresh');
    const link = taskHref('demo', 'links_fresh', runId, 'long_log', { tryNumber: 1, line: 120 });
    const fresh = await freshPage(product.browser);
    try {
      const { page } = fresh;
      await page.goto(`${product.base}/login`);
      await logInHere(page);
      await page.waitForURL('**/w/**');
      await page.goto(`${product.base}${link}`);
      // Try 1 failed and was retried: its attempt ended up_for_retry.
      await expect.poll(() => panel(page).getByRole('tab', { selected: true }).textContent(), { timeout: 15_000 }).toBe('Try 1 of 2 (up_for_retry)');
      await expect.poll(() => panel(page).getByRole('region', { name: 'Log of long_log, try 1' }).count()).toBe(1);
      await expectLineShown(page, 120);
      // The grid tab, not the Runs tab: a run's URL is the grid with a panel open.
      expect(await page.getByRole('link', { name: 'Grid' }).getAttribute('aria-current')).toBe('page');
      await screenshot(page, 'deep-link-line');

      // Clicking a line number names that line (and its try) in the URL, as on GitHub.
      await panel(page).getByRole('link', { name: 'Line 115', exact: true }).click();
      await expect.poll(() => pathOf(page)).toBe(taskHref('demo', 'links_fresh', runId, 'long_log', { tryNumber: 1, line: 115 }));
      await expectLineShown(page, 115);
      await panel(page).getByRole('tab', { name: /^Try 2 / }).click();
      await expect.poll(() => pathOf(page)).toBe(taskHref('demo', 'links_fresh', runId, 'long_log', { tryNumber: 2 }));
      expect(await panel(page).locator('[aria-current="location"]').count()).toBe(0);
      expect(fresh.errors()).toEqual([]);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('changes the URL as panels open and close; Back and Forward follow; Escape gives the focus back', async () => {
    const { page, base } = product;
    const runId = await failedRun('links_history');
    const dag = dagHref('demo', 'links_history');
    const task = taskHref('demo', 'links_history', runId, 'long_log');
    await page.goto(`${base}${dag}`);
    await square(page, runId, 'long_log').click();
    await expect.poll(() => pathOf(page)).toBe(task);
    await expect.poll(() => panel(page).getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toBe('long_log');
    await page.keyboard.press('Escape');
    await expect.poll(() => pathOf(page)).toBe(dag);
    await expect.poll(() => panel(page).count()).toBe(0);
    expect(await focused(page)).toBe(`${runId}/long_log`);

    await page.goBack();
    await expect.poll(() => panel(page).count(), { timeout: 15_000 }).toBe(1);
    expect(pathOf(page)).toBe(task);
    await page.goBack();
    await expect.poll(() => panel(page).count(), { timeout: 15_000 }).toBe(0);
    expect(pathOf(page)).toBe(dag);
    await page.goForward();
    await expect.poll(() => panel(page).count(), { timeout: 15_000 }).toBe(1);
    expect(pathOf(page)).toBe(task);

    // A run's head opens the run's panel under the run's own URL.
    await page.locator(`button[data-run="${runId}"]:not([data-task])`).click();
    await expect.poll(() => pathOf(page)).toBe(runHref('demo', 'links_history', runId));
    await expect.poll(() => page.getByRole('complementary', { name: `Run ${runId}` }).count(), { timeout: 15_000 }).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toBe(`${runId}/null`);

    // Opened by URL, Escape hands the focus to the grid, on the square the URL named.
    await page.goto(`${base}${task}`);
    await expect.poll(() => panel(page).getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toBe('long_log');
    await expect.poll(() => square(page, runId, 'long_log').count(), { timeout: 15_000 }).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => pathOf(page)).toBe(dag);
    expect(await focused(page)).toBe(`${runId}/long_log`);
    expect(consoleErrors()).toEqual([]);
  }, 120_000);

  it('says a run or task that does not exist, or is another workspace’s, was not found, inside the page', async () => {
    const { page, base } = product;
    const runId = await failedRun('links_missing');
    for (const link of [runHref('demo', 'links_missing', 'manual__nope'), taskHref('demo', 'links_missing', runId, 'nope')]) {
      await page.goto(`${base}${link}`);
      const alert = page.getByRole('complementary').getByRole('alert');
      await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toContain('Not found:');
      // The rest of the page still works: the DAG's header and its grid.
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('links_missing');
      await expect.poll(() => square(page, runId, 'long_log').count(), { timeout: 15_000 }).toBe(1);
    }
    await screenshot(page, 'deep-link-not-found');
    // The tRPC answer 404 is the point of this test; nothing else may complain.
    expect(consoleErrors([404])).toEqual([]);
  }, 120_000);

  it('brings a signed-out visitor back to the deep link, line included, after logging in', async () => {
    const runId = await failedRun('links_login');
    const link = taskHref('demo', 'links_login', runId, 'long_log', { tryNumber: 2, line: 120 });
    const fresh = await freshPage(product.browser);
    try {
      const { page } = fresh;
      await page.goto(`${product.base}${link}`);
      await page.waitForURL('**/login?**');
      await logInHere(page);
      await expect.poll(() => pathOf(page), { timeout: 15_000 }).toBe(link);
      await expect.poll(() => panel(page).getByRole('tab', { selected: true }).textContent(), { timeout: 15_000 }).toBe('Try 2 of 2 (failed)');
      await expectLineShown(page, 120);
      expect(fresh.errors()).toEqual([]);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('counts tries the same everywhere after a clear: panel, try tabs, log headers, grid, REST', async () => {
    const { page, base } = product;
    const runId = await failedRun('links_tries');
    const instancePath = `/dags/links_tries/dagRuns/${encodeURIComponent(runId)}/taskInstances/long_log`;
    await page.goto(`${base}${taskHref('demo', 'links_tries', runId, 'long_log')}`);
    await panel(page).getByRole('button', { name: 'Clear…' }).click();
    await panel(page).getByRole('button', { name: 'Preview what will be cleared' }).click();
    await panel(page).getByRole('button', { name: 'Confirm' }).click();
    // It fails again: wait until the engine has given up on it, then read its counts there.
    const ti = await waitFor(async () => {
      const current = await api<TInstance>('GET', instancePath);
      return current.state === 'failed' && current.try_number > 2 && current;
    }, { timeoutMs: 90_000, what: 'the cleared task to fail again' });
    const count = (tryNumber: number) => `${tryNumber} of ${ti.max_tries}`;
    await expect.poll(() => panel(page).locator('dt:text-is("Try") + dd').textContent(), { timeout: 15_000 }).toBe(count(ti.try_number));
    await expect.poll(() => panel(page).getByRole('tab').count(), { timeout: 15_000 }).toBe(ti.try_number);
    for (let tryNumber = 1; tryNumber <= ti.try_number; tryNumber++) {
      const tab = panel(page).getByRole('tab', { name: new RegExp(`^Try ${tryNumber} `) });
      // The panel refreshes on its own timer: the last try may still read "running" for a moment.
      await expect.poll(() => tab.textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^Try ${count(tryNumber)} \\((failed|up_for_retry)\\)$`));
      await tab.click();
      const log = panel(page).getByRole('region', { name: `Log of long_log, try ${tryNumber}` });
      await expect.poll(() => log.textContent(), { timeout: 15_000 }).toContain('log line 1');
      const text = (await log.textContent()) ?? '';
      expect(text).toContain(`Try ${count(tryNumber)}`);
      // No other "n of m" anywhere in the panel: a log written before the clear must not keep an old max.
      const counts = [...((await panel(page).textContent()) ?? '').matchAll(/(?:try|tries|attempt)\s*(\d+) of (\d+)/gi)];
      expect(counts.every((match) => Number(match[2]) === ti.max_tries)).toBe(true);
    }
    // The grid refreshes on its own timer: wait for the square to show the last try too.
    await expect.poll(() => square(page, runId, 'long_log').getAttribute('aria-label'), { timeout: 30_000 }).toContain(`try ${count(ti.try_number)},`);
    await screenshot(page, 'try-counts');
    expect(consoleErrors()).toEqual([]);
  }, 180_000);
});
