import type { Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, restApi, screenshot, START_TIMEOUT_MS, startProduct, type TProduct } from './support';
import { watchConsole } from './console-errors';

/** How far the page scrolls sideways: 0 when everything fits the viewport's width. */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const EDITOR_SPEC = (description: string) => `dag_id: fixes_editor
schedule: null
start_date: 2025-01-01
description: ${description}
tasks:
  - task_id: only
    type: empty
`;

const AUDIT_SPEC = `dag_id: fixes_audit
schedule: null
start_date: 2025-01-01
tasks:
  - task_id: only
    type: empty
`;

/** Replaces the editor's whole document (insertText types no Enter keys, so no auto-indent). */
async function replaceSpec(page: Page, text: string) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

const localDate = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('en-CA');

describe('web app fixes: forms, audit log, status and 404 pages, the editor', () => {
  let product: TProduct;
  let pageConsole: ReturnType<typeof watchConsole>;

  beforeAll(async () => {
    product = await startProduct();
    pageConsole = watchConsole(product.page);
    await logIn(product);
  }, START_TIMEOUT_MS);
  afterAll(() => product?.stop(), 60_000);

  it('names a bad connection id in words next to its field, at 1440 and 390 px', async () => {
    const { page, base } = product;
    for (const width of [1440, 390]) {
      pageConsole.reset();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/w/demo/settings/connections`);
      const connId = page.getByLabel('Conn id');
      await connId.fill('bad id!');
      await page.getByRole('button', { name: 'Add connection' }).click();
      await expect.poll(() => connId.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
      // The message is tied to the field (aria-describedby), in words, not zod's JSON.
      const describedBy = await connId.getAttribute('aria-describedby');
      expect(describedBy).toBeTruthy();
      const message = await page.locator(`[id="${describedBy}"]`).textContent();
      expect(message).toMatch(/^Conn id: use letters, digits/);
      expect(await page.locator('form[aria-label="New connection"]').textContent()).not.toContain('"code"');
      // Every field stays on screen.
      for (const input of await page.locator('form[aria-label="New connection"] :is(input, select, textarea)').all()) {
        const box = await input.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= width, `a field at ${width} px: ${JSON.stringify(box)}`).toBe(true);
      }
      if (width === 1440) expect(await sidewaysOverflow(page)).toBe(0);
      await screenshot(page, `fixes-connection-error-${width}`);
      expect(pageConsole.unexpected([400])).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  it('filters the audit log by DAG, action, actor and date in a shareable URL, and fits 1440 px', async () => {
    const { page, base } = product;
    const api = await restApi(product);
    await api('PUT', '/dags/fixes_audit', AUDIT_SPEC);
    await api('PATCH', '/dags/fixes_audit', { is_paused: false });
    await api('PATCH', '/dags/fixes_audit', { is_paused: true });
    const longNote = `note-${'y'.repeat(600)}`;
    await api('POST', '/dags/fixes_audit/dagRuns', { conf: { note: longNote } });
    await api('POST', '/variables', { key: `fixes_${'x'.repeat(200)}`, value: 'v' });
    pageConsole.reset();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${base}/w/demo/settings/audit`);
    const rows = page.getByRole('region', { name: 'Audit log' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(5);
    expect(await sidewaysOverflow(page)).toBe(0);
    // The trigger's long conf is cut short in the row and shown whole on hover.
    await page.getByRole('row', { name: /dag_run\.trigger/ }).locator('td').last().locator('[data-full-value]').hover();
    await expect.poll(() => page.getByRole('tooltip').textContent(), { timeout: 10_000 }).toContain(longNote);
    await screenshot(page, 'fixes-audit-1440');

    await page.getByLabel('DAG', { exact: true }).fill('fixes_audit');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('dag')).toBe('fixes_audit');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(4);
    for (const text of await rows.allTextContents()) expect(text).toContain('fixes_audit');

    await page.getByLabel('Action', { exact: true }).selectOption('dag.unpause');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe('dag.unpause');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    // The URL alone reproduces the view.
    const shared = page.url();
    await page.goto(`${base}/w/demo/dags`);
    await page.goto(shared);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByLabel('DAG', { exact: true }).inputValue()).toBe('fixes_audit');

    // The token did the deploys; the demo user made the token.
    await page.goto(`${base}/w/demo/settings/audit`);
    const actor = page.getByLabel('Actor', { exact: true });
    await expect.poll(() => actor.locator('option', { hasText: 'demo@tributary.local' }).count(), { timeout: 15_000 }).toBe(1);
    await actor.selectOption({ label: 'demo@tributary.local' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'api_token.create' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('cell', { name: 'dag.deploy' }).count()).toBe(0);

    await page.goto(`${base}/w/demo/settings/audit?dag=fixes_audit&from=${localDate(1)}`);
    await expect.poll(() => page.getByText('No entries match these filters.').count(), { timeout: 15_000 }).toBe(1);
    await page.goto(`${base}/w/demo/settings/audit?dag=fixes_audit&from=${localDate(0)}&to=${localDate(0)}`);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(4);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(localDate(0));
    expect(pageConsole.unexpected()).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 90_000);

  it('gives /status and an unknown page a header and a way back, and serves a favicon', async () => {
    const { page, base, browser } = product;
    pageConsole.reset();
    // Signed in: the app's own header.
    await page.goto(`${base}/status`);
    await expect.poll(() => page.getByRole('navigation', { name: 'Workspace' }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('link', { name: 'Back to Tributary' }).getAttribute('href')).toBe('/');
    const missing = await page.goto(`${base}/no-such-page`);
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole('navigation', { name: 'Workspace' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Back to Tributary' }).getAttribute('href')).toBe('/');
    expect(pageConsole.unexpected([404])).toEqual([]);

    // Signed out: the product's name and a link home.
    const stranger = await browser.newPage();
    try {
      const strangerConsole = watchConsole(stranger);
      for (const path of ['/status', '/no-such-page']) {
        await stranger.goto(`${base}${path}`);
        const banner = stranger.getByRole('banner');
        expect(await banner.getByRole('link', { name: 'Tributary', exact: true }).getAttribute('href')).toBe('/');
        expect(await stranger.getByRole('link', { name: 'Back to Tributary' }).count()).toBe(1);
      }
      await screenshot(stranger, 'fixes-not-found-signed-out');
      expect(strangerConsole.unexpected([404])).toEqual([]);
    } finally {
      await stranger.close();
    }

    const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect(icon).toContain('icon.svg');
    const response = await fetch(new URL(icon!, base));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('image/svg+xml');
    expect(await response.text()).toContain('<svg');
    // Asked for the conventional /favicon.ico, the server sends the same icon.
    const ico = await fetch(new URL('/favicon.ico', base));
    expect(ico.url).toBe(new URL('/icon.svg', base).href);
    expect(ico.headers.get('content-type')).toContain('image/svg+xml');
  }, 60_000);

  it('refreshes the header after Save and warns before unsaved changes are lost', async () => {
    const { page, base } = product;
    const api = await restApi(product);
    await api('PUT', '/dags/fixes_editor', EDITOR_SPEC('First description'));
    pageConsole.reset();
    const dialogs: Dialog[] = [];
    let answer = false;
    const onDialog = (dialog: Dialog) => { dialogs.push(dialog); void (answer ? dialog.accept() : dialog.dismiss()); };
    page.on('dialog', onDialog);
    try {
      const editUrl = `${base}/w/demo/dags/fixes_editor/edit`;
      const header = page.locator('header', { has: page.getByRole('heading', { name: 'fixes_editor' }) });
      const gridTab = page.getByRole('navigation', { name: 'DAG views' }).getByRole('link', { name: 'Grid' });
      await page.goto(editUrl);
      await expect.poll(() => page.getByText('No problems: 1 task.').count(), { timeout: 15_000 }).toBe(1);
      await replaceSpec(page, EDITOR_SPEC('Second description'));
      await expect.poll(() => page.getByRole('button', { name: 'Save', exact: true }).isEnabled(), { timeout: 15_000 }).toBe(true);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => page.getByText('Saved version 2').count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => header.textContent(), { timeout: 15_000 }).toContain('Second description');

      // Saved: leaving asks nothing.
      await gridTab.click();
      await page.waitForURL('**/dags/fixes_editor');
      expect(dialogs).toHaveLength(0);
      // Dropping the Back guard on Save must not bring the old header back.
      expect(await header.textContent()).toContain('Second description');

      // Unsaved: a tab, a link and Back each ask; dismissing stays with the text.
      await page.goto(editUrl);
      await expect.poll(() => page.getByText('No problems: 1 task.').count(), { timeout: 15_000 }).toBe(1);
      await replaceSpec(page, EDITOR_SPEC('Third description'));
      await gridTab.click();
      await expect.poll(() => dialogs.length).toBe(1);
      expect(dialogs[0]!.type()).toBe('confirm');
      await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Settings' }).click();
      await expect.poll(() => dialogs.length).toBe(2);
      await page.evaluate(() => history.back());
      await expect.poll(() => dialogs.length).toBe(3);
      expect(new URL(page.url()).pathname).toBe('/w/demo/dags/fixes_editor/edit');
      expect(await page.locator('.cm-content').textContent()).toContain('Third description');

      // Discard clears the warning.
      await page.getByRole('button', { name: 'Discard changes' }).click();
      await expect.poll(() => page.locator('.cm-content').textContent()).toContain('Second description');
      await gridTab.click();
      await page.waitForURL('**/dags/fixes_editor');
      expect(dialogs).toHaveLength(3);

      // Closing the browser tab asks too (beforeunload).
      // A second tab of the same signed-in session: closing it must not end the shared page.
      const session = await product.browser.newContext({ storageState: await page.context().storageState() });
      const second = await session.newPage();
      const unloadDialogs: string[] = [];
      second.on('dialog', (dialog) => { unloadDialogs.push(dialog.type()); void dialog.accept(); });
      await second.goto(editUrl);
      await expect.poll(() => second.getByText('No problems: 1 task.').count(), { timeout: 15_000 }).toBe(1);
      await replaceSpec(second, EDITOR_SPEC('Fourth description'));
      await second.close({ runBeforeUnload: true });
      await expect.poll(() => unloadDialogs).toEqual(['beforeunload']);
      await session.close();
      expect(pageConsole.unexpected()).toEqual([]);
    } finally {
      page.off('dialog', onDialog);
      answer = true;
    }
  }, 90_000);
});
