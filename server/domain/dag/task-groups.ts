/**
 * Task groups of the grid: rows that fold into one. A task's spec `group` names its group;
 * without one, the part of its id before the first "." or "__" groups it with the other tasks
 * whose ids start the same way (Airflow's task-group ids read `group.task`; "__" is the usual
 * spelling where dots are not allowed), but only when at least two tasks share that prefix, so a
 * lone `load.final` is not a group of one.
 */

export type TGroupedTask = { task_id: string; group: string | null };

/** The id's prefix before its first "." or "__", or null when it has none (or it is empty). */
export function idPrefix(taskId: string): string | null {
  const cuts = [taskId.indexOf('.'), taskId.indexOf('__')].filter((at) => at > 0);
  return cuts.length === 0 ? null : taskId.slice(0, Math.min(...cuts));
}

/** Each task's group, in the order given: its own `group`, else a shared id prefix, else null. */
export function taskGroups(tasks: readonly TGroupedTask[]): Map<string, string | null> {
  const sharing = new Map<string, number>();
  for (const task of tasks) {
    const prefix = task.group === null ? idPrefix(task.task_id) : null;
    if (prefix !== null) sharing.set(prefix, (sharing.get(prefix) ?? 0) + 1);
  }
  return new Map(
    tasks.map((task) => {
      if (task.group !== null) return [task.task_id, task.group];
      const prefix = idPrefix(task.task_id);
      return [task.task_id, prefix !== null && (sharing.get(prefix) ?? 0) >= 2 ? prefix : null];
    }),
  );
}
