/*
 * The grid's rows: task rows, and for each task group a row that folds its tasks into one
 * (server/domain/dag/task-groups.ts says which group a task is in). Pure, so the order is tested
 * without a browser.
 */

export type TRowTask = { task_id: string; type: string; group: string | null };

export type TGridRow<T extends TRowTask> =
  | { kind: 'group'; group: string; tasks: T[]; folded: boolean }
  | { kind: 'task'; task: T; inGroup: boolean };

/**
 * A group's row stands where its first task would (tasks come in topological order), followed by
 * all its tasks unless it is folded; tasks outside any group keep their place.
 */
export function gridRows<T extends TRowTask>(tasks: readonly T[], folded: ReadonlySet<string>): TGridRow<T>[] {
  const members = new Map<string, T[]>();
  for (const task of tasks) {
    if (task.group !== null) members.set(task.group, [...(members.get(task.group) ?? []), task]);
  }
  const rows: TGridRow<T>[] = [];
  for (const task of tasks) {
    if (task.group === null) {
      rows.push({ kind: 'task', task, inGroup: false });
      continue;
    }
    const group = members.get(task.group);
    // The group's first task places the whole group; its later tasks are already listed.
    if (group?.[0] !== task) continue;
    const isFolded = folded.has(task.group);
    rows.push({ kind: 'group', group: task.group, tasks: group, folded: isFolded });
    if (!isFolded) rows.push(...group.map((member) => ({ kind: 'task' as const, task: member, inGroup: true })));
  }
  return rows;
}
