import { describe, expect, it } from 'vitest';
import { idPrefix, taskGroups, type TGroupedTask } from './task-groups';

const tasks = (...specs: [string, string | null][]): TGroupedTask[] => specs.map(([task_id, group]) => ({ task_id, group }));

describe('idPrefix', () => {
  it.each([
    ['extract.orders', 'extract'],
    ['extract__orders', 'extract'],
    ['a.b__c', 'a'],
    ['a__b.c', 'a'],
    ['plain_task', null],
    ['a_b', null],
    ['.hidden', null],
    ['__dunder', null],
  ])('%s → %s', (taskId, expected) => {
    expect(idPrefix(taskId)).toBe(expected);
  });
});

describe('taskGroups', () => {
  it("takes the spec's group first", () => {
    expect([...taskGroups(tasks(['a', 'loaders'], ['b', 'loaders'], ['c', null]))]).toEqual([['a', 'loaders'], ['b', 'loaders'], ['c', null]]);
  });

  it('groups tasks by a prefix at least two of them share', () => {
    const groups = taskGroups(tasks(['start', null], ['extract.orders', null], ['extract__users', null], ['load.final', null]));
    expect([...groups]).toEqual([['start', null], ['extract.orders', 'extract'], ['extract__users', 'extract'], ['load.final', null]]);
  });

  it('does not count a task with its own group towards a prefix', () => {
    const groups = taskGroups(tasks(['extract.orders', 'sources'], ['extract.users', null]));
    expect([...groups]).toEqual([['extract.orders', 'sources'], ['extract.users', null]]);
  });

  it('is empty for no tasks', () => {
    expect(taskGroups([]).size).toBe(0);
  });
});
