import { describe, expect, it } from 'vitest';
import { suggestClearVersion } from './clear-version';

const BASE = { pinnedVersion: 3, latestVersion: 5, pinnedTaskIds: ['extract', 'load'], latestTaskIds: ['extract', 'load'], clearedTaskIds: ['load'] };

describe('suggestClearVersion', () => {
  it.each([
    ['the latest, when it differs and has every cleared task', {}, { suggested: 'latest', missingInLatest: [], addedInLatest: [] }],
    ['the pinned one, when it is the latest', { latestVersion: 3 }, { suggested: 'pinned', missingInLatest: [], addedInLatest: [] }],
    [
      'the pinned one, naming the cleared tasks the latest dropped',
      { latestTaskIds: ['extract'], clearedTaskIds: ['load', 'extract', 'load'] },
      { suggested: 'pinned', missingInLatest: ['load'], addedInLatest: [] },
    ],
    [
      'the latest, naming the tasks it added',
      { latestTaskIds: ['publish', 'extract', 'load', 'audit'] },
      { suggested: 'latest', missingInLatest: [], addedInLatest: ['audit', 'publish'] },
    ],
    ['the latest, when nothing is cleared', { clearedTaskIds: [] }, { suggested: 'latest', missingInLatest: [], addedInLatest: [] }],
  ])('suggests %s', (_name, change, expected) => {
    expect(suggestClearVersion({ ...BASE, ...change })).toEqual(expected);
  });
});
