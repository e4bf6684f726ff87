import { LineCounter, parseDocument } from 'yaml';
import { createSourceLocator, type TPath, type TSpecProblem } from '../dag/source-locator';
import { isRecord } from '../dag/strict-object';
import type { TLineageWarning } from './task-lineage';

/** Where in a task each kind of warning points: the declaration it questions, or the outputs it misses. */
const FIELD: Record<TLineageWarning['kind'], string> = {
  input_not_read: 'inputs',
  output_not_written: 'outputs',
  output_not_declared: 'outputs',
};

/** The index of each task in the source's `tasks` list, by task_id. */
function taskIndexes(raw: unknown): Map<string, number> {
  const tasks = isRecord(raw) && Array.isArray(raw.tasks) ? (raw.tasks as unknown[]) : [];
  return new Map(tasks.flatMap((task, index) => (isRecord(task) && typeof task.task_id === 'string' ? [[task.task_id, index] as const] : [])));
}

/**
 * Lineage warnings placed in the spec's source like its problems, so the editor and the CLI
 * point at the line: `tasks[2].outputs` for a declared output the SQL never writes. A path that
 * is not written (a task with no `outputs`) points at the task. The source is one a deploy just
 * parsed, so it is well-formed.
 */
export function lineageWarningProblems(source: string, warnings: readonly TLineageWarning[]): TSpecProblem[] {
  if (warnings.length === 0) return [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, merge: true, prettyErrors: false });
  const indexes = taskIndexes(doc.toJS());
  const locate = createSourceLocator(doc, lineCounter, source);
  return warnings.map((warning) => {
    const index = indexes.get(warning.task_id);
    const path: TPath = index === undefined ? ['tasks'] : ['tasks', index, FIELD[warning.kind]];
    return locate({ path, message: warning.message });
  });
}
