import { describe, expect, it } from 'vitest';
import { parseFlow } from './flow';

const pairs = (line: string) => {
  const parsed = parseFlow(line);
  return parsed.ok ? parsed.value.edges.map((edge) => `${edge.upstream}>${edge.downstream}`) : parsed.error;
};

describe('parseFlow', () => {
  it.each([
    ['a >> b', ['a>b']],
    ['a>>b>>c', ['a>b', 'b>c']],
    ['start >> [t1, t2] >> end', ['start>t1', 'start>t2', 't1>end', 't2>end']],
    ['a << b', ['b>a']],
    ['a >> b << c', ['a>b', 'c>b']],
    ['[a, b] >> [c, d]', ['a>c', 'a>d', 'b>c', 'b>d']],
    ['[a, b,] >> c', ['a>c', 'b>c']],
    ['load.v2 >> check-rows', ['load.v2>check-rows']],
    ['lonely', []],
  ])('%s', (line, expected) => {
    expect(pairs(line)).toEqual(expected);
  });

  it('records where each edge and task id was written', () => {
    expect(parseFlow('a >> [b, c]')).toEqual({
      ok: true,
      value: {
        edges: [
          { upstream: 'a', downstream: 'b', offset: 2 },
          { upstream: 'a', downstream: 'c', offset: 2 },
        ],
        mentions: [
          { task_id: 'a', offset: 0 },
          { task_id: 'b', offset: 6 },
          { task_id: 'c', offset: 9 },
        ],
      },
    });
  });

  it.each([
    ['', 0, 'empty flow line at column 1'],
    ['   ', 0, 'empty flow line at column 1'],
    ['a >>', 4, "expected a task id or '[' but found end of line at column 5"],
    ['a >> >> b', 5, "expected a task id or '[' but found '>>' at column 6"],
    ['a b', 2, "expected '>>' or '<<' but found 'b' at column 3"],
    ['a > b', 2, "unexpected '>' at column 3"],
    ['a >> [b c]', 8, "expected ',' or ']' but found 'c' at column 9"],
    ['a >> []', 6, "expected a task id in the list but found ']' at column 7"],
    ['a >> [b, c', 10, "expected ',' or ']' but found end of line at column 11"],
    ['a -> b', 3, "unexpected '>' at column 4"],
  ])('refuses %j at offset %d', (line, offset, message) => {
    expect(parseFlow(line)).toEqual({
      ok: false,
      error: { offset, message: `${message}: write flow lines like "a >> [b, c] >> d"` },
    });
  });
});
