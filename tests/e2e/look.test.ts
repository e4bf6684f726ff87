import { randomBytes } from 'node:crypto';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../../app/components/format-time';
import { runHref, taskHref } from '../../app/components/links';
import { watchConsole } from './console-errors';
import { logIn, restApi, screenshot, START_TIMEOUT_MS, startProduct, succeededRun, type TProduct } from './support';

const DAG_ID = 'look_times';
// A log with a line far wider than a phone, so the test sees whether the page or the log's own box scrolls.
const SPEC = `dag_id: ${DAG_ID}
default_args: { retries: 0 }
tasks:
  - task_id: talk
    type: bash
    bash_command: "for i in $(seq 1 30); do echo line $i; done; printf 'wide%.0s' $(seq 1 80); echo"
  - { task_id: done, type: empty, depends_on: talk }
`;

/** Relative luminance of a computed CSS colour (rgb or rgba); transparent counts as unknown (null). */
function luminance(color: string): number | null {
  const parts = color.match(/[\d.]+/g)?.map(Number) ?? [];
  const [r = 0, g = 0, b = 0, alpha = 1] = parts;
  if (parts.length < 3 || alpha === 0) return null;
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

const background = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((element) => getComputedStyle(element).backgroundColor);

async function logInOn(page: Page, base: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('demo@tributary.local');
  await page.getByLabel('Password').fill('tributary-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/w/**');
}

/** The outermost elements that reach past the right edge, named by tag and class, for a failure message. */
const tooWide = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .filter((element) => !(element.parentElement && element.parentElement.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} (${Math.round(element.getBoundingClientRect().right)} px)`)
      .join(', '),
  );

/** Opens the header's user menu (a popover), unless it is open already: a click on its button would close it. */
const openUserMenu = async (page: Page) => {
  if ((await page.getByRole('dialog', { name: 'User menu' }).count()) === 0) await page.getByRole('button', { name: 'Demo User', exact: true }).click();
};

describe('look and feel: times, dark mode, phone layout', () => {
  let product: TProduct;
  let runId: string;
  let logicalDate: string;
  const contexts: BrowserContext[] = [];

  /** A fresh browser context (own cookies and storage) signed in as the demo owner. */
  async function signedInPage(options: { width: number; height: number; timezoneId?: string }) {
    const context = await product.browser.newContext({ viewport: { width: options.width, height: options.height }, timezoneId: options.timezoneId });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await logInOn(page, product.base);
    return { page, errors };
  }

  beforeAll(async () => {
    product = await startProduct();
    await logIn(product);
    const api = await restApi(product);
    await api('PUT', `/dags/${DAG_ID}`, SPEC);
    runId = (await succeededRun(api, DAG_ID)).dag_run_id;
    const run = await api<{ logical_date: string }>('GET', `/dags/${DAG_ID}/dagRuns/${encodeURIComponent(runId)}`);
    logicalDate = run.logical_date;
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await product?.stop();
  }, 60_000);

  it('shows the DAG page\'s times in UTC, in the browser\'s zone once the user chooses local time, and in UTC again', async () => {
    const { page, errors } = await signedInPage({ width: 1440, height: 900, timezoneId: 'Europe/Berlin' });
    const logical = page.getByRole('complementary', { name: `Run ${runId}` }).locator('dt:text-is("Logical date") + dd');
    const runsTab = `${product.base}/w/demo/dags/${DAG_ID}/runs`;
    // The Runs tab's Logical date column (the start of a manual run may print the same).
    const shown = (text: string) => page.locator('table.dag-table tbody td:nth-child(4)', { hasText: text }).count();
    const utc = `${new Date(logicalDate).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
    const berlin = formatTime(logicalDate, 'Europe/Berlin');
    expect(berlin).toMatch(/ CES?T$/);

    await page.goto(runsTab);
    await expect.poll(() => shown(utc), { timeout: 15_000 }).toBe(1);
    await openUserMenu(page);
    await page.getByRole('radio', { name: 'Local time' }).check();
    await expect.poll(() => shown(berlin), { timeout: 15_000 }).toBe(1);
    expect(await shown(utc)).toBe(0);

    // Kept on the account: a fresh load of the run's own URL shows it in local time too.
    await page.goto(`${product.base}${runHref('demo', DAG_ID, runId)}`);
    await expect.poll(() => logical.textContent(), { timeout: 15_000 }).toBe(berlin);
    await screenshot(page, 'look-times-local');

    await page.goto(runsTab);
    await expect.poll(() => shown(berlin), { timeout: 15_000 }).toBe(1);
    await openUserMenu(page);
    await page.getByRole('radio', { name: 'UTC' }).check();
    await expect.poll(() => shown(utc), { timeout: 15_000 }).toBe(1);
    await page.goto(`${product.base}${runHref('demo', DAG_ID, runId)}`);
    await expect.poll(() => logical.textContent(), { timeout: 15_000 }).toBe(utc);
    expect(errors.unexpected()).toEqual([]);
  });

  it('turns dark from the user menu: the page, its panels, the editor and the graph, before paint on the next load', async () => {
    const { page, errors } = await signedInPage({ width: 1440, height: 900 });
    await page.goto(`${product.base}/w/demo`);
    await openUserMenu(page);
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(async () => luminance(await background(page, 'body')), { timeout: 10_000 }).toBeLessThan(0.05);

    // Set by the head script before any of the app's code runs: no light flash on load.
    await page.goto(`${product.base}/w/demo/dags`, { waitUntil: 'commit' });
    await page.waitForSelector('html[data-theme]', { state: 'attached' });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

    const checks: { name: string; url: string; selectors: string[] }[] = [
      { name: 'home', url: '/w/demo', selectors: ['.app-header', '.panel'] },
      { name: 'dags', url: '/w/demo/dags', selectors: ['.dag-table'] },
      { name: 'run', url: runHref('demo', DAG_ID, runId), selectors: [`aside[aria-label="Run ${runId}"]`] },
      { name: 'task', url: taskHref('demo', DAG_ID, runId, 'talk'), selectors: ['aside[aria-label="Task instance talk"]', '[role="log"]'] },
      { name: 'code', url: `/w/demo/dags/${DAG_ID}/code`, selectors: ['.cm-editor', '.cm-gutters'] },
      { name: 'graph', url: `/w/demo/dags/${DAG_ID}/graph`, selectors: ['.react-flow'] },
      // The editor's preview nodes are plain (the graph tab fills its nodes with their state's colour).
      { name: 'edit', url: `/w/demo/dags/${DAG_ID}/edit`, selectors: ['.cm-editor', '.react-flow__node > div'] },
      { name: 'tokens', url: '/w/demo/settings/tokens', selectors: ['main'] },
    ];
    for (const { name, url, selectors } of checks) {
      await page.goto(`${product.base}${url}`);
      for (const selector of selectors) {
        await page.locator(selector).first().waitFor({ timeout: 15_000 });
        const colour = await background(page, selector);
        const light = luminance(colour);
        // Transparent shows the dark page beneath it; anything painted must be dark.
        expect(light === null || light < 0.1, `${selector} on ${url} has the light background ${colour}`).toBe(true);
      }
      await screenshot(page, `look-dark-${name}`);
    }
    const text = await page.locator('body').evaluate((element) => getComputedStyle(element).color);
    expect(luminance(text)).toBeGreaterThan(0.6);

    await openUserMenu(page);
    await page.getByRole('radio', { name: 'Light' }).check();
    await expect.poll(async () => luminance(await background(page, 'body')), { timeout: 10_000 }).toBeGreaterThan(0.8);
    expect(errors.unexpected()).toEqual([]);
  });

  it('fits a 390 px phone: home, the DAG grid, the task panel and its log scroll only up and down, and the menu opens', async () => {
    const { page, errors } = await signedInPage({ width: 390, height: 844 });
    const pages = [
      ['home', '/w/demo', 'h1'],
      ['grid', `/w/demo/dags/${DAG_ID}`, 'h1'],
      ['task', taskHref('demo', DAG_ID, runId, 'talk'), 'aside[aria-label="Task instance talk"]'],
      ['log', taskHref('demo', DAG_ID, runId, 'talk', { line: 31 }), '[data-line="31"]'],
    ] as const;
    for (const [name, url, ready] of pages) {
      await page.goto(`${product.base}${url}`);
      await page.locator(ready).first().waitFor({ timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      await screenshot(page, `look-phone-${name}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${name} (${url}) is ${width} px wide at 390 px; too wide: ${await tooWide(page)}`).toBeLessThanOrEqual(390);
      // The side panel is fixed, outside the page's width: it must itself fit and not scroll sideways.
      for (const panel of await page.locator('aside').all()) {
        const fit = await panel.evaluate((element) => ({ left: element.getBoundingClientRect().left, right: element.getBoundingClientRect().right, scroll: element.scrollWidth, client: element.clientWidth }));
        expect(fit.left >= 0 && fit.right <= 390 && fit.scroll <= fit.client, `${name}: a panel spans ${JSON.stringify(fit)} at 390 px`).toBe(true);
      }
    }

    await page.goto(`${product.base}/w/demo`);
    await page.locator('h1').waitFor();
    expect(await page.getByRole('navigation', { name: 'Workspace' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'DAGs' }).isVisible(), { timeout: 5_000 }).toBe(true);
    await screenshot(page, 'look-phone-menu');
    await page.getByRole('menuitem', { name: 'DAGs' }).click();
    await page.waitForURL(`${product.base}/w/demo/dags`);
    expect(errors.unexpected()).toEqual([]);
  });

  it('keeps the focus in the trigger dialog and gives it back to Trigger on Escape; the header\'s menus open from the keyboard', async () => {
    const { page, errors } = await signedInPage({ width: 1440, height: 900 });
    await page.goto(`${product.base}/w/demo/dags/${DAG_ID}`);
    const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);
    const trigger = page.getByRole('button', { name: 'Trigger', exact: true });
    await trigger.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Trigger ${DAG_ID}` });
    await expect.poll(() => dialog.count(), { timeout: 5_000 }).toBe(1);
    const focusInDialog = () => dialog.evaluate((element) => element.contains(document.activeElement));
    await expect.poll(focusInDialog).toBe(true);
    await screenshot(page, 'look-trigger-dialog');
    // Tab past the last button wraps to the first field: the page behind is out of the keyboard's reach.
    await dialog.getByRole('button', { name: 'Trigger run' }).focus();
    for (let step = 0; step < 3; step += 1) {
      await page.keyboard.press('Tab');
      expect(await focusInDialog(), `after Tab ${step + 1}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => isFocused(trigger), { timeout: 5_000 }).toBe(true);

    // The workspace switcher: a menu of links, opened with Enter or ArrowDown, the current workspace marked.
    const switcher = page.getByRole('button', { name: /^Workspace: Demo\./ });
    await switcher.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: /^Workspace: / });
    await expect.poll(() => menu.count(), { timeout: 5_000 }).toBe(1);
    const items = menu.getByRole('menuitem');
    expect(await items.evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href'), link.getAttribute('aria-current')])))
      .toContainEqual(['Demo owner', '/w/demo', 'page']);
    await expect.poll(() => isFocused(items.first())).toBe(true);
    await screenshot(page, 'look-workspace-switcher');
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => isFocused(switcher)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => menu.count(), { timeout: 5_000 }).toBe(1);
    await page.keyboard.press('Escape');

    // The user menu holds form controls: a popover (a dialog), not a menu; Escape closes it onto its button.
    const account = page.getByRole('button', { name: 'Demo User', exact: true });
    await account.focus();
    await page.keyboard.press('Enter');
    const userMenu = page.getByRole('dialog', { name: 'User menu' });
    await expect.poll(() => userMenu.getByText('demo@tributary.local').count(), { timeout: 5_000 }).toBe(1);
    expect(await userMenu.getByRole('radio').count()).toBe(5);
    await expect.poll(() => userMenu.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await screenshot(page, 'look-user-menu');
    await page.keyboard.press('Escape');
    await expect.poll(() => userMenu.count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => isFocused(account)).toBe(true);
    expect(errors.unexpected()).toEqual([]);
  });

  it('offers a new user\'s empty workspace a New DAG started from an example', async () => {
    const context = await product.browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchConsole(page);
    const local = `look${randomBytes(3).toString('hex')}`;
    await page.goto(`${product.base}/signup`);
    await page.getByLabel('Name').fill('Look Tester');
    await page.getByLabel('Email').fill(`${local}@example.com`);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`**/w/${local}`);

    const offer = page.getByRole('link', { name: 'New DAG from an example' });
    await expect.poll(() => offer.count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, 'look-empty-workspace');
    await offer.click();
    await page.waitForURL(`**/w/${local}/dags/new?example=hello_world`);
    await expect.poll(() => page.getByLabel('Start from').inputValue(), { timeout: 15_000 }).toBe('hello_world');
    await expect.poll(() => page.locator('.cm-content').textContent(), { timeout: 15_000 }).toContain('dag_id: hello_world');

    // The DAG list says the same while it is empty.
    await page.goto(`${product.base}/w/${local}/dags`);
    await expect.poll(() => offer.count(), { timeout: 15_000 }).toBe(1);
    expect(errors.unexpected()).toEqual([]);
  });
});
