import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/test-database';
import { watchConsole } from './console-errors';
import { screenshot, type TProduct, type TRestApi, useSignedInProduct } from './support';

// Version 1 fails at `load`; version 2 is the on-call engineer's fix.
const BROKEN = `dag_id: nightly_load
schedule: null
default_args:
  retries: 0
tasks:
  - task_id: load
    type: bash
    bash_command: echo "table orders is missing"; exit 1
  - task_id: publish
    type: empty
    depends_on: [load]
`;
const FIXED = BROKEN.replace('echo "table orders is missing"; exit 1', 'echo "loaded orders"');

type TRun = { dag_run_id: string; state: string; dag_version: number; clear_number: number };

const panel = (page: Page) => page.getByRole('complementary', { name: /^Task instance / });
/** A task's square in the newest run (the rightmost column). */
const newestSquare = (page: Page, taskId: string) => page.locator(`button[data-task="${taskId}"]`).last();

/** Waits until the run has finished after being cleared `clears` times, and returns it. */
async function finishedRun(api: TRestApi, runId: string, clears = 0): Promise<TRun> {
  return waitFor(async () => {
    const run = await api<TRun>('GET', `/dags/nightly_load/dagRuns/${encodeURIComponent(runId)}`);
    return run.clear_number >= clears && run.state !== 'queued' && run.state !== 'running' && run;
  }, { timeoutMs: 60_000, what: `run ${runId} to finish` });
}

describe('Clear after a fix re-runs the fixed version, in a real browser', () => {
  let product: TProduct;
  let api: TRestApi;

  useSignedInProduct((started) => ({ product, api } = started));

  it('clears the failed task from its square on the latest version by default, and the run turns green', async () => {
    const { page, base } = product;
    await api('PUT', '/dags/nightly_load', BROKEN);
    await api('PATCH', '/dags/nightly_load', { is_paused: false });
    const triggered = await api<TRun>('POST', '/dags/nightly_load/dagRuns', {});
    expect(await finishedRun(api, triggered.dag_run_id)).toMatchObject({ state: 'failed', dag_version: 1 });
    // The fix is deployed after the run failed: the run stays pinned to version 1.
    await api('PUT', '/dags/nightly_load', FIXED);

    const pageErrors = watchConsole(page);
    await page.goto(`${base}/w/demo/dags/nightly_load`);
    await expect.poll(() => newestSquare(page, 'load').getAttribute('data-state'), { timeout: 15_000 }).toBe('failed');
    await newestSquare(page, 'load').click();
    await panel(page).getByRole('button', { name: 'Clear…' }).click();
    await panel(page).getByRole('button', { name: 'Preview what will be cleared' }).click();
    const toClear = panel(page).getByRole('list', { name: 'Task instances to clear' });
    await expect.poll(() => toClear.textContent(), { timeout: 15_000 }).toContain('load (failed)');
    expect(await toClear.textContent()).toContain('publish (upstream_failed)');

    // The dialog says which version each choice runs, and picks the fix. (Deployed through an
    // API token, so no person is named as the deployer.)
    const versions = panel(page).getByRole('group', { name: 'Version to run' });
    const latest = versions.getByRole('radio', { name: /^Latest version 2 \(deployed \d{4}-/ });
    const pinned = versions.getByRole('radio', { name: /^Pinned version 1 \(deployed \d{4}-/ });
    await expect.poll(() => latest.isChecked(), { timeout: 15_000 }).toBe(true);
    expect(await pinned.isChecked()).toBe(false);
    await screenshot(page, 'clear-latest-version');
    await panel(page).getByRole('button', { name: 'Confirm' }).click();

    expect(await finishedRun(api, triggered.dag_run_id, 1)).toMatchObject({ state: 'success', dag_version: 2 });
    await expect.poll(() => newestSquare(page, 'publish').getAttribute('data-state'), { timeout: 15_000, interval: 500 }).toBe('success');
    expect(await newestSquare(page, 'load').getAttribute('data-state')).toBe('success');
    const load = await api<{ state: string; try_number: number }>('GET', `/dags/nightly_load/dagRuns/${encodeURIComponent(triggered.dag_run_id)}/taskInstances/load`);
    expect([load.state, load.try_number]).toEqual(['success', 2]);
    expect(pageErrors.unexpected()).toEqual([]);
  }, 180_000);
});
