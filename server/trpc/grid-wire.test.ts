import { describe, expect, it } from 'vitest';
import { decodeGrid, encodeGridCells } from './grid-wire';

const at = (iso: string) => new Date(iso);

describe('the grid on the wire', () => {
  const run = { logical_date: '2026-12-01T00:00:00.000Z', start_date: '2026-12-02T03:00:00.000Z' };
  const instances = {
    extract: { state: 'success' as const, try_number: 2, max_tries: 3, queued_at: at('2026-12-02T03:00:00.250Z'), start_date: at('2026-12-02T03:00:01.000Z'), end_date: at('2026-12-02T03:00:13.345Z'), duration: 12.345 },
    load: { state: 'none' as const, try_number: 0, max_tries: 1, queued_at: null, start_date: null, end_date: null, duration: null },
  };

  it('sends each instance as small numbers in the order of the task rows, null for a task the run lacks', () => {
    expect(encodeGridCells(['extract', 'removed_task', 'load'], run, instances)).toEqual([
      [4, 2, 3, 250, 1_000, 13_345, 12.345],
      null,
      [0, 0, 1, null, null, null, null],
    ]);
  });

  it('decodes to the same instances, dates as ISO text to the millisecond', () => {
    const tasks = [{ task_id: 'extract' }, { task_id: 'removed_task' }, { task_id: 'load' }];
    const grid = decodeGrid({ dag_id: 'etl', tasks, runs: [{ ...run, run_id: 'r1', cells: encodeGridCells(tasks.map((task) => task.task_id), run, instances) }] });
    expect(grid.runs[0]).toEqual({
      ...run,
      run_id: 'r1',
      task_instances: {
        extract: { state: 'success', try_number: 2, max_tries: 3, queued_at: '2026-12-02T03:00:00.250Z', start_date: '2026-12-02T03:00:01.000Z', end_date: '2026-12-02T03:00:13.345Z', duration: 12.345 },
        load: { state: 'none', try_number: 0, max_tries: 1, queued_at: null, start_date: null, end_date: null, duration: null },
      },
    });
    expect(grid.dag_id).toBe('etl');
  });

  it("counts a run's times from its logical date until it has started", () => {
    const queued = { logical_date: '2026-12-01T00:00:00.000Z', start_date: null };
    const cells = encodeGridCells(['t'], queued, { t: { ...instances.load, state: 'queued', queued_at: at('2026-12-01T00:00:05.000Z') } });
    expect(cells).toEqual([[2, 0, 1, 5_000, null, null, null]]);
    expect(decodeGrid({ tasks: [{ task_id: 't' }], runs: [{ ...queued, cells }] }).runs[0]?.task_instances.t?.queued_at).toBe('2026-12-01T00:00:05.000Z');
  });
});
