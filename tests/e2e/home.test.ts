import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/test-database';
import { logIn, restApi, screenshot, START_TIMEOUT_MS, startProduct, type TProduct, type TRestApi } from './support';
import { watchConsole } from './console-errors';

const FAILING = `dag_id: home_failing
default_args: { owner: home_team, retries: 0 }
tasks:
  - { task_id: break, type: bash, bash_command: "exit 3" }
`;
// Runs for the length of the test file, so it is "in progress" whenever the home is looked at.
const RUNNING = `dag_id: home_running
default_args: { owner: home_team, retries: 0 }
tasks:
  - { task_id: first, type: empty }
  - { task_id: long, type: bash, bash_command: "sleep 600", depends_on: first }
`;
const LISTED = `dag_id: home_listed
schedule: "@hourly"
start_date: 2024-01-01
tasks:
  - { task_id: only, type: empty }
`;

type TRun = { dag_run_id: string; state: string };


/** Deploys, unpauses and triggers `dagId`, then waits until its run is in `state`. */
async function runUntil(api: TRestApi, dagId: string, source: string, state: (run: TRun) => boolean): Promise<TRun> {
  await api('PUT', `/dags/${dagId}`, source);
  await api('PATCH', `/dags/${dagId}`, { is_paused: false });
  const triggered = await api<TRun>('POST', `/dags/${dagId}/dagRuns`, {});
  return waitFor(async () => {
    const run = await api<TRun>('GET', `/dags/${dagId}/dagRuns/${encodeURIComponent(triggered.dag_run_id)}`);
    return state(run) ? run : null;
  }, { timeoutMs: 60_000, what: `run of ${dagId}` });
}

const section = (page: Page, name: string) => page.getByRole('region', { name });
const listRow = (page: Page, dagId: string) => page.locator('table.dag-table tbody tr', { has: page.getByRole('link', { name: dagId, exact: true }) });

describe('workspace home, task-instance browser and DAG list', () => {
  let product: TProduct;
  let api: TRestApi;
  let failed: TRun;
  let running: TRun;
  let errors: () => string[];

  beforeAll(async () => {
    product = await startProduct();
    await logIn(product);
    api = await restApi(product);
    failed = await runUntil(api, 'home_failing', FAILING, (run) => run.state === 'failed');
    running = await runUntil(api, 'home_running', RUNNING, (run) => run.state === 'running');
    errors = watchConsole(product.page).unexpected;
  }, START_TIMEOUT_MS);
  afterAll(() => product?.stop(), 60_000);

  it('lands on the home, which shows the failing DAG and the running one, each in its section', async () => {
    const { page, base } = product;
    await page.goto(`${base}/`);
    await page.waitForURL(`${base}/w/demo`);
    const failing = section(page, 'DAGs failing now');
    await expect.poll(() => failing.getByRole('link', { name: 'home_failing', exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(await failing.getByRole('link', { name: `Failed run ${failed.dag_run_id} of home_failing` }).getAttribute('href')).toBe(
      `/w/demo/dags/home_failing/runs/${encodeURIComponent(failed.dag_run_id)}`,
    );
    expect(await failing.textContent()).not.toContain('home_running');
    const inProgress = section(page, 'Runs in progress');
    expect(await inProgress.getByRole('link', { name: 'home_running', exact: true }).getAttribute('href')).toBe(
      `/w/demo/dags/home_running/runs/${encodeURIComponent(running.dag_run_id)}`,
    );
    expect(await inProgress.textContent()).toMatch(/1 \/ 2 tasks/);
    expect(await inProgress.textContent()).not.toContain('home_failing');
    const deploys = section(page, 'Recent deploys');
    expect(await deploys.getByRole('link', { name: 'Code of home_running v1' }).getAttribute('href')).toBe('/w/demo/dags/home_running/code');
    await screenshot(page, 'home');
    // The last 24 h: the failed task's count opens the browser on exactly that.
    await section(page, 'Last 24 hours').getByRole('link', { name: /^Task instances: \d+ failed$/ }).click();
    await page.waitForURL(/\/w\/demo\/task-instances\?state=failed&from=/);
    const rows = page.locator('table.dag-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await rows.allTextContents()).toEqual((await rows.allTextContents()).filter((text) => text.includes('failed')));
    expect(await rows.filter({ hasText: 'home_failing' }).count()).toBe(1);
    expect(errors()).toEqual([]);
  });

  it('filters task instances by state, DAG, run state and owner, in the URL, each row linking to its task', async () => {
    const { page, base } = product;
    await page.goto(`${base}/w/demo/task-instances`);
    const rows = page.locator('table.dag-table tbody tr');
    await expect.poll(() => rows.filter({ hasText: 'home_running' }).count(), { timeout: 15_000 }).toBe(2);
    await page.getByLabel('State', { exact: true }).selectOption('running');
    await page.waitForURL(/[?&]state=running/);
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('home_running')]);
    await page.getByLabel('DAG', { exact: true }).fill('home_failing');
    await page.getByLabel('DAG', { exact: true }).press('Enter');
    await page.waitForURL(/dag_id=home_failing/);
    await expect.poll(() => page.getByText('No task instance matches these filters.').count()).toBe(1);
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL(`${base}/w/demo/task-instances`);
    await page.goto(`${base}/w/demo/task-instances?run_state=running&owner=home_team`);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByLabel('Owner').inputValue()).toBe('home_team');
    const task = rows.getByRole('link', { name: 'long', exact: true });
    expect(await task.getAttribute('href')).toBe(`/w/demo/dags/home_running/runs/${encodeURIComponent(running.dag_run_id)}/tasks/long`);
    await page.goto(`${base}/w/demo/task-instances?state=broken`);
    await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 }).toContain("state: 'broken' is not a task instance state.");
    expect(errors()).toEqual([]);
  });

  it('DAG list: unpausing shows the next run without a reload; Trigger adds a run; each dot links to its run', async () => {
    const { page, base } = product;
    await api('PUT', '/dags/home_listed', LISTED);
    await page.goto(`${base}/w/demo/dags`);
    const row = listRow(page, 'home_listed');
    const nextRun = row.locator('td').nth(6);
    await expect.poll(() => nextRun.textContent(), { timeout: 15_000 }).toBe('—');
    await row.getByRole('switch', { name: /^home_listed:/ }).click();
    // The list refreshes itself every 15 s anyway: the next run must come well before that.
    await expect.poll(() => nextRun.textContent(), { timeout: 8_000, interval: 250 }).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(await row.locator('td').nth(5).textContent()).toMatch(/UTC$/);

    await row.getByRole('button', { name: 'Trigger home_listed' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trigger home_listed' });
    await dialog.getByRole('button', { name: 'Trigger run' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const manualDot = row.getByRole('link', { name: /^\w+: manual__/ });
    await expect.poll(() => manualDot.count(), { timeout: 20_000 }).toBe(1);
    const runId = (await manualDot.getAttribute('aria-label'))!.replace(/^\w+: /, '');
    await manualDot.click();
    await page.waitForURL(`${base}/w/demo/dags/home_listed/runs/${encodeURIComponent(runId)}`);
    expect(errors()).toEqual([]);
  });
});
