import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dagHref, runHref } from '../../app/components/links';
import { waitFor } from '../support/test-database';
import { watchConsole } from './console-errors';
import { screenshot, type TProduct, type TRestApi, useSignedInProduct } from './support';

const DAG_ID = 'incident_e2e';
// No retries: the first failure is final, so it opens an incident at once.
const SPEC = `dag_id: ${DAG_ID}
description: Fails on purpose, for the incidents browser test.
default_args: { retries: 0, owner: oncall }
tasks:
  - { task_id: load_orders, type: bash, bash_command: "echo loading orders; echo disk full on warehouse >&2; exit 3" }
`;

type TRunJson = { dag_run_id: string; state: string };

const toasts = (page: Page) => page.getByRole('region', { name: /^Notifications/ });
const pathOf = (page: Page) => new URL(page.url()).pathname;

/** Unpauses the DAG, triggers a run through REST and waits until the real engine has failed it. */
async function failedRun(api: TRestApi): Promise<string> {
  await api('PATCH', `/dags/${DAG_ID}`, { is_paused: false });
  const triggered = await api<TRunJson>('POST', `/dags/${DAG_ID}/dagRuns`, {});
  const path = `/dags/${DAG_ID}/dagRuns/${encodeURIComponent(triggered.dag_run_id)}`;
  const last = await waitFor(async () => {
    const run = await api<TRunJson>('GET', path);
    return run.state === 'queued' || run.state === 'running' ? null : run;
  }, { timeoutMs: 60_000, what: `run ${triggered.dag_run_id} to end` });
  expect(last.state).toBe('failed');
  return triggered.dag_run_id;
}

