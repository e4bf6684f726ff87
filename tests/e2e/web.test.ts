import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/migrate';
import { freePort } from '../../server/db/embedded-postgres';
import { waitFor } from '../support/test-database';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
// A first start builds the web app: minutes on a busy 2-core machine.
const START_TIMEOUT_MS = 420_000;

/** `npm start` exactly as tests/integration/start.test.ts runs it (embedded PostgreSQL). */
function start(dataDir: string, port: number) {
  const { DATABASE_URL: _ignored, ...environment } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...environment, PORT: String(port), TRIBUTARY_DATA_DIR: dataDir, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<void>((resolve) => child.on('exit', () => { exited = true; resolve(); }));
  return { child, done, output: () => output, hasExited: () => exited };
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(ARTIFACTS, `web-${name}.png`), fullPage: true });
}

const dagRows = (page: Page) => page.locator('table.dag-table tbody tr');

/** Signs a new user up from a signed-out browser; lands on their workspace's home, then opens the DAG list. */
async function signUp(page: Page, base: string) {
  const local = `e2e${randomBytes(3).toString('hex')}`;
  await page.context().clearCookies();
  await page.goto(`${base}/`);
  await page.waitForURL('**/login');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('Name').fill('E2E Tester');
  await page.getByLabel('Email').fill(`${local}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`**/w/${local}`);
  await page.getByRole('link', { name: 'DAGs', exact: true }).click();
  await page.waitForURL(`**/w/${local}/dags`);
}

/** The example DAGs the demo workspace is seeded with, one per file of examples/. */
const EXAMPLE_DAGS = (await readdir(path.join(ROOT, 'examples'))).filter((file) => file.endsWith('.yaml')).length;

/** Logs in with the demo login from a signed-out browser and waits for the example DAGs. */
async function demoDagList(page: Page, base: string) {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('demo@tributary.local');
  await page.getByLabel('Password').fill('tributary-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/w/demo');
  await page.goto(`${base}/w/demo/dags`);
  await expect.poll(() => dagRows(page).count(), { timeout: 15_000 }).toBe(EXAMPLE_DAGS);
}

describe('web app in a real browser', () => {
  let dataDir: string;
  let base: string;
  let app: ReturnType<typeof start>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's chromium package to run the browser tests.`);
    await mkdir(ARTIFACTS, { recursive: true });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tributary-e2e-'));
    // mkdtemp makes the folder private; as root, PostgreSQL runs as `postgres` and must enter it.
    await chmod(dataDir, 0o755);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = start(path.join(dataDir, 'data'), port);
    await waitFor(async () => {
      if (app.hasExited()) throw new Error(`npm start exited before it was ready:\n${app.output()}`);
      return app.output().includes('[tributary] ready:');
    }, { timeoutMs: START_TIMEOUT_MS - 30_000, what: 'the ready line' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    if (app && !app.hasExited()) {
      app.child.kill('SIGINT');
      await app.done;
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('signs up a new user and lands on the empty DAG list of their new workspace', async () => {
    await signUp(page, base);
    await expect.poll(() => page.getByText('No DAGs in this workspace yet').isVisible(), { timeout: 15_000 }).toBe(true);
    await shot(page, '1-signed-up-empty');
  });

  it('logs out and logs in with the demo login, seeing the example DAGs with schedules in words', async () => {
    await signUp(page, base);
    await page.getByText('E2E Tester', { exact: true }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await page.getByLabel('Email').fill('demo@tributary.local');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.locator('p.form-error').textContent()).toContain('Invalid email or password');
    await page.getByLabel('Email').fill('demo@tributary.local');
    await page.getByLabel('Password').fill('tributary-demo');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/w/demo');
    await page.goto(`${base}/w/demo/dags`);
    await expect.poll(() => dagRows(page).count(), { timeout: 15_000 }).toBe(EXAMPLE_DAGS);
    const table = (await page.locator('table.dag-table').textContent()) ?? '';
    for (const words of ['every day at 02:00 UTC', 'every day at 00:00 UTC', 'every hour at minute 0', 'manual only']) {
      expect(table).toContain(words);
    }
    await shot(page, '2-demo-dags');
  });

  it('filters the list by search, reached with the / key', async () => {
    await demoDagList(page, base);
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('/');
    await page.keyboard.type('hello');
    await expect.poll(() => page.getByLabel('Search').inputValue()).toBe('hello');
    await expect.poll(() => dagRows(page).allTextContents()).toEqual([expect.stringContaining('hello_world'), expect.stringContaining('hello_world')]);
    await shot(page, '3-search');
    await page.getByLabel('Search').fill('');
    await expect.poll(() => dagRows(page).count()).toBe(EXAMPLE_DAGS);
  });

  it('unpauses a DAG with its toggle, and the change sticks after a reload', async () => {
    await demoDagList(page, base);
    const toggle = () => page.getByRole('switch', { name: /^daily_orders:/ });
    await expect.poll(() => toggle().getAttribute('aria-checked')).toBe('false');
    await toggle().click();
    await expect.poll(() => toggle().getAttribute('aria-checked')).toBe('true');
    await page.reload();
    await expect.poll(() => toggle().getAttribute('aria-checked'), { timeout: 15_000 }).toBe('true');
    await shot(page, '4-unpaused');
  });
});
