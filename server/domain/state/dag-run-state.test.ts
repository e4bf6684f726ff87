import { describe, expect, it } from 'vitest';
import { deriveDagRunState, type TDagRunTask } from './dag-run-state';
import type { TTaskInstanceState } from './task-instance-state';

const task = (taskId: string, state: TTaskInstanceState, isLeaf = false): TDagRunTask => ({ taskId, state, isLeaf });

describe('deriveDagRunState', () => {
  it.each([
    [
      'an unfinished task keeps the run running, even with a failed leaf',
      [task('extract', 'running'), task('load', 'failed', true)],
      'running',
      '1 of 2 tasks not finished yet (extract)',
    ],
    [
      'up_for_retry counts as unfinished',
      [task('extract', 'up_for_retry'), task('load', 'none', true)],
      'running',
      '2 of 2 tasks not finished yet (extract, load)',
    ],
    [
      'a failed leaf fails the run',
      [task('extract', 'success'), task('load', 'failed', true), task('report', 'success', true)],
      'failed',
      'Leaf task load failed or was upstream_failed',
    ],
    [
      'an upstream_failed leaf fails the run',
      [task('extract', 'failed'), task('load', 'upstream_failed', true)],
      'failed',
      'Leaf task load failed or was upstream_failed',
    ],
    [
      'a failed inner task with a succeeding all_done leaf is a success, as in Airflow',
      [task('extract', 'failed'), task('cleanup', 'success', true)],
      'success',
      'All 1 leaf task succeeded or was skipped',
    ],
    [
      'skipped leaves count as success',
      [task('branch', 'success'), task('a', 'skipped', true), task('b', 'success', true)],
      'success',
      'All 2 leaf tasks succeeded or were skipped',
    ],
    [
      'removed tasks are ignored, even unfinished-looking ones',
      [task('old', 'removed', true), task('load', 'success', true)],
      'success',
      'All 1 leaf task succeeded or was skipped',
    ],
    ['a run with no tasks is a success', [task('old', 'removed', true)], 'success', 'The run has no tasks'],
    [
      'many failed leaves are listed briefly',
      ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => task(id, 'failed', true)),
      'failed',
      'Leaf tasks a, b, c, d, e and 1 more failed or were upstream_failed',
    ],
  ] as const)('%s', (_, tasks, state, reason) => {
    expect(deriveDagRunState({ tasks })).toEqual({ state, reason });
  });
});
