import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dagHref, taskHref } from '../../app/components/links';
import { waitFor } from '../support/test-database';
import { watchConsole } from './console-errors';
import { logIn, restApi, screenshot, START_TIMEOUT_MS, startProduct, succeededRun, type TProduct, type TRestApi } from './support';

/*
 * The engine logs the command it runs ("Running command: ..."), so each line the task prints is
 * assembled from shell variables: the command's own text never contains what a test looks for.
 */
const talkingSpec = (dagId: string) => `dag_id: ${dagId}
tasks:
  - task_id: talk
    type: bash
    bash_command: |
      o=out; echo "\${o}put first"
      s=std; echo "\${s}err says hi" >&2
      x=ERR; echo "\${x}OR: disk full"
      w=WARN; echo "\${w}ING: low space"
      n=nee; echo "\${n}dle one"; echo "\${n}dle two, \${n}dle three"; echo "\${n}dle four"
`;

/** ok succeeds, boom fails, after_boom never runs: three states to colour, two edges. */
const mixedSpec = (dagId: string) => `dag_id: ${dagId}
tasks:
  - task_id: ok
    type: bash
    bash_command: "true"
  - task_id: boom
    type: bash
    bash_command: exit 3
    depends_on: [ok]
  - task_id: after_boom
    type: bash
    bash_command: "true"
    depends_on: [boom]
`;

