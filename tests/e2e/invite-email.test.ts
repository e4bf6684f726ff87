import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type TSmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/test-database';
import { logIn, screenshot, START_TIMEOUT_MS, startProduct, type TProduct } from './support';

/** Invites `email` as a viewer from the members page. */
async function invite(page: Page, base: string, email: string) {
  await page.goto(`${base}/w/demo/settings/members`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('viewer');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
}

describe('invitations emailed through a configured SMTP server, in a real browser', () => {
  let smtp: TSmtpSink;
  let product: TProduct;

  /** The invitation mail sent to `email`, and the link in it. */
  async function mailTo(email: string) {
    const mail = await waitFor(async () => smtp.messages.find((message) => message.to.includes(email)), { what: `the invitation mail to ${email}` });
    const match = /https?:\/\/[^\s"<]+\/invite\/[A-Za-z0-9_-]+/.exec(mail.decoded);
    expect(match, `a link to an invitation in the mail to ${email}`).not.toBeNull();
    return { mail, link: match![0] };
  }

  beforeAll(async () => {
    // Addresses starting with `bounce` are refused, as a mail server refuses an unknown mailbox.
    smtp = await startSmtpSink({ rejectRecipient: (address) => (address.startsWith('bounce') ? 'No such mailbox here' : null) });
    product = await startProduct({ SMTP_URL: smtp.url(), SMTP_FROM: 'Tributary E2E <tributary@e2e.test>' });
    await logIn(product);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await product?.stop();
    await smtp?.close();
  }, 60_000);

  it('emails the invitation, still offers the link, and lists it as emailed', async () => {
    const { page, base } = product;
    const invitee = `mailed${randomBytes(3).toString('hex')}@example.com`;
    await invite(page, base, invitee);

    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Invitation emailed' }).textContent(), { timeout: 15_000 }).toContain(`Invitation emailed to ${invitee}`);
    expect(await page.getByText('Email is not configured').count()).toBe(0);
    const shownLink = await page.getByLabel(`Invitation link for ${invitee}`).inputValue();
    const row = page.getByRole('table', { name: 'Pending invitations' }).getByRole('row', { name: new RegExp(invitee) });
    // Emailed and Expires both hold a time once the mail went out.
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/UTC.*UTC/);
    expect(await row.textContent()).not.toContain('not emailed');
    await screenshot(page, 'settings-members-emailed');

    const { mail, link: mailedLink } = await mailTo(invitee);
    expect(mail.header('From')).toBe('Tributary E2E <tributary@e2e.test>');
    expect(mail.header('Subject')).toContain('invited you to');
    // The mail links to the address the admin's browser used, the same link the page shows.
    expect(mailedLink).toBe(shownLink);
    expect(mailedLink.startsWith(`${base}/invite/`)).toBe(true);
  }, 60_000);

  it('shows why a mail was refused, and still offers the link to pass on by hand', async () => {
    const { page, base } = product;
    const bounced = `bounce${randomBytes(3).toString('hex')}@example.com`;
    await invite(page, base, bounced);

    const alert = page.getByRole('alert').filter({ hasText: 'created but not emailed' });
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toContain('550 No such mailbox here');
    expect(await page.getByRole('status').filter({ hasText: `Send this link to ${bounced} yourself` }).count()).toBe(1);
    expect(await page.getByLabel(`Invitation link for ${bounced}`).inputValue()).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
    const row = page.getByRole('table', { name: 'Pending invitations' }).getByRole('row', { name: new RegExp(bounced) });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('not emailed');
    await screenshot(page, 'settings-members-bounced');
  }, 60_000);

  it('lets the invitee sign up from the mailed link and join the workspace as a viewer', async () => {
    const { base } = product;
    // An invitation of its own, so that this test does not depend on the first one having run.
    const invitee = `joiner${randomBytes(3).toString('hex')}@example.com`;
    await invite(product.page, base, invitee);
    const { link: mailedLink } = await mailTo(invitee);
    const context = await product.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(mailedLink);
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Name').fill('Mailed Viewer');
    await page.getByLabel('Email').fill(invitee);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/invite/**');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.waitForURL('**/w/demo/dags');
    await expect.poll(() => page.getByRole('switch').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    for (const toggle of await page.getByRole('switch').all()) expect(await toggle.isDisabled()).toBe(true);

    await page.goto(`${base}/w/demo/settings/members`);
    const me = page.getByRole('row', { name: new RegExp(invitee) });
    await expect.poll(() => me.textContent(), { timeout: 15_000 }).toContain('viewer');
    expect(await me.textContent()).toContain('— you');
    await context.close();
  }, 120_000);
});
