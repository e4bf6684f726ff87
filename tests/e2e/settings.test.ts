import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, screenshot, START_TIMEOUT_MS, startProduct, type TProduct } from './support';

/** Opens a settings tab through the header link and the tab bar, as a keyboardless user would. */
async function openTab(page: Page, base: string, tab: string) {
  await page.goto(`${base}/w/demo/dags`);
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL('**/w/demo/settings/connections');
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: tab, exact: true }).click();
}

/** Invites `email` as a viewer; the link the page shows once. */
async function inviteViewer(page: Page, base: string, email: string): Promise<string> {
  await openTab(page, base, 'Members');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('viewer');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  const link = page.getByLabel(`Invitation link for ${email}`);
  await expect.poll(() => link.inputValue(), { timeout: 15_000 }).toContain('/invite/');
  return link.inputValue();
}

/** Adds a workspace variable through the Variables tab and waits until it is listed. */
async function addVariable(page: Page, base: string, key: string, value: string) {
  await openTab(page, base, 'Variables');
  await page.getByLabel('Key').fill(key);
  await page.getByLabel('Value').fill(value);
  await page.getByRole('button', { name: 'Add variable' }).click();
  await expect.poll(() => page.getByRole('row', { name: new RegExp(key) }).textContent(), { timeout: 15_000 }).toContain(value);
}

describe('workspace settings in a real browser', () => {
  let product: TProduct;

  beforeAll(async () => {
    product = await startProduct();
    await logIn(product);
  }, START_TIMEOUT_MS);
  afterAll(() => product?.stop(), 60_000);

  it('creates a variable and lists it', async () => {
    const { page, base } = product;
    await addVariable(page, base, 'e2e_region', 'eu-west-1');
  }, 60_000);

  it('creates an API token and shows it only once', async () => {
    const { page, base } = product;
    await openTab(page, base, 'API tokens');
    await page.getByLabel('Name').fill('e2e-ci');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByLabel('API token e2e-ci');
    await expect.poll(() => secret.inputValue(), { timeout: 15_000 }).toMatch(/^trb_/);
    const token = await secret.inputValue();
    expect(await page.getByText('shown only once').count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByRole('row', { name: /e2e-ci/ }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.content()).not.toContain(token);
  }, 60_000);

  it('creates a connection whose password shows only as ••••', async () => {
    const { page, base } = product;
    await openTab(page, base, 'Connections');
    await page.getByLabel('Conn id').fill('e2e_warehouse');
    await page.getByLabel('Host').fill('db.internal');
    await page.getByLabel('Password').fill('hunter2');
    await page.getByRole('button', { name: 'Add connection' }).click();
    await expect.poll(() => page.getByRole('row', { name: /e2e_warehouse/ }).textContent(), { timeout: 15_000 }).toContain('••••');
    expect(await page.content()).not.toContain('hunter2');
    await screenshot(page, 'settings-connections');
  }, 60_000);

  it('invites a viewer and shows a copyable link', async () => {
    const { page, base } = product;
    await inviteViewer(page, base, 'invited@example.com');
    await expect.poll(() => page.getByRole('table', { name: 'Pending invitations' }).textContent()).toContain('invited@example.com');
    await screenshot(page, 'settings-members');
  }, 60_000);

  it('lets a second user accept the invitation and read, but not change, the demo workspace', async () => {
    const { base } = product;
    // Its own invitation, and a variable whose row a viewer must see without its Delete button.
    const invitee = `readonly${randomBytes(3).toString('hex')}@example.com`;
    const inviteLink = await inviteViewer(product.page, base, invitee);
    await addVariable(product.page, base, 'e2e_read_only', 'visible');
    const context = await product.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Signed out, the invitation offers sign-up, which comes back to the invitation.
    await page.goto(inviteLink);
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Name').fill('Invited Viewer');
    // Only the invited email may accept (tests/e2e/invite-account.test.ts checks another is refused).
    await page.getByLabel('Email').fill(invitee);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/invite/**');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.waitForURL('**/w/demo/dags');
    await expect.poll(() => page.getByRole('switch').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    for (const toggle of await page.getByRole('switch').all()) expect(await toggle.isDisabled()).toBe(true);
    await openTab(page, base, 'Variables');
    await expect.poll(() => page.getByText('Read only').count(), { timeout: 15_000 }).toBe(1);
    // Delete buttons would come with the rows, which load after the page: wait for one first.
    await expect.poll(() => page.getByRole('row', { name: /e2e_read_only/ }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('button', { name: 'Add variable' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    // A used link says so as it opens, with nothing left to accept.
    await page.goto(inviteLink);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'invitation' }).textContent(), { timeout: 15_000 }).toContain('already used');
    expect(await page.getByRole('button', { name: 'Accept invitation' }).count()).toBe(0);
    await context.close();
  }, 120_000);
});
