import { stringify } from 'yaml';
import { parseDagSpec, type TSpecProblem } from '../dag/parse-dag-spec';
import { isTaskflowTask, ZAirflowReadSchema, type TAirflowReadFile, type TAirflowTask, type TAirflowFile, type TImportReportEntry } from './airflow-description';
import { isString, literal, isUnmapped } from './airflow-values';
import { convertDagArgs } from './convert-dag-args';
import { convertCommonTaskArgs } from './convert-task-args';
import { report, type TImportContext } from './import-context';
import { operatorConfig, type TOperatorConfig } from './operator-configs';
import { taskflowConfig } from './taskflow';

export type TConvertedDag = { dagId: string; line: number; spec: Record<string, unknown>; yaml: string; problems: TSpecProblem[] };
export type TFileConversion = { file: string; dags: TConvertedDag[]; report: TImportReportEntry[]; failed: boolean };

const NOTE_SUGGESTIONS: Record<string, string> = {
  loop: 'write the tasks out one by one, or one python task that does the loop\'s work',
  mapping: 'one python task that loops over the inputs',
};

/** Converts what read_dags.py printed (validated here) into specs and a report per file. */
export function convertAirflowRead(raw: unknown): TFileConversion[] {
  return ZAirflowReadSchema.parse(raw).files.map(convertAirflowFile);
}

export function convertAirflowFile(file: TAirflowFile): TFileConversion {
  const ctx: TImportContext = { file: file.path, report: [] };
  if ('error' in file) {
    report(ctx, { line: file.error.line, status: 'not_converted', subject: 'file', message: `Python syntax error: ${file.error.message}${file.error.column ? ` (column ${file.error.column})` : ''}` });
    return { file: file.path, dags: [], report: ctx.report, failed: true };
  }
  for (const note of file.notes) {
    report(ctx, { line: note.line, status: 'not_converted', subject: note.what, message: note.message, ...(NOTE_SUGGESTIONS[note.what] ? { suggestion: NOTE_SUGGESTIONS[note.what] } : {}) });
  }
  const taskIds = assignTaskIds(ctx, file.tasks);
  for (const task of file.tasks.filter((t) => t.dag === null)) {
    report(ctx, { line: task.line, status: 'not_converted', subject: `${task.operator} ${taskIds.get(task.key) ?? ''}`.trim(), message: 'not attached to a DAG (no dag= and outside a `with DAG` block or @dag function)', suggestion: 'pass dag=<the DAG> or create it inside the DAG\'s block' });
  }
  const dags: TConvertedDag[] = [];
  for (const dag of file.dags) {
    const { dagId, fields } = convertDagArgs(ctx, dag);
    if (dagId === null) continue;
    const tasks = file.tasks.filter((task) => task.dag === dag.index && taskIds.has(task.key));
    if (tasks.length === 0) {
      report(ctx, { line: dag.line, status: 'not_converted', subject: `DAG ${dagId}`, message: 'no task could be read: no spec written' });
      continue;
    }
    const specTasks = tasks.map((task) => convertTask(ctx, file, task, taskIds));
    const spec = { ...fields, tasks: specTasks };
    const yaml = `# Converted from ${file.path} (line ${dag.line}) by \`tributary import airflow\`: read its report.\n${stringify(spec, { lineWidth: 0 })}`;
    const parsed = parseDagSpec(yaml);
    const problems = parsed.ok ? [] : parsed.error;
    for (const problem of problems) report(ctx, { line: dag.line, status: 'not_converted', subject: `DAG ${dagId}`, message: `the spec does not validate: ${problem.path ? `${problem.path}: ` : ''}${problem.message}` });
    report(ctx, { line: dag.line, status: 'converted', subject: `DAG ${dagId}`, message: `spec ${dagId}.yaml with ${specTasks.length} task${specTasks.length === 1 ? '' : 's'}` });
    dags.push({ dagId, line: dag.line, spec, yaml, problems });
  }
  const failed = ctx.report.some((entry) => entry.status === 'not_converted') || dags.some((dag) => dag.problems.length > 0);
  return { file: file.path, dags, report: ctx.report.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), failed };
}

