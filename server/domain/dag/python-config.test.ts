import { describe, expect, it } from 'vitest';
import { parseDagSpec } from './parse-dag-spec';
import { ZPythonConfigSchema } from './task-configs';

function issuesOf(config: unknown): Array<[string, string]> {
  const result = ZPythonConfigSchema.safeParse(config);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

describe('python task config', () => {
  it('takes a callable with op_args, op_kwargs and conn_ids, or a script', () => {
    const callable = { python_callable: 'import os\n\ndef hello(ds):\n    print(ds)\n', op_args: [1], op_kwargs: { a: 'b' }, conn_ids: ['warehouse'] };
    expect(ZPythonConfigSchema.parse(callable)).toEqual(callable);
    expect(ZPythonConfigSchema.parse({ code: 'print("hi")' })).toEqual({ code: 'print("hi")' });
    expect(issuesOf({ python_callable: 'async def fetch():\n    return 1\n' })).toEqual([]);
  });

  it('names the field of each problem', () => {
    expect(issuesOf({})).toEqual([['', 'a python task needs python_callable (the source of a function) or code (a script)']]);
    expect(issuesOf({ python_callable: 'def f():\n  pass', code: 'x = 1' })).toEqual([['code', 'give either python_callable (a function) or code (a script), not both']]);
    expect(issuesOf({ python_callable: 'print("no function")' })).toEqual([['python_callable', 'python_callable must define a function: a top-level `def name(...):`']]);
    expect(issuesOf({ code: 'x = 1', op_args: [1] })).toEqual([['op_args', 'op_args needs python_callable (a script given as code takes no arguments)']]);
    expect(issuesOf({ python_callable: 'def f():\n  pass', op_kwargs: [1] })).toEqual([['op_kwargs', 'op_kwargs must be a mapping']]);
    expect(issuesOf({ python_callable: 'def f():\n  pass', conn_ids: 'warehouse' })).toEqual([['conn_ids', 'conn_ids must be a list of connection ids']]);
  });

  it('is a task type of DAG specs, whose unknown fields are reported', () => {
    const spec = (extra: string) => `dag_id: hello\ntasks:\n  - task_id: hello\n    type: python\n    python_callable: |\n      def hello():\n          print("hello!")\n${extra}`;
    const parsed = parseDagSpec(spec(''));
    expect(parsed.ok && parsed.value.tasks[0]?.config).toEqual({ python_callable: 'def hello():\n    print("hello!")\n' });
    const unknown = parseDagSpec(spec('    provide_context: true\n'));
    expect(unknown.ok ? [] : unknown.error.map((problem) => problem.message)).toEqual([expect.stringContaining('provide_context')]);
  });
});
