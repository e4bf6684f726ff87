import { describe, expect, it } from 'vitest';
import { selectWithinCapacity } from './select-within-capacity';

const candidate = (id: string, dagPk = 'd1', pool = 'default_pool', poolSlots = 1) => ({ id, dagPk, pool, poolSlots });

describe('selectWithinCapacity', () => {
  it('stops at max_active_tasks counting what already runs', () => {
    const chosen = selectWithinCapacity({
      candidates: [candidate('a'), candidate('b'), candidate('c')],
      activeTasksByDag: new Map([['d1', 1]]),
      maxActiveTasksByDag: new Map([['d1', 2]]),
      usedSlotsByPool: new Map(),
      slotsByPool: new Map([['default_pool', 128]]),
    });
    expect(chosen).toEqual(['a']);
  });

  it('fills pool slots, letting a smaller instance through behind a larger one', () => {
    const chosen = selectWithinCapacity({
      candidates: [candidate('big', 'd1', 'p', 3), candidate('small', 'd2', 'p', 1)],
      activeTasksByDag: new Map(),
      maxActiveTasksByDag: new Map([['d1', 16], ['d2', 16]]),
      usedSlotsByPool: new Map([['p', 1]]),
      slotsByPool: new Map([['p', 3]]),
    });
    expect(chosen).toEqual(['small']);
  });

  it('never schedules into a pool that does not exist', () => {
    const chosen = selectWithinCapacity({
      candidates: [candidate('a', 'd1', 'missing')],
      activeTasksByDag: new Map(),
      maxActiveTasksByDag: new Map([['d1', 16]]),
      usedSlotsByPool: new Map(),
      slotsByPool: new Map(),
    });
    expect(chosen).toEqual([]);
  });
});
