import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dagHref } from '../../app/components/links';
import { waitFor } from '../support/test-database';
import { logIn, restApi, screenshot, START_TIMEOUT_MS, startProduct, type TProduct, type TRestApi } from './support';
import { watchConsole } from './console-errors';

type TRun = { dag_run_id: string; state: string; run_type: string; logical_date: string };
type TInstance = { state: string | null; try_number: number; max_tries: number; start_date: string | null };

const DAG = 'grid_history';
/**
 * Groups both ways: `reports` by the spec's `group`, `extract` by the id prefix two tasks share.
 * `flaky` fails both its tries in the manual run only (retries: 1), so that run's square reads
 * "Try 2 of 2" and its reports are upstream_failed; every other run succeeds.
 */
const SPEC = `dag_id: ${DAG}
schedule: "@daily"
start_date: 2025-01-01
catchup: false
tasks:
  - { task_id: start, type: empty }
  - { task_id: extract.orders, type: empty, depends_on: [start] }
  - { task_id: extract.users, type: empty, depends_on: [start] }
  - task_id: flaky
    type: bash
    retries: 1
    retry_delay: 1
    bash_command: 'case "{{ run_id }}" in manual__*) exit 3;; esac'
    depends_on: [extract.orders, extract.users]
  - { task_id: report_a, type: empty, group: reports, depends_on: [flaky] }
  - { task_id: report_b, type: empty, group: reports, depends_on: [flaky] }
`;

const columns = (page: Page) => page.locator('section[aria-label="Grid"] thead button[data-run]');
const head = (page: Page, runId: string) => page.locator('section[aria-label="Grid"] thead th').filter({ has: page.locator(`button[data-run="${runId}"]`) });
const card = (page: Page) => page.getByRole('tooltip');


