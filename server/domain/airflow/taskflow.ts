import type { TPyFunction, TPyValue, TTaskflowTask } from './airflow-description';
import { carriedReport, sourceText, withImports } from './airflow-values';
import type { TOperatorConfig } from './operator-configs';

const PYTHON_KINDS = new Set(['@task', '@task.python']);

/**
 * A `@task` function's call as a python task. Literal arguments become op_args/op_kwargs. When
 * an argument is another task's return value (Airflow passes it through XCom), the callable is
 * wrapped: an outer function of the same name takes `ti`, pulls each upstream's output with
 * `ti.xcom_pull(task_ids=...)` (indexed when the call indexed it) and calls the original with
 * the call's arguments as written. That is the whole of TaskFlow's value passing, expressed
 * with what every python task has, so the spec stays readable and runs as written.
 */
export function taskflowConfig(task: TTaskflowTask, functions: Record<string, TPyFunction>, taskIdOf: (key: string) => string | undefined): TOperatorConfig {
  if (!PYTHON_KINDS.has(task.operator)) {
    const suggestion = task.operator === '@task.bash' ? 'a bash task with the command the function returns' : 'a python task (type: python) with the function as python_callable';
    return { unconverted: `${task.operator} is not converted`, suggestion };
  }
  const fn = functions[task.function];
  if (!fn) return { unconverted: `the source of ${task.function} was not found`, suggestion: 'a python task with the function as python_callable' };
  const args: { name?: string; value: TPyValue }[] = [...task.call_args.map((value) => ({ value })), ...Object.entries(task.call_kwargs).map(([name, value]) => ({ name, value }))];
  const unreadable = args.find(({ value }) => !('task' in value) && !('lit' in value));
  if (unreadable) {
    return { unconverted: `argument ${sourceText(unreadable.value)} is neither a literal nor another task's output`, suggestion: 'compute the value inside the function, or pass it as a literal' };
  }
  if (!args.some(({ value }) => 'task' in value)) {
    const opArgs = task.call_args.map((value) => ('lit' in value ? value.lit : null));
    const opKwargs = Object.fromEntries(Object.entries(task.call_kwargs).map(([name, value]) => [name, 'lit' in value ? value.lit : null]));
    return { type: 'python', config: { python_callable: withImports(fn), ...(opArgs.length > 0 ? { op_args: opArgs } : {}), ...(Object.keys(opKwargs).length > 0 ? { op_kwargs: opKwargs } : {}) }, handled: [], ...carriedReport(fn) };
  }
  const rendered: string[] = [];
  for (const { name, value } of args) {
    const expression = argumentExpression(value, taskIdOf);
    if (expression === null) return { unconverted: `argument ${sourceText(value)} comes from a task that was not converted`, suggestion: 'convert the upstream task first' };
    rendered.push(name === undefined ? expression : `${name}=${expression}`);
  }
  const body = fn.source.trimEnd().split('\n').map((line) => (line === '' ? '' : `    ${line}`)).join('\n');
  const wrapper = `def ${task.function}(ti):\n${body}\n    return ${task.function}(${rendered.join(', ')})\n`;
  const carried = carriedReport(fn);
  return { type: 'python', config: { python_callable: withImports(fn, wrapper) }, handled: [], notes: ['arguments from upstream tasks are read with ti.xcom_pull in a wrapper around the function', ...carried.notes], left: carried.left };
}

function argumentExpression(value: TPyValue, taskIdOf: (key: string) => string | undefined): string | null {
  if (!('task' in value)) return sourceText(value);
  const taskId = taskIdOf(value.task);
  if (taskId === undefined) return null;
  const pull = `ti.xcom_pull(task_ids=${JSON.stringify(taskId)})`;
  return value.index === undefined ? pull : `${pull}[${JSON.stringify(value.index)}]`;
}