const panel = (page: Page) => page.getByRole('complementary', { name: /^Task instance / });
const logRow = (page: Page, text: string) => panel(page).locator('[data-line]').filter({ hasText: text });
/** A task instance's URL as the graph opens it: over the graph, which a reload keeps. */
const onGraph = (href: string) => `${href}?view=graph`;
const pathOf = (page: Page) => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}${url.hash}`;
};
/** A CSS colour variable's value as the browser computes it inside `scope` ("rgb(r, g, b)"). */
const computed = (scope: Locator, cssVariable: string) =>
  scope.evaluate((element, name) => {
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    element.appendChild(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, cssVariable);
const logOf = (page: Page) => panel(page).getByRole('log');
const style = (locator: Locator, property: string) => locator.evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);

describe('logs: timestamps, streams, levels and search; graph: states, arrows and the panel', () => {
  let product: TProduct;
  let api: TRestApi;
  let consoleErrors: ReturnType<typeof watchConsole>;

  beforeAll(async () => {
    product = await startProduct();
    consoleErrors = watchConsole(product.page);
    await logIn(product);
    api = await restApi(product);
  }, START_TIMEOUT_MS);
  afterAll(() => product?.stop(), 60_000);

  it('shows each line’s time, marks stderr and the engine’s lines, colours levels, and counts matches from 1', async () => {
    const { page, base } = product;
    await api('PUT', '/dags/logs_talk', talkingSpec('logs_talk'));
    const run = await succeededRun(api, 'logs_talk');
    await page.goto(`${base}${taskHref('demo', 'logs_talk', run.dag_run_id, 'talk')}`);
    await logRow(page, 'needle four').waitFor({ timeout: 15_000 });

    // Time of day with milliseconds beside every line; the full date and zone on hover.
    const stamp = logRow(page, 'output first').locator('time');
    expect(await stamp.textContent()).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(await stamp.getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC$/);
    expect(await logOf(page).locator('time').count()).toBe(await logOf(page).locator('[data-line]').count());

    // stderr apart from stdout: its own border colour and a label; the engine's lines as system.
    const stderr = logRow(page, 'stderr says hi');
    expect(await stderr.getAttribute('data-stream')).toBe('stderr');
    expect(await stderr.getByTitle('stderr').count()).toBe(1);
    expect(await stderr.getByRole('img', { name: 'stderr' }).count()).toBe(1);
    expect(await style(stderr, 'border-left-color')).toBe(await computed(logOf(page), '--log-stderr'));
    const stdout = logRow(page, 'output first');
    expect(await stdout.getAttribute('data-stream')).toBe('stdout');
    expect(await stdout.getByTitle('stderr').count()).toBe(0);
    expect(await style(stdout, 'border-left-color')).not.toBe(await computed(logOf(page), '--log-stderr'));
    expect(await logRow(page, 'Running command:').getAttribute('data-stream')).toBe('system');

    // Levels: an ERROR line red, a WARNING line amber, a plain line neither.
    const error = await computed(logOf(page), '--log-level-error');
    const warning = await computed(logOf(page), '--log-level-warning');
    expect(await style(logRow(page, 'ERROR: disk full').locator('[data-level]'), 'color')).toBe(error);
    expect(await style(logRow(page, 'WARNING: low space').locator('[data-level]'), 'color')).toBe(warning);
    expect([error, warning]).not.toContain(await style(stdout.getByText('output first'), 'color'));

    // Four matches on three lines: the counter starts on the first, and Enter moves on.
    const search = panel(page).getByLabel('Search log');
    const counter = panel(page).getByRole('status', { name: 'Matches' });
    await search.fill('needle');
    await expect.poll(() => counter.textContent()).toBe('1 of 4');
    await search.press('Enter');
    await expect.poll(() => counter.textContent()).toBe('2 of 4');
    await panel(page).getByRole('button', { name: 'Previous' }).click();
    await panel(page).getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => counter.textContent()).toBe('4 of 4');
    await screenshot(page, 'log-streams-levels');

    // The Timestamps switch hides the column, and the choice outlives a reload.
    const timestamps = panel(page).getByRole('switch', { name: 'Timestamps' });
    expect(await timestamps.getAttribute('aria-checked')).toBe('true');
    await timestamps.click();
    await expect.poll(() => logOf(page).locator('time').count()).toBe(0);
    await page.reload();
    await logRow(page, 'needle four').waitFor({ timeout: 15_000 });
    expect(await panel(page).getByRole('switch', { name: 'Timestamps' }).getAttribute('aria-checked')).toBe('false');
    expect(await logOf(page).locator('time').count()).toBe(0);
    await panel(page).getByRole('switch', { name: 'Timestamps' }).click();
    await expect.poll(() => logRow(page, 'output first').locator('time').count()).toBe(1);
    expect(consoleErrors.unexpected()).toEqual([]);
  }, 120_000);

  it('keeps a 100,000-line log windowed, each line with its stream and time', async () => {
    const { page, base } = product;
    await api('PUT', '/dags/logs_long', "dag_id: logs_long\ntasks:\n  - task_id: long\n    type: bash\n    bash_command: seq 1 100000 | sed 's/^/row /'\n");
    const run = await succeededRun(api, 'logs_long');
    await page.goto(`${base}${taskHref('demo', 'logs_long', run.dag_run_id, 'long')}`);
    // Every page read: 100,000 lines of output and the engine's few lines around them.
    await expect.poll(() => logOf(page).getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/^1000\d\d log lines$/);
    await panel(page).getByRole('button', { name: 'Jump to end' }).click();
    const last = logRow(page, 'row 100000');
    await last.waitFor({ timeout: 15_000 });
    expect(await last.getAttribute('data-stream')).toBe('stdout');
    expect(await last.locator('time').textContent()).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(await logOf(page).locator('[data-line]').count()).toBeLessThan(100);
    await panel(page).getByLabel('Search log').fill('row 99999');
    await expect.poll(() => panel(page).getByRole('status', { name: 'Matches' }).textContent()).toBe('1 of 1');
    await logRow(page, 'row 99999').waitFor();
    expect(consoleErrors.unexpected()).toEqual([]);
  }, 120_000);

  it('fills nodes with their state, draws arrowheads, and opens the task instance panel at its URL', async () => {
    const { page, base } = product;
    await api('PUT', '/dags/graph_mixed', mixedSpec('graph_mixed'));
    await api('PATCH', '/dags/graph_mixed', { is_paused: false });
    const { dag_run_id: runId } = await api<{ dag_run_id: string }>('POST', '/dags/graph_mixed/dagRuns', {});
    const runPath = `/dags/graph_mixed/dagRuns/${encodeURIComponent(runId)}`;
    await waitFor(async () => (await api<{ state: string }>('GET', runPath)).state === 'failed', { timeoutMs: 60_000, what: 'graph_mixed to fail' });

    const graph = `${dagHref('demo', 'graph_mixed')}/graph`;
    await page.goto(`${base}${graph}`);
    const node = (taskId: string) => page.locator(`.react-flow__node[data-id="${taskId}"] [data-state]`);
    await expect.poll(() => node('boom').getAttribute('data-state'), { timeout: 15_000 }).toBe('failed');
    expect(await style(node('ok'), 'background-color')).toBe(await computed(page.locator('body'), '--state-success'));
    expect(await style(node('boom'), 'background-color')).toBe(await computed(page.locator('body'), '--state-failed'));
    expect(await style(node('after_boom'), 'background-color')).toBe(await computed(page.locator('body'), '--state-upstream_failed'));

    // Every edge ends in an arrowhead.
    const edges = page.locator('.react-flow__edge path.react-flow__edge-path');
    await expect.poll(() => edges.count()).toBe(2);
    for (const marker of await edges.evaluateAll((paths) => paths.map((path) => path.getAttribute('marker-end')))) expect(marker).toMatch(/^url\(/);

    // The run picker names runs by logical date.
    const picker = page.getByLabel('Run', { exact: true });
    expect(await picker.locator('option').first().textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);

    // A node opens the grid's panel, with its actions, at the task instance's URL.
    await page.locator('.react-flow__node[data-id="boom"]').click();
    await expect.poll(() => pathOf(page)).toBe(onGraph(taskHref('demo', 'graph_mixed', runId, 'boom')));
    await expect.poll(() => panel(page).getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toBe('boom');
    await panel(page).getByRole('button', { name: 'Mark success' }).waitFor();
    await expect.poll(() => logRow(page, 'Command exited with return code 3').count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, 'graph-panel');

    // Escape closes it back to the graph; Back opens it again.
    await page.keyboard.press('Escape');
    await expect.poll(() => pathOf(page)).toBe(graph);
    await expect.poll(() => panel(page).count()).toBe(0);
    expect(await page.locator('.react-flow__node').count()).toBe(3);
    await page.goBack();
    await expect.poll(() => pathOf(page)).toBe(onGraph(taskHref('demo', 'graph_mixed', runId, 'boom')));
    await expect.poll(() => panel(page).count(), { timeout: 15_000 }).toBe(1);
    // Reloaded (or opened by a teammate), the URL shows the graph again, its tab current, the panel open.
    await page.reload();
    await expect.poll(() => page.getByRole('navigation', { name: 'DAG views' }).getByRole('link', { name: 'Graph' }).getAttribute('aria-current')).toBe('page');
    await expect.poll(() => panel(page).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('.react-flow__node').count(), { timeout: 15_000 }).toBe(3);

    // From the keyboard: Escape hands the focus back to the node, Enter on another node opens it.
    await expect.poll(() => panel(page).getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toBe('boom');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe('boom');
    await page.locator('.react-flow__node[data-id="ok"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => pathOf(page)).toBe(onGraph(taskHref('demo', 'graph_mixed', runId, 'ok')));
    await expect.poll(() => panel(page).getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toBe('ok');
    expect(consoleErrors.unexpected()).toEqual([]);
  }, 120_000);
});
