import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, screenshot, START_TIMEOUT_MS, startProduct, type TProduct } from './support';

// Line 10 names a task that does not exist.
const WITH_ERROR = `dag_id: editor_demo
schedule: "0 3 * * *"
start_date: 2025-01-01
tasks:
  - task_id: extract
    type: bash
    bash_command: echo extract
  - task_id: load
    type: empty
    depends_on: extrakt
`;

const problems = (page: Page) => page.getByRole('region', { name: 'Problems' });
const saveButton = (page: Page) => page.getByRole('button', { name: 'Save', exact: true });
const editorText = (page: Page) => page.locator('.cm-content').textContent();

/** Creates a DAG from `spec` through the editor's New DAG page and saves its first version. */
async function createInEditor(page: Page, base: string, spec: string) {
  await page.goto(`${base}/w/demo/dags/new`);
  await expect.poll(() => page.getByText('No problems: 1 task.').count(), { timeout: 15_000 }).toBe(1);
  await replaceSpec(page, spec);
  await expect.poll(() => saveButton(page).isEnabled(), { timeout: 15_000 }).toBe(true);
  await saveButton(page).click();
  await expect.poll(() => page.getByText('Saved version 1').count(), { timeout: 15_000 }).toBe(1);
}

/** Replaces the whole document: insertText types no Enter keys, so CodeMirror adds no indentation. */
async function replaceSpec(page: Page, text: string) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

describe('the DAG editor', () => {
  let product: TProduct;

  beforeAll(async () => {
    product = await startProduct();
    await logIn(product);
  }, START_TIMEOUT_MS);
  afterAll(() => product?.stop(), 60_000);

  it('shows an error at its line and refuses to save, then draws and saves the fixed DAG', async () => {
    const { page, base } = product;
    await page.goto(`${base}/w/demo/dags`);
    await page.getByRole('link', { name: 'New DAG' }).click();
    await page.waitForURL('**/w/demo/dags/new');
    // The blank template is valid: the lint round trip works before anything is typed.
    await expect.poll(() => page.getByText('No problems: 1 task.').count(), { timeout: 15_000 }).toBe(1);

    await replaceSpec(page, WITH_ERROR);
    await expect.poll(() => problems(page).textContent(), { timeout: 15_000 }).toContain('10:17 tasks[1].depends_on: ');
    expect(await problems(page).textContent()).toContain('extrakt');
    // The problems list, the underline and the gutter marker are drawn in separate updates.
    await expect.poll(() => page.locator('.cm-lintRange-error').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.cm-lint-marker-error').count(), { timeout: 15_000 }).toBe(1);
    expect(await saveButton(page).isDisabled()).toBe(true);
    await screenshot(page, 'editor-error');

    // Choosing the problem puts the cursor on `extrakt`; retype it.
    await problems(page).getByRole('button').first().click();
    await page.keyboard.press('Shift+End');
    await page.keyboard.insertText('extract');
    await expect.poll(() => page.getByText('No problems: 2 tasks.').count(), { timeout: 15_000 }).toBe(1);
    const preview = page.getByRole('region', { name: 'Graph preview' });
    await expect.poll(() => preview.locator('.react-flow__node').count(), { timeout: 15_000 }).toBe(2);
    // Edges are drawn after their nodes are measured: a separate render.
    await expect.poll(() => preview.locator('.react-flow__edge').count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, 'editor-valid');

    await expect.poll(() => saveButton(page).isEnabled()).toBe(true);
    await saveButton(page).click();
    await expect.poll(() => page.getByText('Saved version 1').count(), { timeout: 15_000 }).toBe(1);

    await page.goto(`${base}/w/demo/dags`);
    await expect.poll(() => page.getByRole('link', { name: 'editor_demo', exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('switch', { name: 'editor_demo: paused' }).count()).toBe(1);
  }, 90_000);

  it('inserts a valid task snippet of every type at the cursor', async () => {
    const { page, base } = product;
    await page.goto(`${base}/w/demo/dags/new`);
    await expect.poll(() => page.getByText('No problems: 1 task.').count(), { timeout: 15_000 }).toBe(1);
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    const types = ['empty', 'bash', 'http', 'sql', 'load', 'check', 'sensor', 'script', 'python', 'notify'];
    for (const type of types) await page.getByLabel('Insert task').selectOption(type);
    await expect.poll(() => page.getByText(`No problems: ${types.length + 1} tasks.`).count(), { timeout: 15_000 }).toBe(1);
    expect(await editorText(page)).toContain('task_id: notify_1');
  }, 60_000);

  it('edits a saved DAG: a new version, "No changes", and restoring the first version', async () => {
    const { page, base } = product;
    // A DAG of its own, so that this test does not depend on another one having run.
    const spec = WITH_ERROR.replace('editor_demo', 'editor_versions').replace('extrakt', 'extract');
    await createInEditor(page, base, spec);
    await page.goto(`${base}/w/demo/dags/editor_versions/edit`);
    await expect.poll(() => editorText(page), { timeout: 15_000 }).toContain('depends_on: extract');
    await replaceSpec(page, spec.replace('echo extract', 'echo changed'));
    await expect.poll(() => saveButton(page).isEnabled(), { timeout: 15_000 }).toBe(true);
    await saveButton(page).click();
    await expect.poll(() => page.getByText('Saved version 2').count(), { timeout: 15_000 }).toBe(1);
    await saveButton(page).click();
    await expect.poll(() => page.getByText('No changes').count(), { timeout: 15_000 }).toBe(1);

    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await expect.poll(() => editorText(page), { timeout: 15_000 }).toContain('echo extract');
    await expect.poll(() => saveButton(page).isEnabled(), { timeout: 15_000 }).toBe(true);
    await saveButton(page).click();
    await expect.poll(() => page.getByText('Saved version 3').count(), { timeout: 15_000 }).toBe(1);
  }, 90_000);
});
