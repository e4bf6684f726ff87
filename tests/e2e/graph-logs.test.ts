import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLogText, EMPTY_LOG, findMatches, highlightParts, layoutRows, scrollTopForRow, stepMatch, visibleRows } from '../../app/components/log-viewer-model';
import { diffMarker, diffRows } from '../../app/w/[workspace]/dags/[dag_id]/code/version-diff';
import { logIn, screenshot, startProduct, type TProduct } from './support';

// The seeded demo has no runs, so no log is reachable from a page: the log viewer's logic is
// tested here on its pure parts (the windowing and search that must hold at 100,000 lines).
describe('log viewer: pure parts', () => {
  it('appends pages as lines, continuing a line a page cut in two', () => {
    const once = appendLogText(EMPTY_LOG, 'a\nb');
    expect(once).toEqual({ lines: ['a', 'b'], open: true });
    expect(appendLogText(once, 'c\nd\n')).toEqual({ lines: ['a', 'bc', 'd'], open: false });
    expect(appendLogText({ lines: ['x'], open: false }, 'y\n')).toEqual({ lines: ['x', 'y'], open: false });
  });

  it('finds every case-insensitive match and steps through them, wrapping around', () => {
    expect(findMatches(['Error here', 'fine', 'error, error'], 'ERROR')).toEqual([
      { line: 0, start: 0 },
      { line: 2, start: 0 },
      { line: 2, start: 7 },
    ]);
    expect(findMatches(['abc'], '')).toEqual([]);
    expect([stepMatch(-1, 3, 1), stepMatch(2, 3, 1), stepMatch(0, 3, -1), stepMatch(-1, 3, -1), stepMatch(0, 0, 1)]).toEqual([0, 0, 2, 2, -1]);
    expect(highlightParts('a-err-b-ERR', 'err').map((part) => [part.text, part.match])).toEqual([
      ['a-', false], ['err', true], ['-b-', false], ['ERR', true],
    ]);
  });

  it('renders only the rows in view of a 100,000-line log', () => {
    const lines = Array.from({ length: 100_000 }, (_, index) => `line ${index}`);
    const layout = layoutRows(lines, null);
    expect(layout.count).toBe(100_000);
    const range = visibleRows({ scrollTop: 50_000 * 18, viewportHeight: 480, rowHeight: 18, count: layout.count, overscan: 5 });
    expect(range).toEqual({ start: 49_995, end: 50_032 });
    expect(visibleRows({ scrollTop: 100_000 * 18, viewportHeight: 480, rowHeight: 18, count: 100_000 }).end).toBe(100_000);
    // A visible row does not scroll; a far one is centred.
    expect(scrollTopForRow(3, { scrollTop: 0, viewportHeight: 480, rowHeight: 18 })).toBe(0);
    expect(scrollTopForRow(1_000, { scrollTop: 0, viewportHeight: 480, rowHeight: 18 })).toBe(18_000 - 240);
  });

  it('wraps long lines into fixed-width rows and maps rows back to lines', () => {
    const layout = layoutRows(['short', 'x'.repeat(25), ''], 10);
    expect(layout.count).toBe(5);
    expect([0, 1, 2, 3, 4].map((row) => [layout.lineOf(row), layout.startOf(row)])).toEqual([[0, 0], [1, 0], [1, 10], [1, 20], [2, 0]]);
    expect(layout.rowOf(1, 12)).toBe(2);
  });
});

describe('version diff: pure parts', () => {
  it('marks removed and added lines with - and + and numbers both sides', () => {
    const rows = diffRows('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(rows.map((row) => `${diffMarker(row.kind)}${row.text}`)).toEqual([' a', '-b', '+B', ' c', '+d']);
    expect(rows[1]).toEqual({ kind: 'removed', text: 'b', oldNumber: 2, newNumber: null });
    expect(rows[4]).toEqual({ kind: 'added', text: 'd', oldNumber: null, newNumber: 4 });
    expect(diffRows('same\n', 'same\n')).toEqual([]);
  });
});

describe('graph and code tabs in the browser', () => {
  let product: TProduct;
  beforeAll(async () => {
    product = await startProduct();
    await logIn(product);
  });
  afterAll(() => product?.stop());

  it('draws start_end as 4 nodes and its edges with React Flow', async () => {
    const { page, base } = product;
    await page.goto(`${base}/w/demo/dags/start_end/graph`);
    await page.locator('.react-flow__node').first().waitFor();
    await page.locator('.react-flow__edge').nth(2).waitFor();
    await expect.poll(() => page.locator('.react-flow__node').count(), { timeout: 15_000 }).toBe(4);
    await expect.poll(() => page.locator('.react-flow__edge').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    await expect(page.locator('.react-flow__node', { hasText: 'ls1' }).textContent()).resolves.toContain('bash');
    await page.locator('.react-flow__node', { hasText: 'start' }).click();
    // The demo DAG has no runs: the clicked task says it has no state yet.
    const details = page.getByRole('region', { name: 'Task start' });
    await details.waitFor();
    expect(await details.textContent()).toContain('no state');
    await screenshot(page, 'graph');
  });

  it('shows hello_world’s YAML with line numbers, and no differences between a version and itself', async () => {
    const { page, base } = product;
    await page.goto(`${base}/w/demo/dags/hello_world/code`);
    const source = page.getByLabel('Source of version 1');
    await source.waitFor();
    expect(await source.textContent()).toContain('dag_id: hello_world');
    // Highlighted as the editor highlights it: the key on the first line has its own colour.
    const colours = await source.locator('.cm-line', { hasText: 'dag_id' }).first().evaluate((line) => ({
      line: getComputedStyle(line).color,
      tokens: [...line.querySelectorAll('span')].map((span) => getComputedStyle(span).color),
    }));
    expect(colours.tokens.some((colour) => colour !== colours.line)).toBe(true);
    await page.getByText('No differences between v1 and v1.').waitFor();
    await screenshot(page, 'code');
  });
});
