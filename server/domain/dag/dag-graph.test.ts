import { describe, expect, it } from 'vitest';
import { collectDagGraph } from './dag-graph';

const tasks = (...specs: Array<[string, unknown?]>) =>
  specs.map(([task_id, depends_on]) => (depends_on === undefined ? { task_id } : { task_id, depends_on }));

describe('collectDagGraph', () => {
  it.each([
    {
      name: 'depends_on and flow together, duplicates kept once in the order',
      spec: { tasks: tasks(['a'], ['b', 'a'], ['c']), flow: ['a >> b >> c'] },
      order: ['a', 'b', 'c'],
      edges: ['a>b', 'a>b', 'b>c'],
    },
    { name: 'no tasks', spec: {}, order: [], edges: [] },
    { name: 'tasks that are not mappings are skipped', spec: { tasks: [3, { task_id: 'a' }] }, order: ['a'], edges: [] },
  ])('$name', ({ spec, order, edges }) => {
    const graph = collectDagGraph(spec);
    expect(graph.problems).toEqual([]);
    expect(graph.order).toEqual(order);
    expect(graph.edges.map((edge) => `${edge.upstream}>${edge.downstream}`)).toEqual(edges);
  });

  it.each([
    {
      name: 'a duplicate id',
      spec: { tasks: tasks(['a'], ['a']) },
      problems: [{ path: ['tasks', 1, 'task_id'], message: "duplicate task_id 'a' (first defined at tasks[0])" }],
    },
    {
      name: 'an unknown upstream',
      spec: { tasks: tasks(['load'], ['b', ['lead']]) },
      problems: [{ path: ['tasks', 1, 'depends_on', 0], message: "unknown upstream task 'lead' (did you mean 'load'?)" }],
    },
    {
      name: 'an unknown task in flow',
      spec: { tasks: tasks(['a']), flow: 'a >> b' },
      problems: [{ path: ['flow'], offset: 5, message: "unknown task 'b' in flow" }],
    },
    {
      name: 'a flow syntax error',
      spec: { tasks: tasks(['a']), flow: ['a >>'] },
      problems: [{ path: ['flow', 0], offset: 4, message: `flow: expected a task id or '[' but found end of line at column 5: write flow lines like "a >> [b, c] >> d"` }],
    },
    {
      name: 'a cycle across depends_on and flow, at the edge closing it',
      spec: { tasks: tasks(['a', 'b'], ['b']), flow: ['a >> b'] },
      problems: [{ path: ['tasks', 0, 'depends_on'], message: 'cycle: a >> b >> a' }],
    },
  ])('reports $name', ({ spec, problems }) => {
    expect(collectDagGraph(spec).problems).toEqual(problems);
  });
});
