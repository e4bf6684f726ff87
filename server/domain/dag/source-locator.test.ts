import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { createSourceLocator, formatPath, type TRawProblem } from './source-locator';

describe('formatPath', () => {
  it.each<[PropertyKey[], string]>([
    [[], ''],
    [['schedule'], 'schedule'],
    [['tasks', 2, 'depends_on', 0], 'tasks[2].depends_on[0]'],
    [['params', 'my-param'], 'params["my-param"]'],
    [['tasks', 0, 'env', 'PATH'], 'tasks[0].env.PATH'],
  ])('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('createSourceLocator', () => {
  const source = ['dag_id: demo', 'tasks:', '  - task_id: a', '    env:', "      NAME: 'a >> b'", '    empty:', 'flow: ["x >> y"]', ''].join('\n');
  const lineCounter = new LineCounter();
  const locate = createSourceLocator(parseDocument(source, { lineCounter }), lineCounter, source);

  it.each<[string, TRawProblem, number, number]>([
    ['a value', { path: ['dag_id'], message: '' }, 1, 9],
    ['a key', { path: ['dag_id'], atKey: true, message: '' }, 1, 1],
    ['a list item', { path: ['tasks', 0], message: '' }, 3, 5],
    ['a nested value', { path: ['tasks', 0, 'env', 'NAME'], message: '' }, 5, 13],
    ['inside a quoted string', { path: ['tasks', 0, 'env', 'NAME'], offset: 5, message: '' }, 5, 19],
    ['inside a JSON-style string', { path: ['flow', 0], offset: 5, message: '' }, 7, 14],
    ['a key without a value', { path: ['tasks', 0, 'empty'], message: '' }, 6, 5],
    ['a missing field, at its parent', { path: ['tasks', 0, 'sql'], message: '' }, 3, 5],
    ['a missing item, at its list', { path: ['tasks', 5, 'sql'], message: '' }, 3, 3],
    ['another place than the path', { path: ['start_date'], at: ['dag_id'], message: '' }, 1, 9],
  ])('points at %s', (_name, problem, line, column) => {
    expect(locate(problem)).toEqual({ path: formatPath(problem.path), line, column, message: '' });
  });
});
