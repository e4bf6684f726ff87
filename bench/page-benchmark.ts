import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { ROOT } from '../scripts/migrate';
import { ensureWebBuild } from '../scripts/web-build';
import { hashPassword } from '../server/auth/password';
import { generateKey } from '../server/auth/secret-box';
import type { PrismaClient } from '../server/db/client';
import { freePort } from '../server/db/embedded-postgres';
import { percentile } from './dag-benchmarks';

const CHROMIUM = '/usr/bin/chromium';
const LOADS = 5;
/** The grid's largest choice short of a year, as a team looking back three months would pick. */
const RUNS = 100;
const TASKS = 50;

/**
 * (f) The DAG page of the grid benchmark's DAG (50 tasks × 100 runs) in a real browser, showing
 * all 100 runs (`?runs=100`), served by `next start` on the benchmark database: time to first
 * byte (Navigation Timing) and time until the grid is fully drawn (100 run columns with their
 * 50 squares each), median of 5 loads.
 * Without Chromium it measures nothing and says why (the other figures do not need it).
 */
export async function benchDagPage(
  db: PrismaClient,
  databaseUrl: string,
  workspace: { id: string; slug: string },
  dagId: string,
): Promise<{ firstByteMs: number; loadedMs: number } | { skipped: string }> {
  if (!existsSync(CHROMIUM)) return { skipped: `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)` };
  await ensureWebBuild((line) => process.stdout.write(`${line}\n`));
  const password = generateKey();
  const user = await db.user.upsert({
    where: { email: 'bench@tributary.local' },
    create: { email: 'bench@tributary.local', name: 'Bench', passwordHash: await hashPassword(password) },
    update: { passwordHash: await hashPassword(password) },
  });
  await db.membership.upsert({
    where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } },
    create: { workspaceId: workspace.id, userId: user.id, role: 'viewer' },
    update: {},
  });
  const port = await freePort();
  const web = startWeb(databaseUrl, port);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    await waitForHealth(`http://127.0.0.1:${port}/api/v1/health`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(observeLongTasks);
    await page.goto(`http://127.0.0.1:${port}/login`);
    await page.getByLabel('Email').fill('bench@tributary.local');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/w/**');
    const url = `http://127.0.0.1:${port}/w/${workspace.slug}/dags/${dagId}?runs=${RUNS}`;
    const firstByte: number[] = [];
    const loaded: number[] = [];
    for (let i = 0; i <= LOADS; i++) {
      const started = Date.now();
      await page.goto(url, { waitUntil: 'commit' });
      await page.waitForFunction(({ runs, tasks }) => {
        const columns = document.querySelectorAll('section[aria-label="Grid"] [aria-label^="Run "]').length;
        return columns === runs && document.querySelectorAll('section[aria-label="Grid"] [data-task][data-state]').length === runs * tasks;
      }, { runs: RUNS, tasks: TASKS }, { timeout: 60_000 });
      const elapsed = Date.now() - started;
      const ttfb = await page.evaluate(() => {
        const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        return navigation ? navigation.responseStart - navigation.startTime : Number.NaN;
      });
      // For the breakdown only, after the figure is taken: until the squares take input (hydrated).
      await page.waitForFunction((squares) => document.querySelectorAll('section[aria-label="Grid"] button[data-task]').length === squares, RUNS * TASKS, { timeout: 60_000 });
      process.stdout.write(`    load ${i}: grid drawn ${elapsed} ms; ${await page.evaluate(loadBreakdown)}\n`);
      // The first load warms the server's caches; it is not counted.
      if (i > 0) {
        firstByte.push(ttfb);
        loaded.push(elapsed);
      }
    }
    return { firstByteMs: percentile(firstByte, 50), loadedMs: percentile(loaded, 50) };
  } finally {
    // Whatever failed, the web server this started does not outlive the benchmark.
    await browser?.close();
    web.kill('SIGTERM');
  }
}

/**
 * Runs in the page before its scripts: records the main thread's long tasks, and when the first
 * square is in the page (drawn) and the first square that takes input (a button: hydrated).
 */
function observeLongTasks() {
  const tasks: { start: number; duration: number }[] = [];
  const seen: { square?: number; button?: number } = {};
  Object.assign(window, { benchLongTasks: tasks, benchSeen: seen });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const squares = new MutationObserver(() => {
    seen.square ??= document.querySelector('section[aria-label="Grid"] [data-task][data-state]') ? performance.now() : undefined;
    seen.button ??= document.querySelector('section[aria-label="Grid"] button[data-task]') ? performance.now() : undefined;
    if (seen.button !== undefined) squares.disconnect();
  });
  squares.observe(document, { childList: true, subtree: true });
}

/**
 * Where a load's time went, from the page's own timeline: the document's size and when it ended,
 * the first contentful paint, DOMContentLoaded, and the long tasks (start+duration) until now.
 */
function loadBreakdown(): string {
  // No helper functions in here: the bundler would wrap them in a name helper the page lacks.
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const { benchLongTasks: tasks = [], benchSeen: seen = {} } = window as unknown as { benchLongTasks?: { start: number; duration: number }[]; benchSeen?: { square?: number; button?: number } };
  return [
    `first byte ${Math.round(navigation?.responseStart ?? Number.NaN)} ms`,
    `document ${Math.round((navigation?.decodedBodySize ?? 0) / 1024)} KB ended ${Math.round(navigation?.responseEnd ?? Number.NaN)} ms`,
    `FCP ${Math.round(paint?.startTime ?? Number.NaN)} ms`,
    `first square ${Math.round(seen.square ?? Number.NaN)} ms, first square button ${Math.round(seen.button ?? Number.NaN)} ms`,
    `DOMContentLoaded ${Math.round(navigation?.domContentLoadedEventEnd ?? Number.NaN)} ms`,
    `long tasks ${tasks.map((task) => `${Math.round(task.start)}+${Math.round(task.duration)}`).join(' ') || 'none'}`,
  ].join(', ');
}

function startWeb(databaseUrl: string, port: number): ChildProcess {
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  return spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: generateKey(), TRIBUTARY_SECRET_KEY: generateKey(), NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
}

async function waitForHealth(url: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the web server did not answer ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
