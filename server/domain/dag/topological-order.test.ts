import { describe, expect, it } from 'vitest';
import { topologicalOrder, type TEdge } from './topological-order';

const edges = (...pairs: string[]): TEdge[] =>
  pairs.map((pair) => {
    const [upstream = '', downstream = ''] = pair.split('>');
    return { upstream, downstream };
  });

describe('topologicalOrder', () => {
  it.each([
    { name: 'no edges keeps spec order', ids: ['c', 'a', 'b'], edges: [], order: ['c', 'a', 'b'] },
    { name: 'a chain', ids: ['c', 'b', 'a'], edges: edges('a>b', 'b>c'), order: ['a', 'b', 'c'] },
    { name: 'a diamond, ties by appearance', ids: ['start', 'y', 'x', 'end'], edges: edges('start>x', 'start>y', 'x>end', 'y>end'), order: ['start', 'y', 'x', 'end'] },
    { name: 'a task freed later still yields to an earlier ready one', ids: ['a', 'b', 'c', 'd'], edges: edges('c>a'), order: ['b', 'c', 'a', 'd'] },
    { name: 'duplicate edges count once', ids: ['a', 'b'], edges: edges('a>b', 'a>b'), order: ['a', 'b'] },
    { name: 'edges to unknown tasks are ignored', ids: ['a', 'b'], edges: edges('a>zzz', 'zzz>b'), order: ['a', 'b'] },
  ])('$name', ({ ids, edges: given, order }) => {
    expect(topologicalOrder(ids, given)).toEqual({ ok: true, value: order });
  });

  it.each([
    { name: 'a self loop', ids: ['a', 'b'], edges: edges('a>a', 'a>b'), cycles: [['a', 'a']] },
    { name: 'a three-task loop', ids: ['start', 'a', 'b', 'c'], edges: edges('start>a', 'a>b', 'b>c', 'c>a'), cycles: [['a', 'b', 'c', 'a']] },
    { name: 'two separate loops', ids: ['a', 'b', 'c', 'd'], edges: edges('a>b', 'b>a', 'c>d', 'd>c'), cycles: [['a', 'b', 'a'], ['c', 'd', 'c']] },
  ])('reports $name', ({ ids, edges: given, cycles }) => {
    expect(topologicalOrder(ids, given)).toEqual({ ok: false, error: cycles });
  });
});
