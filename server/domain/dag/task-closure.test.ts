import { describe, expect, it } from 'vitest';
import { parseDagSpec } from './parse-dag-spec';
import { taskClosure } from './task-closure';

// extract >> [clean, audit]; clean >> load >> report; side is unrelated.
const parsed = parseDagSpec(`
dag_id: closure
tasks:
  - { task_id: extract, type: empty }
  - { task_id: clean, type: empty }
  - { task_id: audit, type: empty }
  - { task_id: load, type: empty }
  - { task_id: report, type: empty }
  - { task_id: side, type: empty }
flow:
  - extract >> [clean, audit]
  - clean >> load >> report
`);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
const spec = parsed.value;

describe('taskClosure', () => {
  it.each([
    ['only the tasks', ['load'], false, false, ['load']],
    ['with downstream', ['clean'], false, true, ['clean', 'load', 'report']],
    ['with upstream', ['load'], true, false, ['clean', 'extract', 'load']],
    ['both, without the downstream of an upstream', ['load'], true, true, ['clean', 'extract', 'load', 'report']],
    ['unknown ids are left out', ['nope', 'side'], true, true, ['side']],
  ])('%s', (_name, ids, upstream, downstream, expected) => {
    expect([...taskClosure(spec, ids, { upstream, downstream })].sort()).toEqual(expected);
  });
});
