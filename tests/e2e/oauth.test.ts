import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubStandIn, type TGitHubStandIn, type TGitHubUser } from '../support/github-enterprise-stand-in';
import { screenshot, START_TIMEOUT_MS, startProduct, type TProduct } from './support';

const CLIENT = { id: 'tributary-e2e-client', secret: 'tributary-e2e-secret' };
const OCTO: TGitHubUser = {
  id: 4242,
  login: 'octo-e2e',
  name: 'Octo E2E',
  emails: [
    { email: 'scratch@corp.example', primary: false, verified: false },
    { email: 'Octo.E2E@corp.example', primary: true, verified: true },
  ],
};

describe('GitHub (Enterprise Server) sign-in in a real browser, against a local GitHub stand-in', () => {
  let github: TGitHubStandIn;
  let product: TProduct;
  let page: Page;

  beforeAll(async () => {
    github = await startGitHubStandIn(CLIENT, OCTO);
    product = await startProduct({
      AUTH_GITHUB_ID: CLIENT.id,
      AUTH_GITHUB_SECRET: CLIENT.secret,
      AUTH_GITHUB_ENTERPRISE_URL: github.baseUrl,
    });
    page = product.page;
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await product?.stop();
    await github?.close();
  }, 60_000);

  // Each test starts signed out, with OCTO at the stand-in and no refusal recorded yet.
  beforeEach(async () => {
    github.user = OCTO;
    github.refusals.splice(0);
    await page.context().clearCookies();
  });

  /** Login page → "Continue with GitHub" → the stand-in's authorize page → "Authorize" → back. */
  async function signInWithGitHub() {
    await page.goto(`${product.base}/login`);
    await page.getByRole('button', { name: 'Continue with GitHub' }).click();
    await page.waitForURL(`${github.baseUrl}/login/oauth/authorize?**`);
    await page.getByRole('link', { name: 'Authorize' }).click();
  }

  /** Waits for the page to reach `url`; on a timeout, says what the stand-in refused and what the product logged. */
  async function landOn(url: string) {
    try {
      await page.waitForURL(url, { timeout: 20_000 });
    } catch (error) {
      const detail = `at ${page.url()}; stand-in refusals: ${JSON.stringify(github.refusals)}; product output (tail):\n${product.output().slice(-4000)}`;
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${detail}`);
    }
  }

  // The header's workspace switcher (a menu button), the user's button and the user menu it opens (a popover).
  const workspaceSwitcher = () => page.getByRole('banner').getByRole('button', { name: /^Workspace: / });
  const userButton = () => page.getByRole('banner').getByRole('button', { name: OCTO.name ?? OCTO.login, exact: true });
  const userMenu = () => page.getByRole('dialog', { name: 'User menu' });

  async function logOut() {
    // Open the user menu unless an earlier step left it open (a click on its button would close it).
    if ((await userMenu().count()) === 0) await userButton().click();
    await userMenu().getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
  }

  it('creates the user and their personal workspace on the first sign-in and lands in it', async () => {
    const issued = github.tokensIssued;
    await signInWithGitHub();
    await landOn(`${product.base}/w/octo-e2e`);
    await page.goto(`${product.base}/w/octo-e2e/dags`);
    await expect.poll(() => page.getByText('No DAGs in this workspace yet').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await workspaceSwitcher().textContent()).toBe("Octo E2E's workspace (owner)");
    expect(await userButton().textContent()).toBe('Octo E2E');
    // The verified primary address, lower-cased; not the unverified one listed first.
    await userButton().click();
    expect(await userMenu().locator('p').first().textContent()).toBe('octo.e2e@corp.example');
    await screenshot(page, 'oauth-1-first-sign-in');
    expect(github.tokensIssued).toBe(issued + 1);
    expect(github.refusals).toEqual([]);
  });

  it('finds the same user and workspace on the next sign-in (no second user, no second workspace)', async () => {
    // A sign-in of its own before the one under test (the first one, when this test runs alone).
    await signInWithGitHub();
    await landOn(`${product.base}/w/octo-e2e`);
    await logOut();
    const issued = github.tokensIssued;
    await signInWithGitHub();
    await landOn(`${product.base}/w/octo-e2e`);
    await workspaceSwitcher().click();
    const switcherMenu = page.getByRole('menu', { name: /^Workspace: / });
    await switcherMenu.waitFor();
    // A second user would own a second workspace (`octo-e2e-2`) and see only that one.
    expect(await switcherMenu.getByRole('menuitem').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      '/w/octo-e2e',
    ]);
    expect(github.tokensIssued).toBe(issued + 1);
    expect(github.refusals).toEqual([]);
  });

  it('does not link a GitHub account to an existing password user with the same email, and says so', async () => {
    github.user = { id: 777, login: 'someone-else', name: null, emails: [{ email: 'demo@tributary.local', primary: true, verified: true }] };
    await signInWithGitHub();
    await landOn(`${product.base}/login?**`);
    expect(new URL(page.url()).searchParams.get('error')).toBe('OAuthAccountNotLinked');
    expect(await page.locator('p.form-error').textContent()).toContain('already has a Tributary account that signs in another way');
    await screenshot(page, 'oauth-2-not-linked');
    // The password user is untouched: the demo login still leads to the demo workspace only.
    await page.getByLabel('Email').fill('demo@tributary.local');
    await page.getByLabel('Password').fill('tributary-demo');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/w/demo');
  });

  it('refuses a GitHub account without a verified email address', async () => {
    github.user = { id: 778, login: 'unverified', name: 'Un Verified', emails: [{ email: 'new@corp.example', primary: true, verified: false }] };
    await signInWithGitHub();
    await landOn(`${product.base}/login?**`);
    expect(new URL(page.url()).searchParams.get('error')).toBe('AccessDenied');
    expect(await page.locator('p.form-error').textContent()).toContain('did not share a verified email address');
    // Refused before any user was created: the email is still free for a password sign-up.
    await page.goto(`${product.base}/signup`);
    await page.getByLabel('Name').fill('Un Verified');
    await page.getByLabel('Email').fill('new@corp.example');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/w/new');
  });
});
