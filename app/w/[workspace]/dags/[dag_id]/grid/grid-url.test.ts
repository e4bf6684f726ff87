import { describe, expect, it } from 'vitest';
import { lineFromHash, panelView, selectionFromPath, selectionHref, tryFromSearch, withViewQuery } from './grid-url';

const RUN = 'scheduled__2026-01-01T00:00:00+00:00';

describe('the DAG page URL read back', () => {
  it.each([
    ['/w/acme/dags/etl', null],
    ['/w/acme/dags/etl/runs', null],
    ['/w/acme/dags/etl/graph', null],
    ['/w/acme/dags/other/runs/manual__1', null],
    ['/w/acme/dags/etl/runs/manual__1', { runId: 'manual__1', taskId: null }],
    ['/w/acme/dags/etl/runs/scheduled__2026-01-01T00%3A00%3A00%2B00%3A00', { runId: RUN, taskId: null }],
    ['/w/acme/dags/etl/runs/manual__1/tasks/load%2Fx', { runId: 'manual__1', taskId: 'load/x' }],
    ['/w/acme/dags/etl/runs/manual__1/tasks', null],
    ['/w/acme/dags/etl/runs/manual__1/steps/load', null],
    ['/w/acme/dags/etl/runs/manual__1/tasks/load/extra', null],
    ['/w/acme/dags/etl/runs/bad%E0', { runId: 'bad%E0', taskId: null }],
  ])('%s', (path, expected) => {
    expect(selectionFromPath(path, 'acme', 'etl')).toEqual(expected);
  });

  it('reads ?try= and #L only as positive whole numbers', () => {
    expect(tryFromSearch('2')).toBe(2);
    expect([tryFromSearch(null), tryFromSearch('0'), tryFromSearch('-1'), tryFromSearch('2x'), tryFromSearch('')]).toEqual([null, null, null, null, null]);
    expect(lineFromHash('#L120')).toBe(120);
    expect([lineFromHash(''), lineFromHash('#L0'), lineFromHash('#L'), lineFromHash('#120'), lineFromHash('#L12-20')]).toEqual([null, null, null, null, null]);
  });

  it('round-trips every view through links.ts', () => {
    const views = [
      { selection: null },
      { selection: { runId: RUN, taskId: null } },
      { selection: { runId: RUN, taskId: 'load/x' }, tryNumber: 2, line: 120 },
    ];
    for (const view of views) {
      const url = new URL(selectionHref('acme', 'etl', view), 'http://localhost');
      expect(selectionFromPath(url.pathname, 'acme', 'etl')).toEqual(view.selection);
      expect(tryFromSearch(url.searchParams.get('try'))).toBe(view.tryNumber ?? null);
      expect(lineFromHash(url.hash)).toBe(view.line ?? null);
    }
  });

  it('keeps a panel opened from the graph on the graph', () => {
    expect(withViewQuery('/w/acme/dags/etl/runs/r1/tasks/t?try=2#L7', 'graph')).toBe('/w/acme/dags/etl/runs/r1/tasks/t?try=2&view=graph#L7');
    expect(withViewQuery('/w/acme/dags/etl/runs/r1', 'grid')).toBe('/w/acme/dags/etl/runs/r1');
    expect([panelView('graph'), panelView(null), panelView('grid'), panelView('Graph')]).toEqual(['graph', 'grid', 'grid', 'grid']);
  });
});