/** A toast whose text contains `text` appeared. */
async function expectToast(page: Page, text: string) {
  await expect.poll(() => toasts(page).locator('li').filter({ hasText: text }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
}

describe('incidents in the browser: from a failure to a written post-mortem', () => {
  let product: TProduct;
  let api: TRestApi;

  useSignedInProduct((started) => ({ product, api } = started));

  it('opens the incident from the grid mark, acknowledges and resolves it, publishes the post-mortem, finds it listed, and notes the run', async () => {
    const { page, base } = product;
    await api('PUT', `/dags/${DAG_ID}`, SPEC);
    const runId = await failedRun(api);
    const errors = watchConsole(page);

    // The grid marks the failed run: the alert relay opened an incident from its failure.
    await page.goto(`${base}${dagHref('demo', DAG_ID)}`);
    const incidentMark = page.locator(`a[data-incident-mark="${runId}"]`);
    await expect.poll(async () => {
      if ((await incidentMark.count()) === 0) await page.reload();
      return incidentMark.count();
    }, { timeout: 30_000, interval: 1_000 }).toBe(1);
    await incidentMark.hover();
    const card = page.locator('[data-radix-popper-content-wrapper]').filter({ hasText: `${DAG_ID} is failing` });
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'incidents-grid-mark');

    // The home lists it while it is open.
    await incidentMark.click();
    await page.waitForURL('**/w/demo/incidents/**');
    const incidentPath = pathOf(page);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: `${DAG_ID} is failing` }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('[data-incident-state="open"]').first().textContent()).toContain('open');

    // The timeline's failure links to that try's log.
    const failure = page.locator('li[data-kind="failure"]');
    await expect.poll(() => failure.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await failure.first().textContent()).toContain(`load_orders in ${runId} failed (try 1)`);
    expect(await failure.first().getByRole('link').getAttribute('href')).toBe(`${runHref('demo', DAG_ID, runId)}/tasks/load_orders?try=1`);

    await page.goto(`${base}/w/demo`);
    const openSection = page.getByRole('region', { name: 'Open incidents' });
    await expect.poll(() => openSection.getByRole('link', { name: `${DAG_ID} is failing` }).count(), { timeout: 15_000 }).toBe(1);
    await openSection.getByRole('link', { name: `${DAG_ID} is failing` }).click();
    await expect.poll(() => pathOf(page), { timeout: 15_000 }).toBe(incidentPath);

    // Acknowledge: the page says who.
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expectToast(page, 'Incident acknowledged');
    await expect.poll(() => page.locator('[data-fact="acknowledged"]').textContent(), { timeout: 15_000 }).toContain('by demo@tributary.local');
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);

    // Resolve by hand: Tributary writes the first draft of the post-mortem.
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expectToast(page, 'Incident resolved');
    const productDraft = page.locator('[data-postmortem-status="product-draft"]');
    await expect.poll(() => productDraft.count(), { timeout: 15_000 }).toBe(1);
    expect(await productDraft.textContent()).toContain('Draft written by Tributary from the incident');
    const rendered = page.getByRole('article', { name: 'Post-mortem' });
    expect(await rendered.getByRole('heading', { name: 'Timeline' }).count()).toBe(1);
    expect(await rendered.textContent()).toContain(`load_orders in ${runId} failed (try 1)`);
    // The action items are a table, drawn as one.
    expect(await rendered.locator('table th').allTextContents()).toEqual(['item', 'owner', 'due', 'done']);
    await screenshot(page, 'incidents-draft');

    // Edit the draft and publish it.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const field = page.getByLabel(/^Markdown:/);
    const draft = await field.inputValue();
    expect(draft).toContain('## Root cause');
    await field.fill(draft.replace(/## Root cause\n\n[^\n]*/, '## Root cause\n\nThe warehouse volume filled up: quarterly export wrote twice.'));
    await page.getByRole('tab', { name: 'Preview' }).click();
    await expect.poll(() => page.getByRole('article', { name: 'Post-mortem preview' }).textContent(), { timeout: 10_000 }).toContain('quarterly export wrote twice');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expectToast(page, 'Post-mortem published');
    await expect.poll(() => page.locator('[data-postmortem-status="written"]').textContent(), { timeout: 15_000 }).toContain('Published by demo@tributary.local');
    expect(await page.getByRole('article', { name: 'Post-mortem' }).textContent()).toContain('quarterly export wrote twice');
    await page.getByText(/^History \(2 revisions\)$/).click();
    await screenshot(page, 'incidents-written');

    // The incidents list has it, marked "written", and finds it by a word of the post-mortem.
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Incidents' }).click();
    await page.waitForURL('**/w/demo/incidents');
    const row = page.locator('table[aria-label="Incidents"] tr').filter({ hasText: `${DAG_ID} is failing` });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.locator('[data-postmortem-mark]').allTextContents()).toEqual(['written']);
    expect(await row.textContent()).toContain('resolved');
    await page.getByLabel('Search').fill('quarterly');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 10_000 }).toBe('quarterly');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, 'incidents-list');
    await page.getByLabel('Search').fill('nosuchwordanywhere');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByText('No incident matches these filters.').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('region', { name: 'Incidents by DAG' }).textContent()).toContain(DAG_ID);

    // A note on the run: the run's panel writes it, the grid marks it.
    await page.goto(`${base}${runHref('demo', DAG_ID, runId)}`);
    const panel = page.getByRole('complementary', { name: `Run ${runId}` });
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel.getByRole('textbox', { name: /^Run note/ }).fill('Warehouse disk was full; see the post-mortem.');
    await panel.getByRole('button', { name: 'Save note' }).click();
    await expectToast(page, `Note saved on run ${runId}`);
    expect(await panel.locator('[data-note-text]').textContent()).toBe('Warehouse disk was full; see the post-mortem.');
    const noteMark = page.locator(`button[data-note-mark="${runId}"]`);
    await expect.poll(() => noteMark.count(), { timeout: 15_000 }).toBe(1);
    await noteMark.hover();
    const noteCard = page.locator('[data-radix-popper-content-wrapper]').filter({ hasText: 'Warehouse disk was full' });
    await expect.poll(() => noteCard.count(), { timeout: 10_000 }).toBe(1);
    // Resolved now: the incident mark stays, in the resolved colour.
    expect(await incidentMark.getAttribute('data-incident-state')).toBe('resolved');
    await screenshot(page, 'incidents-note-mark');

    // A task instance takes a note of its own, in its panel.
    await page.goto(`${base}${runHref('demo', DAG_ID, runId)}/tasks/load_orders`);
    const taskPanel = page.getByRole('complementary', { name: 'Task instance load_orders' });
    await taskPanel.getByRole('button', { name: 'Add note' }).click();
    await taskPanel.getByRole('textbox', { name: /^Task note/ }).fill('Exit 3: no space left on device.');
    await taskPanel.getByRole('button', { name: 'Save note' }).click();
    await expectToast(page, 'Note saved on load_orders');
    await expect.poll(() => taskPanel.locator('[data-note-text]').textContent(), { timeout: 15_000 }).toBe('Exit 3: no space left on device.');
    await page.reload();
    await expect.poll(() => page.getByRole('complementary', { name: 'Task instance load_orders' }).locator('[data-note-text]').textContent(), { timeout: 15_000 })
      .toBe('Exit 3: no space left on device.');
    expect(errors.unexpected()).toEqual([]);
  }, 240_000);

  it('answers an incident id this workspace does not have (another workspace’s reads the same) with the 404 page', async () => {
    const { page, base } = product;
    const response = await page.goto(`${base}/w/demo/incidents/0193a7c0-0000-7000-8000-000000000000`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toContain('is failing');
  }, 60_000);
});
