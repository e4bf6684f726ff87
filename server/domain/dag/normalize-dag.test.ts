import { describe, expect, it } from 'vitest';
import { ZDagSpecSchema } from './dag-spec';
import { normalizeDag } from './normalize-dag';

const dagOf = (spec: Record<string, unknown>, edges: Array<[string, string]>, order: string[]) =>
  normalizeDag(
    ZDagSpecSchema.parse({ dag_id: 'd', ...spec }),
    edges.map(([upstream, downstream]) => ({ upstream, downstream })),
    order,
  );

describe('normalizeDag', () => {
  it.each([
    { name: 'the task’s own owner', task: { owner: 't' }, defaults: { owner: 'd' }, dag: { owner: 'g' }, owner: 't' },
    { name: 'default_args.owner', task: {}, defaults: { owner: 'd' }, dag: { owner: 'g' }, owner: 'd' },
    { name: 'the DAG’s owner', task: {}, defaults: {}, dag: { owner: 'g' }, owner: 'g' },
    { name: 'nobody', task: {}, defaults: {}, dag: {}, owner: null },
  ])('takes the owner from $name', ({ task, defaults, dag, owner }) => {
    const normalized = dagOf({ ...dag, default_args: defaults, tasks: [{ task_id: 'a', type: 'empty', ...task }] }, [], ['a']);
    expect(normalized.tasks[0]?.owner).toBe(owner);
  });

  it('lists tasks in the given order, neighbours in spec order, and roots and leaves', () => {
    const tasks = ['a', 'b', 'c', 'd'].map((task_id) => ({ task_id, type: 'empty' }));
    const dag = dagOf({ tasks }, [['c', 'd'], ['a', 'd'], ['b', 'c']], ['a', 'b', 'c', 'd']);
    expect(dag.tasks.map((task) => [task.task_id, task.upstream, task.downstream])).toEqual([
      ['a', [], ['d']],
      ['b', [], ['c']],
      ['c', ['b'], ['d']],
      ['d', ['a', 'c'], []],
    ]);
    expect([dag.root_task_ids, dag.leaf_task_ids]).toEqual([['a', 'b'], ['d']]);
  });

  it('resolves dates in the DAG’s time zone', () => {
    const dag = dagOf({ timezone: 'Asia/Kolkata', start_date: '2024-01-01', tasks: [{ task_id: 'a', type: 'empty' }] }, [], ['a']);
    expect(dag.start_date?.toISOString()).toBe('2023-12-31T18:30:00.000Z');
  });
});