/**
 * Task ids as Airflow gives them: the literal task_id, or for a @task call the decorator's
 * task_id or the function's name, a repeated call getting `name__1`, `name__2`... A dynamic id
 * (an f-string in a loop) cannot be known without running the file.
 */
function assignTaskIds(ctx: TImportContext, tasks: TAirflowTask[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Map<string, number>();
  for (const task of tasks) {
    const written = isTaskflowTask(task) ? (task.decorator.task_id ?? { lit: task.function }) : task.kwargs.task_id;
    const id = written ? literal(written) : null;
    if (id === null || isUnmapped(id) || !isString(id.value)) {
      report(ctx, { line: task.line, status: 'not_converted', subject: task.operator, message: `task_id ${id === null ? 'missing' : 'is not a literal string'}: the task is left out`, suggestion: 'give the task a literal task_id' });
      continue;
    }
    const scope = `${task.dag}:${id.value}`;
    const count = used.get(scope) ?? 0;
    used.set(scope, count + 1);
    if (count > 0 && !isTaskflowTask(task)) {
      report(ctx, { line: task.line, status: 'not_converted', subject: `${task.operator} ${id.value}`, message: 'a second task with this task_id (Airflow refuses it): left out' });
      continue;
    }
    ids.set(task.key, count > 0 ? `${id.value}__${count}` : id.value);
  }
  return ids;
}

function convertTask(ctx: TImportContext, file: TAirflowReadFile, task: TAirflowTask, taskIds: Map<string, string>): Record<string, unknown> {
  const taskId = taskIds.get(task.key)!;
  const subject = `${task.operator} ${taskId}`;
  const result: TOperatorConfig = isTaskflowTask(task) ? taskflowConfig(task, file.functions, (key) => taskIds.get(key)) : operatorConfig(task, file.functions);
  const dependsOn = [...new Set(file.edges.filter((edge) => edge.to === task.key && taskIds.has(edge.from)).map((edge) => taskIds.get(edge.from)!))];
  const tail = dependsOn.length > 0 ? { depends_on: dependsOn } : {};
  if ('unconverted' in result) {
    report(ctx, { line: task.line, status: 'not_converted', subject, message: `${result.unconverted}; the spec holds a bash task that fails in its place, so the graph stays whole`, suggestion: result.suggestion });
    return { task_id: taskId, type: 'bash', operator: operatorName(task), bash_command: placeholderCommand(task.operator, ctx.file, task.line), doc_md: `Not converted from Airflow (${ctx.file}:${task.line}):\n\n\`\`\`python\n${task.text}\n\`\`\`\n`, ...tail };
  }
  const common: Record<string, unknown> = {};
  const kwargs = isTaskflowTask(task) ? task.decorator : task.kwargs;
  const handled = convertCommonTaskArgs(ctx, common, kwargs, subject, task.line);
  for (const name of Object.keys(kwargs).filter((n) => !handled.has(n) && !result.handled.includes(n))) {
    report(ctx, { line: task.line, status: 'not_converted', subject: `${subject}: ${name}`, message: `the argument ${name} has no equivalent on a ${result.type} task` });
  }
  for (const note of result.notes ?? []) report(ctx, { line: task.line, status: 'note', subject, message: note });
  for (const part of result.left ?? []) report(ctx, { line: part.line, status: 'not_converted', subject: `${subject}: ${part.subject}`, message: part.message, suggestion: part.suggestion });
  report(ctx, { line: task.line, status: 'converted', subject, message: `${result.type} task ${taskId}` });
  return { task_id: taskId, type: result.type, operator: operatorName(task), ...result.config, ...common, ...tail };
}

/** The class Airflow's REST API names as the task's operator: a @task function runs as _PythonDecoratedOperator. */
function operatorName(task: TAirflowTask): string {
  if (!isTaskflowTask(task)) return task.operator;
  return task.operator === '@task' || task.operator === '@task.python' ? '_PythonDecoratedOperator' : task.operator;
}

/** A command that fails naming what it stands for: a run never passes silently over a task that was not converted. */
function placeholderCommand(operator: string, file: string, line: number): string {
  const where = `${file}:${line}`.replace(/[^\w./:-]/g, '_');
  return `echo 'Not converted from Airflow: ${operator} at ${where}; rewrite this task (see the import report)' >&2; exit 1`;
}
