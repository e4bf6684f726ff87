import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentHref, runHref, taskHref } from '../../app/components/links';
import { waitFor } from '../support/test-database';
import { ARTIFACTS, logIn, restApi, screenshot, START_TIMEOUT_MS, startProduct, succeededRun, type TProduct, type TRestApi } from './support';

const DAG_ID = 'pages_tour';
const SPEC = `dag_id: ${DAG_ID}
description: Every page of the app, visited by the browser tests.
default_args: { retries: 0, owner: tour }
tags: [tour]
tasks:
  - { task_id: greet, type: bash, bash_command: "echo hello; echo world" }
  - { task_id: finish, type: empty, depends_on: greet }
`;
// Fails for good (no retries): its run opens an incident, for the incident pages.
const FAILING_DAG_ID = 'pages_tour_failing';
const FAILING_SPEC = `dag_id: ${FAILING_DAG_ID}
default_args: { retries: 0 }
tasks:
  - { task_id: break, type: bash, bash_command: "echo broken; exit 1" }
`;

type TPage = { name: string; url: string; ready: string; status?: number };

const SIZES = [
  { name: '1440', width: 1440, height: 900 },
  { name: '390', width: 390, height: 844 },
] as const;
const THEMES = ['light', 'dark'] as const;

function tour(runId: string, incidentPath: string): TPage[] {
  const dag = `/w/demo/dags/${DAG_ID}`;
  return [
    { name: 'home', url: '/w/demo', ready: 'section[aria-label="Runs in progress"]' },
    { name: 'dag-list', url: '/w/demo/dags', ready: 'table.dag-table' },
    { name: 'dag-grid', url: dag, ready: `button[data-run="${runId}"]` },
    { name: 'dag-runs', url: `${dag}/runs`, ready: 'table.dag-table' },
    { name: 'dag-graph', url: `${dag}/graph`, ready: '.react-flow__node' },
    { name: 'dag-code', url: `${dag}/code`, ready: '.cm-editor' },
    { name: 'dag-edit', url: `${dag}/edit`, ready: '.cm-editor' },
    { name: 'run', url: runHref('demo', DAG_ID, runId), ready: `aside[aria-label="Run ${runId}"] dd` },
    { name: 'task-log', url: taskHref('demo', DAG_ID, runId, 'greet', { line: 2 }), ready: '[data-line="2"]' },
    { name: 'task-instances', url: '/w/demo/task-instances', ready: 'table.dag-table' },
    { name: 'incidents', url: '/w/demo/incidents', ready: 'table[aria-label="Incidents"] tbody tr' },
    { name: 'incident', url: incidentPath, ready: 'li[data-kind="failure"]' },
    ...['connections', 'variables', 'pools', 'tokens', 'members', 'audit'].map((tab) => ({ name: `settings-${tab}`, url: `/w/demo/settings/${tab}`, ready: 'nav[aria-label="Settings"] a[aria-current="page"]' })),
    { name: 'status', url: '/status', ready: 'section.panel table' },
    { name: 'not-found', url: '/no-such-page', ready: 'h1', status: 404 },
  ];
}

/** Visits one page, waits until it shows its content and returns the errors it logged meanwhile. */
async function visit(page: Page, base: string, target: TPage): Promise<string[]> {
  const errors: string[] = [];
  const onConsole = (message: { type: () => string; text: () => string }) => { if (message.type() === 'error') errors.push(message.text()); };
  const onError = (error: Error) => errors.push(error.message);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  try {
    const response = await page.goto(`${base}${target.url}`);
    expect(response?.status(), `${target.name} answered ${response?.status()}`).toBe(target.status ?? 200);
    await page.locator(target.ready).first().waitFor({ timeout: 20_000 });
    await page.waitForLoadState('networkidle').catch(() => undefined);
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onError);
  }
  // The 404 page's own status is logged by Chromium as a failed resource: it is the point of that page.
  return errors.filter((text) => !(target.status === 404 && text.includes('status of 404')));
}

/** Runs the failing DAG and returns the path of the incident its failure opened. */
async function failingRunIncident(api: TRestApi): Promise<string> {
  await api('PUT', `/dags/${FAILING_DAG_ID}`, FAILING_SPEC);
  await api('PATCH', `/dags/${FAILING_DAG_ID}`, { is_paused: false });
  await api('POST', `/dags/${FAILING_DAG_ID}/dagRuns`, {});
  const id = await waitFor(async () => {
    const { incidents } = await api<{ incidents: { id: string }[] }>('GET', `/incidents?dag_id=${FAILING_DAG_ID}`);
    return incidents[0]?.id;
  }, { timeoutMs: 90_000, what: `the incident of ${FAILING_DAG_ID}` });
  return incidentHref('demo', id);
}

describe('every main page at 1440×900 and 390×844, light and dark', () => {
  let product: TProduct;
  let runId: string;
  let incidentPath: string;

  beforeAll(async () => {
    product = await startProduct();
    await logIn(product);
    const api = await restApi(product);
    await api('PUT', `/dags/${DAG_ID}`, SPEC);
    runId = (await succeededRun(api, DAG_ID)).dag_run_id;
    incidentPath = await failingRunIncident(api);
    await mkdir(path.join(ARTIFACTS, 'pages'), { recursive: true });
  }, START_TIMEOUT_MS);
  afterAll(() => product?.stop(), 60_000);

  for (const size of SIZES) {
    for (const theme of THEMES) {
      it(`shows every page at ${size.width}×${size.height} in ${theme} without a console error`, async () => {
        const context = await product.browser.newContext({ viewport: { width: size.width, height: size.height } });
        // The theme as a user's earlier choice leaves it in this browser, before any page script runs.
        await context.addInitScript((chosen) => localStorage.setItem('tributary-theme', chosen), theme);
        await context.addCookies(await product.page.context().cookies());
        const page = await context.newPage();
        try {
          const problems: string[] = [];
          for (const target of tour(runId, incidentPath)) {
            const errors = await visit(page, product.base, target);
            problems.push(...errors.map((error) => `${target.name} (${target.url}): ${error}`));
            expect(await page.evaluate(() => document.documentElement.dataset.theme), target.name).toBe(theme);
            await screenshot(page, `pages/${target.name}-${size.name}-${theme}`);
          }
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }, 240_000);
    }
  }
});
