export type TCapacityCandidate = { id: string; dagPk: string; pool: string; poolSlots: number };

/**
 * Picks, in the given priority order, the scheduled instances that fit: each DAG below its
 * max_active_tasks and each pool below its slots, counting what is already queued or running.
 * An instance that does not fit is skipped, and a smaller one behind it may still fit (as
 * Airflow's executor does with pools).
 */
export function selectWithinCapacity(input: {
  candidates: readonly TCapacityCandidate[];
  activeTasksByDag: ReadonlyMap<string, number>;
  maxActiveTasksByDag: ReadonlyMap<string, number>;
  usedSlotsByPool: ReadonlyMap<string, number>;
  slotsByPool: ReadonlyMap<string, number>;
}): string[] {
  const activeTasks = new Map(input.activeTasksByDag);
  const usedSlots = new Map(input.usedSlotsByPool);
  const chosen: string[] = [];
  for (const candidate of input.candidates) {
    const active = activeTasks.get(candidate.dagPk) ?? 0;
    const maxActive = input.maxActiveTasksByDag.get(candidate.dagPk) ?? 0;
    const used = usedSlots.get(candidate.pool) ?? 0;
    const slots = input.slotsByPool.get(candidate.pool) ?? 0;
    if (active >= maxActive || used + candidate.poolSlots > slots) continue;
    activeTasks.set(candidate.dagPk, active + 1);
    usedSlots.set(candidate.pool, used + candidate.poolSlots);
    chosen.push(candidate.id);
  }
  return chosen;
}
