import { describe, expect, it } from 'vitest';
import { dagHref, datasetHref, runHref, taskHref } from './links';

describe('deep links', () => {
  it('encodes run and task ids as path segments', () => {
    expect(dagHref('acme', 'daily sales')).toBe('/w/acme/dags/daily%20sales');
    expect(runHref('acme', 'etl', 'scheduled__2026-01-01T00:00:00+00:00')).toBe('/w/acme/dags/etl/runs/scheduled__2026-01-01T00%3A00%3A00%2B00%3A00');
  });

  it('names a try with ?try= and a log line with #L', () => {
    expect(taskHref('acme', 'etl', 'manual__1', 'load/x')).toBe('/w/acme/dags/etl/runs/manual__1/tasks/load%2Fx');
    expect(taskHref('acme', 'etl', 'manual__1', 'load', { tryNumber: 2, line: 120 })).toBe('/w/acme/dags/etl/runs/manual__1/tasks/load?try=2#L120');
    expect(taskHref('acme', 'etl', 'manual__1', 'load', { line: 7 })).toBe('/w/acme/dags/etl/runs/manual__1/tasks/load#L7');
  });

  it("links a dataset's page by its id", () => {
    expect(datasetHref('acme', '019a-b/c')).toBe('/w/acme/datasets/019a-b%2Fc');
  });
});
