import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchConsole } from './console-errors';
import { logIn, screenshot, START_TIMEOUT_MS, startProduct, type TProduct } from './support';

const PASSWORD = 'correct horse battery staple';

/** Invites `email` as an editor from the members page (signed in as the demo owner); the link the page shows. */
async function inviteEditor(page: Page, base: string, email: string): Promise<string> {
  await page.goto(`${base}/w/demo/settings/members`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('editor');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  const link = page.getByLabel(`Invitation link for ${email}`);
  await expect.poll(() => link.inputValue(), { timeout: 15_000 }).toContain('/invite/');
  return link.inputValue();
}

/** Fills the sign-up form the page shows and creates the account. */
async function signUp(page: Page, name: string, email: string) {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

describe('an invitation link opened by the wrong account, then by the right one, in a real browser', () => {
  let product: TProduct;

  beforeAll(async () => {
    product = await startProduct();
    await logIn(product);
  }, START_TIMEOUT_MS);
  afterAll(() => product?.stop(), 60_000);

  it("refuses Bob with Alice's link, signs him out to Alice's sign-up, and Alice joins as an editor", async () => {
    const { base } = product;
    const suffix = randomBytes(3).toString('hex');
    const alice = `alice${suffix}@example.com`;
    const bob = `bob${suffix}@example.com`;
    const link = await inviteEditor(product.page, base, alice);

    const context = await product.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const pageErrors = watchConsole(page);
    // Bob has an account of his own and is signed in when he opens the link.
    await page.goto(`${base}/signup`);
    await signUp(page, 'Bob', bob);
    await page.waitForURL('**/w/**');
    await page.goto(link);

    const invitation = page.getByLabel('Invitation');
    await expect.poll(() => invitation.textContent(), { timeout: 15_000 }).toBe('Demo User (demo@tributary.local) invited you to join the workspace Demo as an editor.');
    // Not Next's route announcer, which is an (empty) alert region too.
    const refusal = page.getByRole('alert').filter({ hasText: 'This invitation is for' });
    expect(await refusal.textContent()).toBe(`This invitation is for ${alice}; you are signed in as ${bob}.`);
    expect(await page.getByRole('button', { name: 'Accept invitation' }).count()).toBe(0);
    await screenshot(page, 'invite-wrong-account');

    await page.getByRole('button', { name: 'Sign out and sign up' }).click();
    await page.waitForURL((url) => url.pathname === '/signup' && url.searchParams.get('callbackUrl') === new URL(link).pathname);
    await signUp(page, 'Alice', alice);
    await page.waitForURL('**/invite/**');

    // The workspace, the inviter and the role come first, then the one button.
    await expect.poll(() => invitation.textContent(), { timeout: 15_000 }).toContain('invited you to join the workspace Demo as an editor');
    const main = (await page.getByRole('main').textContent()) ?? '';
    expect(main.indexOf('Demo User (demo@tributary.local)')).toBeGreaterThan(-1);
    expect(main.indexOf('Demo User (demo@tributary.local)')).toBeLessThan(main.indexOf(`Accept to join as ${alice}`));
    expect(await page.getByRole('alert').filter({ hasText: 'This invitation is for' }).count()).toBe(0);
    await screenshot(page, 'invite-right-account');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.waitForURL('**/w/demo/dags');

    await page.goto(`${base}/w/demo/settings/members`);
    const me = page.getByRole('row', { name: new RegExp(alice) });
    await expect.poll(() => me.textContent(), { timeout: 15_000 }).toContain('editor');
    expect(await page.getByRole('row', { name: new RegExp(bob) }).count()).toBe(0);
    expect(pageErrors.unexpected()).toEqual([]);
    await context.close();
  }, 180_000);
});
