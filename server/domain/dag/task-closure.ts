import type { TDag } from './parse-dag-spec';

/**
 * The given tasks plus, on request, everything upstream and/or downstream of them in the
 * version's graph (Airflow's partial_subset: each direction is walked from the given tasks
 * only, so the downstream of an upstream is not included). Unknown ids are left out.
 */
export function taskClosure(spec: TDag, taskIds: readonly string[], include: { upstream: boolean; downstream: boolean }): Set<string> {
  const byId = new Map(spec.tasks.map((task) => [task.task_id, task]));
  const seeds = taskIds.filter((id) => byId.has(id));
  const result = new Set(seeds);
  const walk = (direction: 'upstream' | 'downstream') => {
    const stack = [...seeds];
    const seen = new Set(seeds);
    while (stack.length > 0) {
      for (const next of byId.get(stack.pop()!)?.[direction] ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        result.add(next);
        stack.push(next);
      }
    }
  };
  if (include.upstream) walk('upstream');
  if (include.downstream) walk('downstream');
  return result;
}
