import { describe, expect, it } from 'vitest';
import { interleaveByWorkspace, selectWithinCapacity, type TCapacityCandidate } from './select-within-capacity';

const candidate = (id: string, dagPk = 'd1', pool = 'default_pool', poolSlots = 1, workspaceId = 'w1'): TCapacityCandidate => ({
  id,
  workspaceId,
  dagPk,
  pool,
  poolSlots,
});
/** A candidate of workspace `workspaceId` in its own DAG and pool (room everywhere but the quota). */
const inWorkspace = (id: string, workspaceId: string) => candidate(id, `dag-${workspaceId}`, `pool-${workspaceId}`, 1, workspaceId);

type TInput = Parameters<typeof selectWithinCapacity>[0];
const roomy = (overrides: Partial<TInput>): TInput => ({
  candidates: [],
  activeTasksByWorkspace: new Map(),
  maxRunningTasksByWorkspace: new Map([['w1', 32], ['wA', 32], ['wB', 32], ['wC', 32]]),
  activeTasksByDag: new Map(),
  maxActiveTasksByDag: new Map([['d1', 16], ['d2', 16], ['dag-wA', 5000], ['dag-wB', 5000], ['dag-wC', 5000]]),
  usedSlotsByPool: new Map(),
  slotsByPool: new Map([['default_pool', 128], ['pool-wA', 5000], ['pool-wB', 5000], ['pool-wC', 5000]]),
  ...overrides,
});
const ids = (input: TInput) => selectWithinCapacity(input).map((choice) => choice.id);

describe('selectWithinCapacity', () => {
  it('stops at max_active_tasks counting what already runs', () => {
    const chosen = ids(roomy({
      candidates: [candidate('a'), candidate('b'), candidate('c')],
      activeTasksByDag: new Map([['d1', 1]]),
      maxActiveTasksByDag: new Map([['d1', 2]]),
    }));
    expect(chosen).toEqual(['a']);
  });

  it('fills pool slots, letting a smaller instance through behind a larger one', () => {
    const chosen = ids(roomy({
      candidates: [candidate('big', 'd1', 'p', 3), candidate('small', 'd2', 'p', 1)],
      usedSlotsByPool: new Map([['p', 1]]),
      slotsByPool: new Map([['p', 3]]),
    }));
    expect(chosen).toEqual(['small']);
  });

  it('never schedules into a pool that does not exist', () => {
    expect(ids(roomy({ candidates: [candidate('a', 'd1', 'missing')], slotsByPool: new Map() }))).toEqual([]);
  });

  it.each([
    { case: 'an empty workspace fills its quota', active: 0, quota: 3, offered: 5, chosen: 3 },
    { case: 'what is queued or running counts against the quota', active: 2, quota: 3, offered: 5, chosen: 1 },
    { case: 'a full workspace gets nothing', active: 3, quota: 3, offered: 5, chosen: 0 },
    { case: 'a workspace over a lowered quota gets nothing', active: 9, quota: 3, offered: 5, chosen: 0 },
    { case: 'a workspace without a known quota gets nothing', active: 0, quota: undefined, offered: 2, chosen: 0 },
  ])('running-task quota: $case', ({ active, quota, offered, chosen }) => {
    const result = ids(roomy({
      candidates: Array.from({ length: offered }, (_, i) => inWorkspace(`a${i}`, 'wA')),
      activeTasksByWorkspace: new Map([['wA', active]]),
      maxRunningTasksByWorkspace: new Map(quota === undefined ? [] : [['wA', quota]]),
    }));
    expect(result).toHaveLength(chosen);
  });

  it("another workspace's task is chosen although the first has thousands waiting", () => {
    const backlog = Array.from({ length: 2000 }, (_, i) => inWorkspace(`a${i}`, 'wA'));
    const result = ids(roomy({
      candidates: [...backlog, inWorkspace('b0', 'wB')],
      activeTasksByWorkspace: new Map([['wA', 30]]),
    }));
    expect(result).toEqual(['b0', 'a0', 'a1']);
  });

  it('ranks each workspace by what it has in flight, so a quiet workspace outranks a busy one in the job queue', () => {
    const result = selectWithinCapacity(roomy({
      candidates: [inWorkspace('a0', 'wA'), inWorkspace('a1', 'wA'), inWorkspace('b0', 'wB'), inWorkspace('b1', 'wB')],
      activeTasksByWorkspace: new Map([['wA', 20]]),
    }));
    expect(result).toEqual([
      { id: 'b0', priority: 0 },
      { id: 'a0', priority: -20 },
      { id: 'b1', priority: -1 },
      { id: 'a1', priority: -21 },
    ]);
  });
});

describe('interleaveByWorkspace', () => {
  const order = (workspaces: string, active: Record<string, number> = {}) =>
    interleaveByWorkspace(
      [...workspaces].map((workspaceId, i) => ({ workspaceId, i })),
      new Map(Object.entries(active)),
    )
      .map((entry) => `${entry.workspaceId}${entry.i}`)
      .join(' ');

  it.each<{ case: string; given: string; active: Record<string, number>; expected: string }>([
    { case: 'one workspace keeps its order', given: 'AAA', active: {}, expected: 'A0 A1 A2' },
    { case: 'each workspace gets a turn before any gets a second', given: 'AAAB', active: {}, expected: 'A0 B3 A1 A2' },
    { case: 'three workspaces take turns', given: 'AAABBC', active: {}, expected: 'A0 B3 C5 A1 B4 A2' },
    { case: 'the workspace with less in flight goes first within a turn', given: 'AAB', active: { A: 5, B: 1 }, expected: 'B2 A0 A1' },
    { case: 'ties go by workspace id, whatever the input order', given: 'BA', active: {}, expected: 'A1 B0' },
  ])('$case', ({ given, active, expected }) => {
    expect(order(given, active)).toBe(expected);
  });
});
