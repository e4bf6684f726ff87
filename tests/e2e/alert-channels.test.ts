import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackStandIn, type TSlackStandIn } from '../support/slack-stand-in';
import { watchConsole } from './console-errors';
import { logIn, screenshot, START_TIMEOUT_MS, startProduct, viewerPage, type TProduct } from './support';

// A fixed test token the stand-in accepts; no real Slack knows it.
const TOKEN = 'xoxb-e2e-1111-2222-alerts';


describe('Settings → Alerts in a real browser, against a Slack stand-in', () => {
  let product: TProduct;
  let slackApi: TSlackStandIn;

  beforeAll(async () => {
    slackApi = await startSlackStandIn({ channels: { 'data-alerts': 'C0E2EALERTS' }, tokens: [TOKEN] });
    // The product reaches the stand-in on loopback only because its port is allowed.
    product = await startProduct({ SLACK_API_URL: slackApi.url, TRIBUTARY_EGRESS_ALLOW: `127.0.0.1:${slackApi.port}` });
    await logIn(product);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await product?.stop();
    await slackApi?.close();
  }, 60_000);

  it('lets an admin add a Slack channel, say what is wrong while typing, and send a test that reaches Slack', async () => {
    const { page, base } = product;
    const errors = watchConsole(page);
    await page.goto(`${base}/w/demo/settings`);
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.waitForURL('**/w/demo/settings/alerts');
    await expect.poll(() => page.getByText('No alerts sent yet').count(), { timeout: 15_000 }).toBe(1);

    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an alert channel' });
    await dialog.getByLabel('Name').fill('e2e-oncall');
    await dialog.getByLabel('Slack channel').fill('#data-alerts');
    await dialog.getByLabel('Bot token').fill('not-a-token');
    await expect.poll(() => dialog.getByText("Bot token: token must be a Slack bot token (it starts with 'xoxb-')").count()).toBe(1);
    await dialog.getByLabel('Bot token').fill(TOKEN);
    await expect.poll(() => dialog.getByText(/Bot token: /).count()).toBe(0);
    await dialog.getByLabel(/Default channel/).check();
    await dialog.getByRole('button', { name: 'Add channel' }).click();
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);

    const row = page.getByRole('row', { name: /e2e-oncall/ });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('token set');
    expect(await row.textContent()).toContain('#data-alerts');
    expect(await row.textContent()).toContain('default');
    expect(await page.content()).not.toContain(TOKEN);

    const before = slackApi.calls.length;
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => row.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/^Sent in \d+ ms: Slack: posted to C0E2EALERTS/);
    const toast = page.getByRole('region', { name: /^Notifications/ }).locator('li').filter({ hasText: 'Test alert sent through e2e-oncall' });
    await expect.poll(() => toast.count(), { timeout: 15_000 }).toBe(1);
    const posted = slackApi.calls.slice(before);
    expect(posted.map((call) => [call.method, call.token])).toEqual([['chat.postMessage', TOKEN]]);
    expect(String(posted[0]!.args.text)).toContain('Test alert from Tributary');
    await screenshot(page, 'settings-alerts');

    // An edit that leaves the token empty keeps it: the next test still reaches Slack.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit alert channel e2e-oncall' });
    expect(await edit.getByLabel('Bot token').getAttribute('placeholder')).toBe('leave empty to keep');
    await edit.getByLabel('Slack channel').fill('C0E2EALERTS');
    await edit.getByRole('button', { name: 'Save channel' }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('C0E2EALERTS');
    await row.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('paused');
    expect(errors.unexpected()).toEqual([]);
  }, 120_000);

  it('shows a viewer the channels without any control, and lets them link their own Slack user id', async () => {
    const { page: viewer, email } = await viewerPage(product, 'Alert Viewer');
    const errors = watchConsole(viewer);
    await viewer.goto(`${product.base}/w/demo/settings/alerts`);
    const row = viewer.getByRole('row', { name: /e2e-oncall/ });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await viewer.getByText('Read only: changing channels needs the admin role.').count()).toBe(1);
    for (const name of ['Add channel', 'Send test', 'Edit', 'Pause', 'Resume', 'Delete', 'Make default']) {
      expect(await viewer.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await viewer.getByLabel('Post-mortem required after').count()).toBe(0);
    expect(await viewer.getByText(/required for incidents open longer than 60 minutes/).count()).toBe(1);

    await viewer.goto(`${product.base}/w/demo/settings/members`);
    await viewer.getByRole('button', { name: `Edit Slack user id of ${email}` }).click();
    await viewer.getByRole('textbox', { name: `Slack user id of ${email}` }).fill('U0VIEWER1');
    await viewer.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => viewer.getByRole('row', { name: new RegExp(email) }).textContent(), { timeout: 15_000 }).toContain('U0VIEWER1');
    expect(await viewer.getByRole('button', { name: 'Edit Slack user id of demo@tributary.local' }).count()).toBe(0);
    expect(errors.unexpected()).toEqual([]);
    await viewer.context().close();
  }, 120_000);
});
