import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { ROOT } from '../../scripts/migrate';
import { freePort } from '../../server/db/embedded-postgres';
import { waitFor } from '../support/test-database';

const execFileAsync = promisify(execFile);
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
/** The e2e global setup built the web app; a start on a busy 2-core machine still takes a while. */
export const START_TIMEOUT_MS = 180_000;

export type TProduct = {
  base: string;
  browser: Browser;
  page: Page;
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * The product started exactly as `npm start` starts it (embedded PostgreSQL in a data folder of
 * its own, copied from the setup's first start, the demo workspace seeded), and a Chromium page
 * at 1280×800. `extraEnv` adds configuration a user would set (SMTP_URL, OAuth keys). Call
 * `stop()` in afterAll.
 */
export async function startProduct(extraEnv: Record<string, string> = {}): Promise<TProduct> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's chromium package to run the browser tests.`);
  await mkdir(ARTIFACTS, { recursive: true });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tributary-e2e-'));
  // mkdtemp makes the folder private; as root, PostgreSQL runs as `postgres` and must enter it.
  await chmod(dataDir, 0o755);
  // A copy of a first start's data folder, owners and modes kept (PostgreSQL's files are its own).
  await execFileAsync('cp', ['-a', inject('productDataTemplate'), path.join(dataDir, 'data')]);
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...environment } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...environment, PORT: String(port), TRIBUTARY_DATA_DIR: path.join(dataDir, 'data'), NODE_ENV: 'production', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<void>((resolve) => child.on('exit', () => { exited = true; resolve(); }));
  await waitFor(async () => {
    if (exited) throw new Error(`npm start exited before it was ready:\n${output}`);
    return output.includes('[tributary] ready:');
  }, { timeoutMs: START_TIMEOUT_MS - 30_000, what: 'the ready line' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  return {
    base: `http://127.0.0.1:${port}`,
    browser,
    page,
    output: () => output,
    async stop() {
      await browser.close();
      if (!exited) {
        child.kill('SIGINT');
        await done;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login page (the demo owner by default). */
export async function logIn(product: TProduct, email = 'demo@tributary.local', password = 'tributary-demo') {
  const { page, base } = product;
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/w/**');
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** REST v1 with a bearer token: the parsed JSON body, or an error naming the request and the answer. */
export type TRestApi = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * An editor's API token, made the way a user makes one (Settings → API tokens, on the product's
 * page, which must be logged in), and a REST client with it: a test sets up the DAGs and runs it
 * needs in its own body instead of relying on an earlier test having made them.
 */
export async function restApi(product: TProduct): Promise<TRestApi> {
  const { page, base } = product;
  await page.goto(`${base}/w/demo/settings/tokens`);
  await page.getByLabel('Name').fill('e2e setup');
  await page.getByLabel('Role', { exact: true }).selectOption('editor');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = page.getByLabel('API token e2e setup');
  const token = await waitFor(async () => (await secret.count()) === 1 && (await secret.inputValue()), { timeoutMs: 15_000, what: 'the new API token on the tokens page' });
  return async <T>(method: string, apiPath: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}/api/v1${apiPath}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'application/yaml' : 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /api/v1${apiPath} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

/**
 * A describe block's product, as most browser tests start: `npm start`ed, signed in as the demo
 * user, with an editor token for REST, before the block's tests, and stopped after them.
 */
export function useSignedInProduct(onStarted: (started: { product: TProduct; api: TRestApi }) => void): void {
  let product: TProduct | undefined;
  beforeAll(async () => {
    product = await startProduct();
    await logIn(product);
    onStarted({ product, api: await restApi(product) });
  }, START_TIMEOUT_MS);
  afterAll(() => product?.stop(), 60_000);
}

type TRunJson = { dag_run_id: string; state: string };

/** Unpauses `dagId` (a manual run of a paused DAG waits), triggers a run through REST and waits until it succeeded. */
export async function succeededRun(api: TRestApi, dagId: string): Promise<TRunJson> {
  await api('PATCH', `/dags/${dagId}`, { is_paused: false });
  const triggered = await api<TRunJson>('POST', `/dags/${dagId}/dagRuns`, {});
  let last = triggered;
  try {
    await waitFor(async () => {
      last = await api<TRunJson>('GET', `/dags/${dagId}/dagRuns/${encodeURIComponent(triggered.dag_run_id)}`);
      return last.state !== 'queued' && last.state !== 'running';
    }, { timeoutMs: 60_000 });
  } catch (error) {
    // A refused request says why itself; a timeout says where the run stopped.
    if (!(error instanceof Error) || !error.message.startsWith('timed out')) throw error;
    throw new Error(`run ${triggered.dag_run_id} of ${dagId} did not finish within 60 s (last state: ${last.state})`);
  }
  if (last.state !== 'success') throw new Error(`run ${triggered.dag_run_id} of ${dagId} ended ${last.state}, not success`);
  return last;
}

/**
 * A viewer of the demo workspace, in a browser context of their own: the owner invites a new
 * address, which signs up through the invitation link and accepts it.
 */
export async function viewerPage(product: TProduct, name = 'E2E Viewer'): Promise<{ page: Page; email: string }> {
  const { page, base, browser } = product;
  const email = `viewer${randomBytes(3).toString('hex')}@example.com`;
  await page.goto(`${base}/w/demo/settings/members`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('viewer');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  const link = page.getByLabel(`Invitation link for ${email}`);
  await expect.poll(() => link.inputValue(), { timeout: 15_000 }).toContain('/invite/');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const viewer = await context.newPage();
  await viewer.goto(await link.inputValue());
  await viewer.getByRole('link', { name: 'Sign up' }).click();
  await viewer.getByLabel('Name').fill(name);
  await viewer.getByLabel('Email').fill(email);
  await viewer.getByLabel('Password').fill('correct horse battery staple');
  await viewer.getByRole('button', { name: 'Create account' }).click();
  await viewer.waitForURL('**/invite/**');
  await viewer.getByRole('button', { name: 'Accept invitation' }).click();
  await viewer.waitForURL('**/w/demo/**');
  return { page: viewer, email };
}
