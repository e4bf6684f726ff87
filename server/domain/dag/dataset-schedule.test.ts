import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDagSpec } from './parse-dag-spec';
import { conditionDatasets, isConditionSatisfied } from './dataset-schedule';

const spec = (schedule: string) => `dag_id: consumer
schedule:
${schedule}
tasks:
  - { task_id: t, type: empty }
`;

const problems = (source: string) => {
  const parsed = parseDagSpec(source);
  return parsed.ok ? [] : parsed.error.map((problem) => ({ path: problem.path, line: problem.line, message: problem.message }));
};

describe('schedule on datasets', () => {
  it('reads a list as all of them, with no cron schedule', () => {
    const parsed = parseDagSpec(spec('  datasets: [warehouse.public.orders, warehouse.public.customers]'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.schedule).toBeNull();
    expect(parsed.value.dataset_schedule).toEqual({
      op: 'all',
      items: [{ dataset: { conn_id: 'warehouse', table: 'public.orders' } }, { dataset: { conn_id: 'warehouse', table: 'public.customers' } }],
    });
  });

  it('reads the example DAG scheduled on the daily orders', () => {
    const parsed = parseDagSpec(readFileSync(new URL('../../../examples/orders_report.yaml', import.meta.url), 'utf8'));
    expect(parsed.ok ? parsed.value.dataset_schedule : parsed.error).toEqual({ op: 'all', items: [{ dataset: { conn_id: 'warehouse', table: 'public.orders_daily' } }] });
  });

  it('nests any and all', () => {
    const parsed = parseDagSpec(spec('  datasets:\n    any:\n      - warehouse.public.a\n      - all: [warehouse.public.b, {conn_id: lake, table: raw.c}]'));
    expect(parsed.ok && parsed.value.dataset_schedule).toEqual({
      op: 'any',
      items: [
        { dataset: { conn_id: 'warehouse', table: 'public.a' } },
        { op: 'all', items: [{ dataset: { conn_id: 'warehouse', table: 'public.b' } }, { dataset: { conn_id: 'lake', table: 'raw.c' } }] },
      ],
    });
  });

  it.each([
    ['  datasets: []', 'schedule.datasets', 3, 'list at least one dataset'],
    ['  datasets: [orders]', 'schedule.datasets[0]', 3, "'orders' is not a dataset"],
    ['  datasets: {one: [warehouse.public.a]}', 'schedule.datasets.one', 3, "unknown field 'one'"],
    ['  datasets: {any: [warehouse.public.a], all: [warehouse.public.b]}', 'schedule.datasets', 3, 'not both'],
    ['  dataset: [warehouse.public.a]', 'schedule.dataset', 3, "unknown field 'dataset' (did you mean 'datasets'?)"],
    ['  datasets: warehouse.public.a', 'schedule.datasets', 3, 'expected datasets'],
  ])('refuses %s, naming %s on line %i', (schedule, path, line, message) => {
    const [problem, ...more] = problems(spec(schedule)).filter((found) => found.message.includes(message));
    expect(problem, JSON.stringify(problems(spec(schedule)))).toBeDefined();
    expect(problem!.path).toBe(path);
    expect(problem!.line).toBe(line);
    expect(problem!.message).toContain(message);
    expect(more.length).toBeLessThanOrEqual(1);
  });

  it('holds all only when every dataset was updated, any when one was', () => {
    const a = { conn_id: 'w', table: 'public.a' };
    const b = { conn_id: 'w', table: 'public.b' };
    const all = { op: 'all' as const, items: [{ dataset: a }, { dataset: b }] };
    const any = { op: 'any' as const, items: [{ dataset: a }, { dataset: b }] };
    const updated = (refs: (typeof a)[]) => (ref: typeof a) => refs.some((r) => r.table === ref.table);
    expect(isConditionSatisfied(all, updated([a]))).toBe(false);
    expect(isConditionSatisfied(all, updated([a, b]))).toBe(true);
    expect(isConditionSatisfied(any, updated([b]))).toBe(true);
    expect(isConditionSatisfied(any, updated([]))).toBe(false);
    expect(conditionDatasets({ op: 'any', items: [{ dataset: a }, all] })).toEqual([a, b]);
  });
});
