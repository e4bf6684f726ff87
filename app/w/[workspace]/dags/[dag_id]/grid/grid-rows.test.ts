import { describe, expect, it } from 'vitest';
import { gridRows, type TRowTask } from './grid-rows';

const task = (task_id: string, group: string | null = null): TRowTask => ({ task_id, type: 'empty', group });
const shape = (rows: ReturnType<typeof gridRows>) =>
  rows.map((row) => (row.kind === 'group' ? `[${row.folded ? '+' : '-'}] ${row.group} (${row.tasks.length})` : `${row.inGroup ? '  ' : ''}${row.task.task_id}`));

describe('gridRows', () => {
  const tasks = [task('start'), task('extract.a', 'extract'), task('check'), task('extract.b', 'extract'), task('end')];

  it("puts a group's row where its first task stands, with all its tasks under it", () => {
    expect(shape(gridRows(tasks, new Set()))).toEqual(['start', '[-] extract (2)', '  extract.a', '  extract.b', 'check', 'end']);
  });

  it('hides the tasks of a folded group', () => {
    expect(shape(gridRows(tasks, new Set(['extract'])))).toEqual(['start', '[+] extract (2)', 'check', 'end']);
  });

  it('is the task list itself without groups', () => {
    expect(shape(gridRows([task('a'), task('b')], new Set(['a'])))).toEqual(['a', 'b']);
  });
});