describe('the grid: dates, run types, how many runs, hover card, task groups', () => {
  let product: TProduct;
  let api: TRestApi;
  let consoleErrors: () => string[];
  let runs: TRun[];

  beforeAll(async () => {
    product = await startProduct();
    consoleErrors = watchConsole(product.page).unexpected;
    await logIn(product);
    api = await restApi(product);
    await api('PUT', `/dags/${DAG}`, SPEC);
    // Unpaused: the scheduler makes the latest interval's scheduled run (catchup is off).
    await api('PATCH', `/dags/${DAG}`, { is_paused: false });
    await api('POST', '/backfills', { dag_id: DAG, from_date: '2025-01-01', to_date: '2025-02-09', max_active_runs: 20 });
    await api('POST', `/dags/${DAG}/dagRuns`, {});
    await waitFor(async () => {
      const page = await api<{ dag_runs: TRun[]; total_entries: number }>('GET', `/dags/${DAG}/dagRuns?limit=100`);
      runs = page.dag_runs;
      return page.total_entries >= 42 && runs.every((run) => run.state === (run.run_type === 'manual' ? 'failed' : 'success'));
    }, { timeoutMs: 240_000, what: `every run of ${DAG} to finish, the manual one failed` });
    runs.sort((a, b) => a.logical_date.localeCompare(b.logical_date));
  }, START_TIMEOUT_MS + 240_000);
  afterAll(() => product?.stop(), 60_000);

  const runOfType = (type: string) => runs.filter((run) => run.run_type === type).at(-1)!;

  it('heads each column with its logical date and marks manual and backfill runs', async () => {
    const { page, base } = product;
    await page.goto(`${base}${dagHref('demo', DAG)}?runs=100`);
    await expect.poll(() => columns(page).count(), { timeout: 30_000 }).toBe(runs.length);
    for (const run of [runOfType('scheduled'), runOfType('manual'), runOfType('backfill')]) {
      const date = head(page, run.dag_run_id).locator('time');
      expect(await date.getAttribute('datetime')).toBe(new Date(run.logical_date).toISOString());
      // Compact in the head ("02-09 00:00"), the whole date on hover.
      expect(await date.textContent()).toBe(new Date(run.logical_date).toISOString().slice(5, 16).replace('T', ' '));
      expect(await date.getAttribute('title')).toContain(new Date(run.logical_date).toISOString().slice(0, 10));
    }
    const mark = (run: TRun) => head(page, run.dag_run_id).getByRole('img');
    expect(await mark(runOfType('manual')).getAttribute('aria-label')).toBe('Manual run');
    expect(await mark(runOfType('manual')).textContent()).toBe('M');
    expect(await mark(runOfType('backfill')).getAttribute('aria-label')).toBe('Backfill run');
    expect(await mark(runOfType('backfill')).textContent()).toBe('B');
    expect(await mark(runOfType('scheduled')).count()).toBe(0);
    await screenshot(page, 'grid-dates-marks');
    expect(consoleErrors()).toEqual([]);
  }, 120_000);

  it('shows 25 runs by default; choosing 100 changes the columns and the URL, and the browser remembers it', async () => {
    const { page, base } = product;
    await page.goto(`${base}${dagHref('demo', DAG)}`);
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await expect.poll(() => columns(page).count(), { timeout: 30_000 }).toBe(25);
    // The newest 25: the last column is the newest run.
    expect(await columns(page).last().getAttribute('data-run')).toBe(runs.at(-1)!.dag_run_id);
    await page.getByLabel('Runs shown').selectOption('100');
    await expect.poll(() => columns(page).count(), { timeout: 30_000 }).toBe(runs.length);
    expect(new URL(page.url()).searchParams.get('runs')).toBe('100');
    // Opening and closing a panel keeps the choice in the URL.
    await page.locator(`button[data-run="${runs.at(-1)!.dag_run_id}"][data-task="start"]`).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toContain('/tasks/start');
    expect(new URL(page.url()).searchParams.get('runs')).toBe('100');
    await page.keyboard.press('Escape');
    // A fresh visit without ?runs= starts from the browser's last choice.
    await page.goto(`${base}${dagHref('demo', DAG)}`);
    await expect.poll(() => columns(page).count(), { timeout: 30_000 }).toBe(runs.length);
    expect(await page.getByLabel('Runs shown').inputValue()).toBe('100');
    await page.getByLabel('Runs shown').selectOption('25');
    await expect.poll(() => columns(page).count(), { timeout: 30_000 }).toBe(25);
    expect(consoleErrors()).toEqual([]);
  }, 120_000);

  it("shows a square's state, try n of m, times, queued time and operator in one hover card", async () => {
    const { page, base } = product;
    const run = runOfType('manual');
    const ti = await api<TInstance>('GET', `/dags/${DAG}/dagRuns/${encodeURIComponent(run.dag_run_id)}/taskInstances/flaky`);
    expect([ti.state, ti.try_number, ti.max_tries]).toEqual(['failed', 2, 2]);
    await page.goto(`${base}${dagHref('demo', DAG)}`);
    const square = page.locator(`button[data-run="${run.dag_run_id}"][data-task="flaky"]`);
    await square.hover();
    await expect.poll(() => card(page).count(), { timeout: 15_000 }).toBe(1);
    const text = (await card(page).textContent()) ?? '';
    expect(text).toContain('flaky');
    expect(text).toContain('failed');
    expect(text).toContain('Try 2 of 2');
    expect(text).toContain(ti.start_date!.slice(0, 10));
    expect(text).toMatch(/Queued\d/);
    expect(text).toContain('Operatorbash');
    // The same card moves to the next square: still one.
    await page.locator(`button[data-run="${run.dag_run_id}"][data-task="start"]`).hover();
    await expect.poll(async () => (await card(page).textContent()) ?? '', { timeout: 15_000 }).toContain('Operatorempty');
    expect(await card(page).count()).toBe(1);
    expect(await card(page).textContent()).toContain('Try 1 of 1');
    await screenshot(page, 'grid-hover-card');
    await page.mouse.move(0, 0);
    await expect.poll(() => card(page).count(), { timeout: 15_000 }).toBe(0);
    expect(consoleErrors()).toEqual([]);
  }, 60_000);

  it('folds a task group into one row of its worst state, and unfolds it', async () => {
    const { page, base } = product;
    await page.goto(`${base}${dagHref('demo', DAG)}`);
    const grid = page.locator('section[aria-label="Grid"]');
    for (const name of ['extract', 'reports']) {
      const toggle = grid.getByRole('button', { name: `${name} (2)`, exact: true });
      await expect.poll(() => toggle.getAttribute('aria-expanded'), { timeout: 30_000 }).toBe('true');
    }
    const reports = grid.getByRole('button', { name: 'reports (2)', exact: true });
    expect(await grid.locator('button[data-task="report_a"]').count()).toBe(25);
    await reports.click();
    expect(await reports.getAttribute('aria-expanded')).toBe('false');
    expect(await grid.locator('button[data-task="report_a"], button[data-task="report_b"]').count()).toBe(0);
    // The folded row: one square per run, the worst state of its tasks.
    const folded = grid.locator('[data-group="reports"]');
    expect(await folded.count()).toBe(25);
    const states = await folded.evaluateAll((squares) => squares.map((square) => square.getAttribute('data-state')));
    expect(states.at(-1)).toBe('upstream_failed');
    expect(new Set(states.slice(0, -1))).toEqual(new Set(['success']));
    // The other group and the ungrouped tasks stay as they were.
    expect(await grid.locator('button[data-task="extract.orders"]').count()).toBe(25);
    await screenshot(page, 'grid-group-folded');
    await reports.click();
    expect(await reports.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => grid.locator('button[data-task="report_b"]').count(), { timeout: 15_000 }).toBe(25);
    expect(consoleErrors()).toEqual([]);
  }, 60_000);
});
