import { didYouMean } from './did-you-mean';
import { parseFlow } from './flow';
import type { TPath, TRawProblem } from './source-locator';
import { isRecord } from './strict-object';
import { topologicalOrder, type TEdge } from './topological-order';

/** An edge and where it was written, so a cycle can point at the line that closes it. */
export type TWrittenEdge = TEdge & { path: TPath; offset?: number };

export type TDagGraph = {
  /** Task ids in spec order, first occurrence of each. */
  taskIds: string[];
  edges: TWrittenEdge[];
  /** Null when the tasks form a cycle. */
  order: string[] | null;
  problems: TRawProblem[];
};

/** `string` or `string[]` as written, with the path of each item. */
function listAt(value: unknown, path: TPath): Array<{ value: unknown; path: TPath }> {
  if (Array.isArray(value)) return value.map((item, i) => ({ value: item, path: [...path, i] }));
  return value === undefined || value === null ? [] : [{ value, path }];
}

function collectTaskIds(tasks: readonly unknown[], problems: TRawProblem[]): string[] {
  const firstIndex = new Map<string, number>();
  tasks.forEach((task, i) => {
    if (!isRecord(task) || typeof task.task_id !== 'string') return;
    const first = firstIndex.get(task.task_id);
    if (first === undefined) firstIndex.set(task.task_id, i);
    else problems.push({ path: ['tasks', i, 'task_id'], message: `duplicate task_id '${task.task_id}' (first defined at tasks[${first}])` });
  });
  return [...firstIndex.keys()];
}

function collectDependsOn(tasks: readonly unknown[], known: ReadonlySet<string>, problems: TRawProblem[]): TWrittenEdge[] {
  const ids = [...known];
  return tasks.flatMap((task, i) => {
    if (!isRecord(task) || typeof task.task_id !== 'string') return [];
    const downstream = task.task_id;
    return listAt(task.depends_on, ['tasks', i, 'depends_on']).flatMap(({ value, path }) => {
      if (typeof value !== 'string') return [];
      if (known.has(value)) return [{ upstream: value, downstream, path }];
      problems.push({ path, message: `unknown upstream task '${value}'${didYouMean(value, ids)}` });
      return [];
    });
  });
}

function collectFlow(flow: unknown, known: ReadonlySet<string>, problems: TRawProblem[]): TWrittenEdge[] {
  const ids = [...known];
  return listAt(flow, ['flow']).flatMap(({ value, path }) => {
    if (typeof value !== 'string') return [];
    const parsed = parseFlow(value);
    if (!parsed.ok) {
      problems.push({ path, offset: parsed.error.offset, message: `flow: ${parsed.error.message}` });
      return [];
    }
    const unknown = parsed.value.mentions.filter((mention) => !known.has(mention.task_id));
    for (const { task_id, offset } of unknown) {
      problems.push({ path, offset, message: `unknown task '${task_id}' in flow${didYouMean(task_id, ids)}` });
    }
    return parsed.value.edges
      .filter((edge) => known.has(edge.upstream) && known.has(edge.downstream))
      .map((edge) => ({ upstream: edge.upstream, downstream: edge.downstream, path, offset: edge.offset }));
  });
}

/**
 * The task graph as written (per-task `depends_on` and DAG-level `flow` together), read from
 * the raw document so its problems are found even when other fields fail validation.
 */
export function collectDagGraph(spec: Readonly<Record<string, unknown>>): TDagGraph {
  const problems: TRawProblem[] = [];
  const tasks = Array.isArray(spec.tasks) ? spec.tasks : [];
  const taskIds = collectTaskIds(tasks, problems);
  const known = new Set(taskIds);
  const edges = [...collectDependsOn(tasks, known, problems), ...collectFlow(spec.flow, known, problems)];
  const sorted = topologicalOrder(taskIds, edges);
  if (!sorted.ok) {
    for (const cycle of sorted.error) {
      const [closingFrom, closingTo] = cycle.slice(-2);
      const closing = edges.find((edge) => edge.upstream === closingFrom && edge.downstream === closingTo);
      problems.push({ path: closing?.path ?? ['tasks'], offset: closing?.offset, message: `cycle: ${cycle.join(' >> ')}` });
    }
  }
  return { taskIds, edges, order: sorted.ok ? sorted.value : null, problems };
}
