import { describe, expect, it } from 'vitest';
import { parseBrowserFilters, taskInstancesHref, utcMinute } from './browser-url';

describe('task-instance browser URL', () => {
  it('writes the filters it is given, and only those', () => {
    expect(taskInstancesHref('demo')).toBe('/w/demo/task-instances');
    expect(taskInstancesHref('demo', { state: 'failed', from: utcMinute('2026-03-09T12:00:00.000Z') })).toBe('/w/demo/task-instances?state=failed&from=2026-03-09T12%3A00');
    expect(taskInstancesHref('demo', { runState: 'running', dagId: 'a b', owner: '' })).toBe('/w/demo/task-instances?run_state=running&dag_id=a+b');
  });

  it('reads back what it wrote, as the browse input', () => {
    const href = taskInstancesHref('demo', { state: 'failed', runState: 'success', dagId: 'etl', owner: 'ana', from: '2026-03-09T12:00', to: '2026-03-10T00:30', after: 'abc' });
    const { filters, input, problems } = parseBrowserFilters(new URL(href, 'http://x').searchParams);
    expect(problems).toEqual([]);
    expect(filters).toEqual({ state: 'failed', runState: 'success', dagId: 'etl', owner: 'ana', from: '2026-03-09T12:00', to: '2026-03-10T00:30', after: 'abc' });
    expect(input).toEqual({ states: ['failed'], runStates: ['success'], dagId: 'etl', owner: 'ana', from: '2026-03-09T12:00:00.000Z', to: '2026-03-10T00:30:00.000Z', after: 'abc' });
  });

  it('ignores a bad filter and says why, naming it', () => {
    const { input, problems } = parseBrowserFilters(new URLSearchParams('state=broken&run_state=done&from=yesterday&to=2026-13-40T99:99'));
    expect(input.states).toBeUndefined();
    expect(input.from).toBeUndefined();
    expect(problems).toEqual([
      "state: 'broken' is not a task instance state.",
      "run_state: 'done' is not a run state.",
      "from: 'yesterday' is not a UTC date and time like 2026-03-10T12:00.",
      "to: '2026-13-40T99:99' is not a UTC date and time like 2026-03-10T12:00.",
    ]);
  });
});
