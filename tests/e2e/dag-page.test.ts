import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, succeededRun, type TProduct, type TRestApi, useSignedInProduct } from './support';

/** A task's square in the newest run (the rightmost column): unpausing may add a scheduled run too. */
const newestSquare = (page: Page, taskId: string) => page.locator(`button[data-task="${taskId}"]`).last();
const stateOf = (page: Page, taskId: string) => newestSquare(page, taskId).getAttribute('data-state');
const panel = (page: Page) => page.getByRole('complementary', { name: /^Task instance / });

/** Opens a DAG from the list and makes sure it is unpaused, so its runs start. */
async function openDag(product: TProduct, dagId: string) {
  const { page, base } = product;
  await page.goto(`${base}/w/demo/dags`);
  await page.getByRole('link', { name: dagId, exact: true }).click();
  await page.waitForURL(`**/w/demo/dags/${dagId}`);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).toBe(dagId);
  const toggle = page.getByRole('switch', { name: new RegExp(`^${dagId}:`) });
  if ((await toggle.getAttribute('aria-checked')) === 'false') await toggle.click();
  await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 15_000 }).toBe('true');
}

// Fails until the variable orders_ready is "yes": the 2 a.m. fix is a variable and a clear.
const ORDERS_GATE = `dag_id: orders_gate
default_args:
  retries: 0
tasks:
  - task_id: check_orders
    type: bash
    bash_command: |
      if [ "{{ var.value.orders_ready | default: "no" }}" = yes ]; then echo "orders are ready"; else echo "orders are not ready"; exit 1; fi
  - task_id: publish
    type: bash
    bash_command: echo "published"
    depends_on: [check_orders]
`;

// Two tasks in a row for the keyboard and the run panel; empty tasks succeed at once.
const GRID_KEYS = `dag_id: grid_keys
tasks:
  - task_id: check_orders
    type: empty
  - task_id: publish
    type: empty
    depends_on: [check_orders]
`;

