import { describe, expect, it } from 'vitest';
import { escapeHtml, gridPreviewHtml, previewClasses } from './grid-preview';
import type { TGridCell, TGridRun, TGridTask } from './grid-types';

const css = previewClasses({ groupSquare: 'sq', runHead: 'bar', inGroup: 'in', mark: 'mark' });
const NOW = '2026-12-05T12:00:00.000Z';

const cell = (state: TGridCell['state']): TGridCell => ({ state, try_number: 1, max_tries: 1, queued_at: null, start_date: null, end_date: null, duration: null });

function run(runId: string, cells: Record<string, TGridCell>, overrides: Partial<TGridRun> = {}): TGridRun {
  return {
    run_id: runId,
    state: 'success',
    run_type: 'scheduled',
    logical_date: '2026-12-01T00:00:00.000Z',
    start_date: '2026-12-01T00:00:00.000Z',
    end_date: '2026-12-01T00:01:00.000Z',
    note: null,
    incident: null,
    task_instances: cells,
    ...overrides,
  };
}

const task = (taskId: string, group: string | null = null): TGridTask => ({ task_id: taskId, type: 'empty', group });

/** The values of one attribute across the preview, in order (the unit tests run without a DOM). */
function attributes(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((match) => match[1] ?? '');
}

/** Each row header's text, tags removed. */
function rowHeads(html: string): string[] {
  return [...html.matchAll(/<th scope="row"[^>]*>(.*?)<\/th>/g)].map((match) => (match[1] ?? '').replace(/<[^>]*>/g, ''));
}

describe('gridPreviewHtml', () => {
  it('draws one square per task instance in its state, an empty cell where a run lacks the task, and one bar per run', () => {
    const grid = {
      tasks: [task('extract'), task('load')],
      runs: [run('r1', { extract: cell('success') }), run('r2', { extract: cell('failed'), load: cell('upstream_failed') }, { state: 'failed' })],
    };
    const html = gridPreviewHtml(grid, css, NOW);
    const squares = [...html.matchAll(/data-task="([^"]*)" data-state="([^"]*)"/g)].map((match) => `${match[1]}:${match[2]}`);
    expect(squares).toEqual(['extract:success', 'extract:failed', 'load:upstream_failed']);
    expect(html.match(/<td><\/td>/g)).toHaveLength(1);
    expect(attributes(html, 'aria-label')).toEqual(['Run r1: success', 'Run r2: failed']);
    // Nothing in it takes input: the interactive grid replaces it once hydrated.
    expect(html).not.toMatch(/<(button|a|input|select)[\s>]|tabindex/);
  });

  it("writes a group's row with its tasks' worst state, its tasks indented below it", () => {
    const grid = { tasks: [task('start'), task('reports.a', 'reports'), task('reports.b', 'reports')], runs: [run('r1', { start: cell('success'), 'reports.a': cell('success'), 'reports.b': cell('failed') })] };
    const html = gridPreviewHtml(grid, css, NOW);
    expect(rowHeads(html)).toEqual(['start', '▾ reports (2)', 'reports.a', 'reports.b']);
    expect(html).toMatch(/reports <span class="muted">\(2\)<\/span><\/span><\/th><td><span class="sq" data-state="failed">/);
    expect(html.match(/<th scope="row" class="in">/g)).toHaveLength(2);
  });

  it('escapes every text it writes, so an id cannot add markup or leave its attribute', () => {
    const evil = `x"><img src=x onerror=alert(1)>`;
    const grid = { tasks: [task(evil)], runs: [run(`run"'<b>`, { [evil]: cell('success') })] };
    const html = gridPreviewHtml(grid, css, NOW);
    expect(html).not.toMatch(/<img|<b>/);
    expect(attributes(html, 'data-task')).toEqual(['x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;']);
    expect(attributes(html, 'aria-label')).toEqual(['Run run&quot;&#39;&lt;b&gt;: success']);
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  it("sizes the bars by each run's duration against the longest, and marks manual runs", () => {
    const grid = {
      tasks: [task('t')],
      runs: [
        run('short', {}, { end_date: '2026-12-01T00:00:30.000Z' }),
        run('long', {}, { run_type: 'manual' }),
        run('queued', {}, { state: 'queued', start_date: null, end_date: null }),
      ],
    };
    const html = gridPreviewHtml(grid, css, NOW);
    expect([...html.matchAll(/height:(\d+)px/g)].map((match) => match[1])).toEqual(['22', '40', '4']);
    expect([...html.matchAll(/<span class="mark">([^<]*)<\/span>/g)].map((match) => match[1])).toEqual(['', 'M', '']);
  });
});