describe('the DAG page: grid, task instance panel, clear and backfill', () => {
  let product: TProduct;
  let api: TRestApi;

  useSignedInProduct((started) => ({ product, api } = started));

  it('triggers hello_world and watches its squares turn success', async () => {
    const { page } = product;
    await openDag(product, 'hello_world');
    await page.getByRole('button', { name: 'Trigger', exact: true }).click();
    await page.getByRole('textbox', { name: 'Conf (JSON)' }).fill('{"x": ');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Not valid JSON');
    await page.getByRole('textbox', { name: 'Conf (JSON)' }).fill('{"greeting": "hi"}');
    await page.getByRole('button', { name: 'Trigger run' }).click();
    await expect.poll(() => stateOf(page, 'print_goodbye'), { timeout: 60_000, interval: 500 }).toBe('success');
    await expect.poll(() => stateOf(page, 'print_hello'), { timeout: 15_000 }).toBe('success');
    expect(await page.getByRole('list', { name: 'Legend' }).textContent()).toContain('upstream_failed');
    await screenshot(page, 'dag-grid');
  }, 90_000);

  it('opens a square’s panel with the log of its try, and closes it with Escape', async () => {
    const { page, base } = product;
    await succeededRun(api, 'hello_world');
    await page.goto(`${base}/w/demo/dags/hello_world`);
    await newestSquare(page, 'print_hello').click();
    await expect.poll(() => panel(page).getByRole('region', { name: 'Log of print_hello, try 1' }).textContent(), { timeout: 15_000 }).toContain('hello!');
    expect(await panel(page).textContent()).toContain('bash');
    await screenshot(page, 'ti-panel');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).count()).toBe(0);
  }, 90_000);

  it('clears a successful task from the panel: a dry run first, then it runs again as try 2', async () => {
    const { page, base } = product;
    await succeededRun(api, 'hello_world');
    await page.goto(`${base}/w/demo/dags/hello_world`);
    await newestSquare(page, 'print_hello').click();
    await panel(page).getByRole('button', { name: 'Clear…' }).click();
    await panel(page).getByLabel('Only failed').uncheck();
    await panel(page).getByRole('button', { name: 'Preview what will be cleared' }).click();
    const toClear = panel(page).getByRole('list', { name: 'Task instances to clear' });
    await expect.poll(() => toClear.textContent(), { timeout: 15_000 }).toContain('print_hello');
    expect(await toClear.textContent()).toContain('print_goodbye');
    await panel(page).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => panel(page).getByRole('tab', { name: /^Try 2 / }).count(), { timeout: 60_000, interval: 500 }).toBe(1);
    await expect.poll(() => stateOf(page, 'print_goodbye'), { timeout: 60_000, interval: 500 }).toBe('success');
    await page.keyboard.press('Escape');
  }, 120_000);

  it('authors a DAG that fails, fixes its variable, clears the failed task and sees it re-run green', async () => {
    const { page, base } = product;
    await page.goto(`${base}/w/demo/dags/new`);
    await expect.poll(() => page.getByText('No problems: 1 task.').count(), { timeout: 15_000 }).toBe(1);
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(ORDERS_GATE);
    await expect.poll(() => page.getByText('No problems: 2 tasks.').count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText('Saved version 1').count(), { timeout: 15_000 }).toBe(1);

    await openDag(product, 'orders_gate');
    await page.getByRole('button', { name: 'Trigger', exact: true }).click();
    await page.getByRole('button', { name: 'Trigger run' }).click();
    await expect.poll(() => stateOf(page, 'check_orders'), { timeout: 60_000, interval: 500 }).toBe('failed');
    await expect.poll(() => stateOf(page, 'publish'), { timeout: 15_000, interval: 500 }).toBe('upstream_failed');
    await newestSquare(page, 'check_orders').click();
    await expect.poll(() => panel(page).getByRole('region', { name: 'Log of check_orders, try 1' }).textContent(), { timeout: 15_000 })
      .toContain('orders are not ready');
    await screenshot(page, 'failed-task');

    // The fix: set the variable in Settings, then clear only the failed instances.
    await page.goto(`${base}/w/demo/settings/variables`);
    await page.getByLabel('Key').fill('orders_ready');
    await page.getByLabel('Value').fill('yes');
    await page.getByRole('button', { name: 'Add variable' }).click();
    await expect.poll(() => page.getByRole('row', { name: /orders_ready/ }).count(), { timeout: 15_000 }).toBe(1);

    await page.goto(`${base}/w/demo/dags/orders_gate`);
    await newestSquare(page, 'check_orders').click();
    await panel(page).getByRole('button', { name: 'Clear…' }).click();
    await panel(page).getByLabel('Only failed').check();
    await panel(page).getByRole('button', { name: 'Preview what will be cleared' }).click();
    const toClear = panel(page).getByRole('list', { name: 'Task instances to clear' });
    await expect.poll(() => toClear.textContent(), { timeout: 15_000 }).toContain('check_orders');
    expect(await toClear.textContent()).toContain('publish');
    await panel(page).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => stateOf(page, 'publish'), { timeout: 60_000, interval: 500 }).toBe('success');
    await expect.poll(() => stateOf(page, 'check_orders'), { timeout: 15_000 }).toBe('success');
    await expect.poll(() => panel(page).getByRole('region', { name: 'Log of check_orders, try 2' }).textContent(), { timeout: 15_000 })
      .toContain('orders are ready');
    await screenshot(page, 'cleared-task');
    await page.keyboard.press('Escape');
    // Clearing a task of the run counts as the run's first clear.
    await page.locator('button[data-run]:not([data-task])').last().click();
    await expect.poll(() => page.getByRole('complementary', { name: /^Run manual__/ }).textContent(), { timeout: 15_000 }).toContain('Cleared1 time');
    await page.keyboard.press('Escape');
  }, 180_000);

  it('moves through the grid with the keyboard, and re-runs a whole run from its panel', async () => {
    const { page, base } = product;
    await api('PUT', '/dags/grid_keys', GRID_KEYS);
    await succeededRun(api, 'grid_keys');
    await page.goto(`${base}/w/demo/dags/grid_keys`);
    await newestSquare(page, 'check_orders').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-task')), { timeout: 15_000 }).toBe('publish');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel(page).getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toBe('publish');
    await page.keyboard.press('Escape');

    await page.locator('button[data-run]:not([data-task])').last().click();
    const runPanel = page.getByRole('complementary', { name: /^Run manual__/ });
    await expect.poll(() => runPanel.getByRole('list', { name: 'Task instances by state' }).textContent(), { timeout: 15_000 }).toContain('success 2');
    // The same answer as the states above: the run has not been cleared yet.
    expect(await runPanel.textContent()).toContain('Clearednever');
    await runPanel.getByRole('button', { name: 'Clear run…' }).click();
    await runPanel.getByLabel('Only failed tasks').uncheck();
    await runPanel.getByRole('button', { name: 'Preview what will be cleared' }).click();
    const toClear = runPanel.getByRole('list', { name: 'Task instances to clear' });
    await expect.poll(() => toClear.locator('li').count(), { timeout: 15_000 }).toBe(2);
    await runPanel.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => runPanel.textContent(), { timeout: 60_000, interval: 500 }).toContain('Cleared1 time');
    await expect.poll(() => runPanel.getByRole('list', { name: 'Task instances by state' }).textContent(), { timeout: 60_000, interval: 500 }).toContain('success 2');
    await screenshot(page, 'run-panel');
    await page.keyboard.press('Escape');
  }, 120_000);

  it('backfills three days of daily_orders: the plan, then Confirm and its progress', async () => {
    const { page } = product;
    await openDag(product, 'daily_orders');
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await page.waitForURL('**/dags/daily_orders/runs');
    await page.getByRole('button', { name: 'Backfill…' }).click();
    await page.getByLabel('From (logical date)').fill('2025-01-01');
    await page.getByLabel('To (logical date, inclusive)').fill('2025-01-03');
    await page.getByRole('button', { name: 'Preview plan' }).click();
    const plan = page.getByRole('table', { name: 'Backfill plan' });
    await expect.poll(() => plan.locator('tbody tr').count(), { timeout: 15_000 }).toBe(3);
    expect(await plan.textContent()).toContain('2025-01-02');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('backfill-success').textContent(), { timeout: 120_000, interval: 1_000 }).toBe('3');
    expect(await page.getByTestId('backfill-total').textContent()).toBe('3');
    await screenshot(page, 'backfill');
  }, 180_000);

  it('on a paused DAG, says a backfill runs anyway, and a trigger waits unless it unpauses first', async () => {
    const { page, base } = product;
    await page.goto(`${base}/w/demo/dags/hello_world_v2/runs`);
    const toggle = page.getByRole('switch', { name: /^hello_world_v2:/ });
    await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 15_000 }).toBe('false');

    await page.getByRole('button', { name: 'Backfill…' }).click();
    await expect.poll(() => page.getByRole('note').filter({ hasText: 'This DAG is paused' }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Trigger', exact: true }).click();
    await expect.poll(() => page.getByRole('note').filter({ hasText: 'Paused: this run will wait until you unpause the DAG.' }).count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, 'trigger-paused');
    await page.getByRole('button', { name: 'Unpause and trigger' }).click();
    await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => page.getByRole('table').filter({ hasText: 'manual__' }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
  }, 90_000);
});
